"""A new passphrase typed at the terminal is asked again in the run's language (click's own
confirmation said "Repeat for confirmation:" in English), and a mismatch asks from the
start instead of keeping either entry."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli import db_passphrase
from inspector.cli.main import cli

pytestmark = pytest.mark.sqlite_only("a new encrypted database is a SQLite file")


def test_a_new_database_passphrase_is_confirmed_in_japanese(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db_passphrase, "interactive", lambda: True)
    db = tmp_path / "laptop.db"
    typed = "一回目\n違う入力\n正しい 合言葉\n正しい 合言葉\n"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo", "--encrypt"], input=typed)
    assert result.exit_code == 0, result.output + result.stderr
    said = result.output + result.stderr
    assert "Repeat for confirmation" not in said
    assert "確認のため、もう一度入力してください" in said
    assert "2 回の入力が一致しません" in said
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(db).execute("SELECT * FROM sqlite_master").fetchall()
    opened = CliRunner().invoke(
        cli,
        ["--db", str(db), "orgs", "list", "--json"],
        env={"INSPECTOR_DB_PASSPHRASE": "正しい 合言葉"},
    )
    assert opened.exit_code == 0, opened.stderr
    assert json.loads(opened.stdout)

"""The configured 職名 belongs to the configured inspector: a notice issued under another
inspector's name (a visit of 総務 次郎 while the settings name 監査 太郎) prints no title
beside that name, and the command says why; the configured inspector's own notice keeps it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from tests.excel.test_plans_excel import db, demo_source
from tests.reports.test_docs8c_issued import text_of

__all__ = ["db", "demo_source"]

TITLE = "情報セキュリティ監査責任者"


def _visit_of(db: Path, inspector: str) -> int:
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT id FROM inspection_session WHERE kind = 'inspection' AND inspector_name = ?"
            " ORDER BY id LIMIT 1",
            (inspector,),
        ).fetchone()
    assert row is not None, inspector
    return int(row[0])


def _notice(db: Path, tmp_path: Path, session: int) -> tuple[str, str]:
    config = tmp_path / "config.toml"
    config.write_text(
        f'inspector_name = "監査 太郎"\ntitle = "{TITLE}"\nmunicipality = "みどり市"\n',
        encoding="utf-8",
    )
    out = tmp_path / f"n{session}.pdf"
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(db),
            "report",
            "notice",
            "--session",
            str(session),
            "--unsigned",
            "-o",
            str(out),
        ],
        env={"INSPECTOR_CONFIG": str(config)},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    return text_of(out), result.stderr


@pytest.mark.parametrize("inspector", ["総務 次郎"])
def test_another_inspectors_notice_gets_no_configured_title(
    db: Path, tmp_path: Path, inspector: str
) -> None:
    text, stderr = _notice(db, tmp_path, _visit_of(db, inspector))
    assert "総務次郎" in text
    assert TITLE not in text
    assert f"「{TITLE}」は 監査 太郎 さんの職名" in stderr and "総務 次郎" in stderr


def test_the_configured_inspectors_notice_keeps_the_title(db: Path, tmp_path: Path) -> None:
    text, stderr = _notice(db, tmp_path, _visit_of(db, "監査 太郎"))
    assert f"{TITLE}監査太郎" in text
    assert "職名" not in stderr


def test_a_signed_followup_dated_after_today_is_refused(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.pdf"
    args = ["--db", str(db), "report", "followup", "--date", "2099-04-01", "-o", str(out)]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert "令和81年4月1日" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    draft = CliRunner().invoke(cli, [*args, "--unsigned"], catch_exceptions=False)
    assert draft.exit_code == 0, draft.stderr
    assert out.exists()

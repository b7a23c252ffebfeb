"""A new database passphrase with a control character is refused (it could never be typed
at the prompt again), and the operating system's file errors are said in the run's language
instead of the C library's English."""

from __future__ import annotations

import errno
import hashlib
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.i18n import Message, Translator, os_error, render

pytestmark = pytest.mark.sqlite_only("new encrypted SQLite files")


def run(*args: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def test_demo_refuses_a_new_passphrase_with_a_control_character(tmp_path: Path) -> None:
    passfile = tmp_path / "pass.txt"
    passfile.write_bytes(b"abc\x01def\n")
    db = tmp_path / "new.db"
    result = run("--db-passphrase-file", str(passfile), "demo", "--db", str(db), "--encrypt")
    assert result.exit_code == 1
    assert "制御文字（U+0001）" in result.stderr and "Traceback" not in result.output
    assert not db.exists()


def test_db_encrypt_refuses_it_and_leaves_the_file_as_it_was(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    assert run("--db", str(db), "demo").exit_code == 0
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    result = run(
        "--lang", "en", "--db", str(db), "db", "encrypt",
        env={"INSPECTOR_DB_PASSPHRASE": "x\x1by"},
    )  # fmt: skip
    assert result.exit_code == 1
    assert "control character (U+001B)" in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before


def test_db_copy_refuses_it_for_the_copy(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    assert run("--db", str(db), "demo").exit_code == 0
    passfile = tmp_path / "pass.txt"
    passfile.write_bytes(b"tab\there\n")
    target = tmp_path / "copy.db"
    result = run(
        "--db", str(db), "db", "copy", "--to", f"sqlite:///{target}",
        "--to-passphrase-file", str(passfile),
    )  # fmt: skip
    assert result.exit_code == 1 and "U+0009" in result.stderr
    assert not target.exists()


def test_an_existing_database_still_opens_with_its_passphrase(tmp_path: Path) -> None:
    """Only a new database is checked: one locked earlier with such a passphrase opens."""
    db = tmp_path / "old.db"
    assert run("--db", str(db), "demo").exit_code == 0
    good = {"INSPECTOR_DB_PASSPHRASE": "good pass 1"}
    assert run("--db", str(db), "db", "encrypt", env=good).exit_code == 0
    listed = run("--db", str(db), "orgs", "list", env=good)
    assert listed.exit_code == 0


def test_a_missing_file_is_said_in_japanese(tmp_path: Path) -> None:
    result = run("verify", str(tmp_path / "nothere.pdf"))
    assert result.exit_code != 0
    assert "ファイルまたはフォルダがありません" in result.stderr
    assert "No such file" not in result.stderr
    csv = run("--db", str(tmp_path / "x.db"), "import-csv", str(tmp_path / "nothere.csv"))
    assert csv.exit_code != 0 and "ファイルまたはフォルダがありません" in csv.stderr


@pytest.mark.parametrize(
    ("code", "ja", "en"),
    [
        (errno.ENOSPC, "ディスクの空き容量が足りません", "Not enough disk space"),
        (errno.EACCES, "アクセスが許可されていません", "Permission denied"),
        (errno.ENAMETOOLONG, "ファイル名が長すぎます", "File name too long"),
    ],
)
def test_common_errors_in_both_languages(code: int, ja: str, en: str) -> None:
    said = os_error(OSError(code, "system words"))
    assert isinstance(said, Message)
    assert render(said, Translator("ja")) == ja and render(said, Translator("en")) == en


def test_an_uncommon_error_keeps_the_system_words() -> None:
    assert os_error(OSError(errno.ENOTSOCK, "Socket operation on non-socket")) == (
        "Socket operation on non-socket"
    )
    assert os_error(OSError("no errno at all")) == "no errno at all"


def test_an_old_database_passphrase_with_a_tab_still_opens_at_the_prompt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Only a new passphrase is checked: one that locked a database before the check is
    still taken when typed at the prompt."""
    from inspector.cli import db_passphrase
    from inspector.store.encrypt import encrypt_database

    db = tmp_path / "old.db"
    assert run("--db", str(db), "demo").exit_code == 0
    encrypt_database(db, "tab\there")
    monkeypatch.setattr(db_passphrase, "interactive", lambda: True)
    monkeypatch.delenv("INSPECTOR_DB_PASSPHRASE", raising=False)
    result = CliRunner().invoke(
        cli, ["--db", str(db), "orgs", "list"], input="tab\there\n", catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert "制御文字" not in result.stderr

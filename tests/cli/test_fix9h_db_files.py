"""What `--db` opens: a file that is not a database is said to be so and left as it was,
modes are never changed through a link (hunt9 M1, M2); passphrase files that others can
read are warned of, and spaces kept in a wrong passphrase are hinted (L2)."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspector.cli.main import cli

pytestmark = pytest.mark.sqlite_only("database files and passphrase files")

SECRET = "fix9h secret passphrase"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize("command", [("db", "info"), ("sessions", "list"), ("orgs", "list")])
def test_a_text_file_is_not_a_database_and_keeps_its_mode(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    text = tmp_path / "notes.txt"
    text.write_text("hello\n", encoding="utf-8")
    text.chmod(0o644)
    result = run("--db", str(text), *command)
    assert result.exit_code == 1 and "Traceback" not in result.stderr
    assert f"データベース {text} を開けません: SQLite のデータベースファイルではありません" in (
        result.stderr
    )
    assert "暗号化" not in result.stderr
    assert _mode(text) == 0o644 and text.read_text(encoding="utf-8") == "hello\n"


def test_a_text_file_with_a_passphrase_is_not_a_wrong_passphrase(tmp_path: Path) -> None:
    text = tmp_path / "notdb.db"
    text.write_text("hello\n", encoding="utf-8")
    result = run("--db", str(text), "db", "info", env={"INSPECTOR_DB_PASSPHRASE": SECRET})
    assert result.exit_code == 1 and "パスフレーズが違います" not in result.stderr
    assert "SQLite のデータベースファイルではありません" in result.stderr


def test_a_link_to_a_file_is_not_narrowed_through(tmp_path: Path) -> None:
    target = tmp_path / "hostname"
    target.write_text("host\n", encoding="utf-8")
    target.chmod(0o644)
    link = tmp_path / "link.db"
    link.symlink_to(target)
    result = run("--db", str(link), "sessions", "list")
    assert result.exit_code == 1
    assert _mode(target) == 0o644


def test_narrowing_never_follows_a_link(tmp_path: Path) -> None:
    """A companion name (`x.db-wal`) that is a link to another file of the user's: the
    file it points to keeps its mode."""
    from inspector.store.private_files import prepare_database_file

    other = tmp_path / "other.txt"
    other.write_text("mine\n", encoding="utf-8")
    other.chmod(0o644)
    (tmp_path / "x.db-wal").symlink_to(other)
    prepare_database_file(tmp_path / "x.db")
    assert _mode(other) == 0o644 and _mode(tmp_path / "x.db") == 0o600


def test_an_own_database_that_others_can_read_is_still_narrowed(tmp_path: Path) -> None:
    from inspector.store.database import open_database

    real = tmp_path / "real.db"
    open_database(f"sqlite:///{real}").dispose()
    real.chmod(0o644)
    assert run("--db", str(real), "orgs", "list").exit_code == 0
    assert _mode(real) == 0o600


def test_a_passphrase_file_others_can_read_is_warned_of(tmp_path: Path) -> None:
    db = tmp_path / "enc.db"
    assert run("--db", str(db), "demo", env={"INSPECTOR_DB_PASSPHRASE": SECRET}).exit_code == 0
    passfile = tmp_path / "pass.txt"
    passfile.write_text(SECRET + "\n", encoding="utf-8")
    passfile.chmod(0o644)
    result = run("--db", str(db), "--db-passphrase-file", str(passfile), "orgs", "list")
    assert result.exit_code == 0
    assert f"パスフレーズのファイル {passfile} は他の利用者も読めます（0644）" in result.stderr
    assert SECRET not in result.stderr
    passfile.chmod(0o600)
    quiet = run("--db", str(db), "--db-passphrase-file", str(passfile), "orgs", "list")
    assert quiet.exit_code == 0 and "他の利用者" not in quiet.stderr


def test_a_key_passphrase_file_others_can_read_is_warned_of(tmp_path: Path) -> None:
    passfile = tmp_path / "root.txt"
    passfile.write_text("root passphrase here\n", encoding="utf-8")
    passfile.chmod(0o604)
    env = {"INSPECTOR_KEYS_DIR": str(tmp_path / "keys")}
    result = run("--lang", "en", "keys", "init-office", "--passphrase-file", str(passfile), env=env)
    assert f"the passphrase file {passfile} can be read by others (0604)" in result.stderr


def test_a_wrong_passphrase_with_a_trailing_space_is_hinted(tmp_path: Path) -> None:
    db = tmp_path / "enc.db"
    assert run("--db", str(db), "demo", env={"INSPECTOR_DB_PASSPHRASE": SECRET}).exit_code == 0
    spaced = run("--db", str(db), "orgs", "list", env={"INSPECTOR_DB_PASSPHRASE": SECRET + "  "})
    assert spaced.exit_code == 1 and "パスフレーズが違います" in spaced.stderr
    assert "末尾に空白があります" in spaced.stderr
    plain_wrong = run("--db", str(db), "orgs", "list", env={"INSPECTOR_DB_PASSPHRASE": "nope"})
    assert plain_wrong.exit_code == 1 and "空白" not in plain_wrong.stderr

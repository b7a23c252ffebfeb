"""Another program's SQLite database is refused by every command before any migration or
chmod, and `demo --force` never deletes it (hunt10 H1); a link named by --db is never
narrowed through, nor a file not known to be a database (L2); a refused import on a new
--db path leaves no file behind (M4); a folder given to `demo --force` is refused (L1)."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspector.cli.main import cli

pytestmark = pytest.mark.sqlite_only("database files given to --db")


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _foreign(path: Path) -> str:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE moz_places(url TEXT)")
    connection.execute("INSERT INTO moz_places VALUES ('https://example.jp/')")
    connection.commit()
    connection.close()
    os.chmod(path, 0o644)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(
    "command",
    [
        ("db", "info"),
        ("sessions", "list"),
        ("orgs", "list"),
        ("demo", "--force"),
        ("demo",),
    ],
)
def test_another_programs_database_is_refused_and_untouched(
    tmp_path: Path, command: tuple[str, ...]
) -> None:
    db = tmp_path / "places.sqlite"
    before = _foreign(db)
    result = run("--db", str(db), *command)
    assert result.exit_code == 1, result.output
    assert "inspector のデータベースではありません" in result.stderr
    assert "moz_places" in result.stderr and "Traceback" not in result.output
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    assert _mode(db) == 0o644
    tables = sqlite3.connect(db).execute("SELECT name FROM sqlite_master").fetchall()
    assert tables == [("moz_places",)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


def test_in_english_too(tmp_path: Path) -> None:
    db = tmp_path / "other.db"
    _foreign(db)
    result = run("--lang", "en", "--db", str(db), "db", "info")
    assert result.exit_code == 1 and "is not an inspector database" in result.stderr


def test_an_empty_file_still_becomes_a_database(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    db.touch()
    result = run("--db", str(db), "demo")
    assert result.exit_code == 0, result.output
    assert run("--db", str(db), "orgs", "list").exit_code == 0


@pytest.mark.parametrize("command", [("db", "info"), ("orgs", "list"), ("people", "list")])
def test_no_chmod_through_a_link(tmp_path: Path, command: tuple[str, ...]) -> None:
    target = tmp_path / "real.db"
    assert run("demo", "--db", str(target)).exit_code == 0
    os.chmod(target, 0o644)
    link = tmp_path / "link.db"
    link.symlink_to(target)
    result = run("--db", str(link), *command)
    assert result.exit_code == 0, result.output
    assert _mode(target) == 0o644


def test_a_file_not_known_to_be_a_database_keeps_its_mode(tmp_path: Path) -> None:
    noise = tmp_path / "noise.db"
    noise.write_bytes(os.urandom(4096))
    os.chmod(noise, 0o644)
    result = run("--db", str(noise), "db", "info")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert _mode(noise) == 0o644


@pytest.mark.parametrize(
    ("command", "header"),
    [
        (("people", "import"), "code,name\n900,課\n"),
        (("import-csv",), "code,name\n900,課\n"),
        (("orgs", "import"), "nonsense\n1\n"),
    ],
)
def test_a_refused_import_leaves_no_new_database(
    tmp_path: Path, command: tuple[str, ...], header: str
) -> None:
    source = tmp_path / "in.csv"
    source.write_text(header, encoding="utf-8")
    db = tmp_path / "typo.db"
    result = run("--db", str(db), *command, str(source))
    assert result.exit_code != 0, result.output
    assert "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv"]


def test_an_import_that_succeeds_keeps_its_new_database(tmp_path: Path) -> None:
    source = tmp_path / "o.csv"
    source.write_text("code,name\n900,本物の課\n", encoding="utf-8")
    db = tmp_path / "new.db"
    assert run("--db", str(db), "orgs", "import", str(source)).exit_code == 0
    assert "本物の課" in run("--db", str(db), "orgs", "list").stdout


def test_demo_force_on_a_folder_is_a_clear_refusal(tmp_path: Path) -> None:
    folder = tmp_path / "dirdb"
    folder.mkdir()
    result = run("--db", str(folder), "demo", "--force")
    assert result.exit_code == 1
    assert "フォルダーです" in result.stderr and "Traceback" not in result.output
    assert list(folder.iterdir()) == []


def test_the_interface_does_not_start_on_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspector.tui.app as tui_app

    started: list[object] = []
    monkeypatch.setattr(tui_app, "run_app", lambda *args, **kwargs: started.append(args))
    db = tmp_path / "places.sqlite"
    before = _foreign(db)
    result = run("--db", str(db))
    assert result.exit_code == 1 and started == []
    assert "inspector のデータベースではありません" in result.stderr
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before and _mode(db) == 0o644

"""The laptop database encrypted at rest with SQLCipher (issue 11 point 7): unreadable
without its passphrase, every row kept by `db encrypt`, clear messages."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from inspector.cli.main import cli
from inspector.output_files import OutputError
from inspector.store.database import open_database
from inspector.store.encrypt import AlreadyEncrypted, encrypt_database
from inspector.store.encryption import connect
from inspector.store.errors import (
    DatabaseError,
    NotEncrypted,
    PassphraseNeeded,
    WrongPassphrase,
)
from inspector.store.repository import OrganizationInput, Repository

pytestmark = pytest.mark.sqlite_only(
    "SQLCipher encrypts a SQLite file; a server database is protected by the server"
)


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the command line's English messages (`--lang en`)."""
    monkeypatch.setenv("INSPECTOR_LANG", "en")


SECRET = "it's 100% ひみつ"  # a quote and a percent sign: quoted, never in a URL


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "demo.db"
    result = CliRunner().invoke(cli, ["--db", str(db), "demo"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return db


def dump(connection: Any) -> list[object]:
    """Every schema entry and every row of every table, in order (sqlcipher3 has no
    iterdump, so both sides are dumped by this)."""
    schema = connection.execute(
        "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()
    rows: list[object] = list(schema)
    for kind, name, _sql in schema:
        if kind == "table" and not name.startswith("sqlite_"):
            rows.append(name)
            rows += connection.execute(f'SELECT * FROM "{name}" ORDER BY rowid').fetchall()
    return rows


def plain_dump(path: Path) -> list[object]:
    connection = sqlite3.connect(path)
    try:
        return dump(connection)
    finally:
        connection.close()


def encrypted_dump(path: Path, passphrase: str) -> list[object]:
    connection = connect(path, passphrase)
    try:
        return dump(connection)
    finally:
        connection.close()


def test_a_new_encrypted_database_is_unreadable_without_its_passphrase(tmp_path: Path) -> None:
    db = tmp_path / "laptop.db"
    engine = open_database(f"sqlite:///{db}", passphrase=SECRET)
    Repository(engine).upsert_organizations([OrganizationInput("110", "市民課")])
    engine.dispose()
    assert b"SQLite format 3" not in db.read_bytes()
    assert "市民課".encode() not in db.read_bytes()
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(db).execute("SELECT * FROM sqlite_master").fetchall()
    with pytest.raises(WrongPassphrase, match=f"wrong passphrase for the encrypted database {db}"):
        open_database(f"sqlite:///{db}", passphrase="it's 100% ひみつ!")
    with pytest.raises(PassphraseNeeded, match="is encrypted and no passphrase was given"):
        open_database(f"sqlite:///{db}")
    engine = open_database(f"sqlite:///{db}", passphrase=SECRET)
    assert [o.name for o in Repository(engine).organizations()] == ["市民課"]
    engine.dispose()


def test_a_plain_database_opened_with_a_passphrase_says_so(tmp_path: Path) -> None:
    db = tmp_path / "plain.db"
    open_database(f"sqlite:///{db}").dispose()
    with pytest.raises(NotEncrypted, match="is not encrypted, but a database passphrase"):
        open_database(f"sqlite:///{db}", passphrase=SECRET)


def test_db_encrypt_keeps_every_row_and_leaves_nothing_plain(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "inspector.db"
    shutil.copyfile(demo_db, db)
    before = plain_dump(db)
    done = encrypt_database(db, SECRET)
    assert done.target == db and sum(done.rows.values()) > 1000
    assert encrypted_dump(db, SECRET) == before
    assert [p.name for p in tmp_path.iterdir()] == ["inspector.db"]  # no -wal, -shm, copy
    assert db.stat().st_mode & 0o077 == 0
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        plain_dump(db)
    engine = open_database(f"sqlite:///{db}", passphrase=SECRET)  # migrations run on it
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM organization")).scalar() == 15
    engine.dispose()
    with pytest.raises(AlreadyEncrypted, match="already encrypted"):
        encrypt_database(db, SECRET)


def test_db_encrypt_removes_what_a_killed_run_left(demo_db: Path, tmp_path: Path) -> None:
    """A `db encrypt` killed before its clean-up leaves `.NAME.XXXX.tmp` and its journal;
    the next run of the same database removes them (and nothing else)."""
    db = tmp_path / "inspector.db"
    shutil.copyfile(demo_db, db)
    stale = tmp_path / ".inspector.db.k1ll3d.tmp"
    for each in (stale, tmp_path / ".inspector.db.k1ll3d.tmp-journal"):
        each.write_bytes(b"encrypted pages of a killed run")
    other = tmp_path / ".other.db.k1ll3d.tmp"
    other.write_bytes(b"another database's")
    encrypt_database(db, SECRET)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".other.db.k1ll3d.tmp", "inspector.db"]


def test_db_encrypt_refuses_a_database_in_use(demo_db: Path, tmp_path: Path) -> None:
    """Another program (the interface) has the database open: nothing is changed. (Another
    process: SQLite's file locks do not keep a process from itself.)"""
    db = tmp_path / "inspector.db"
    shutil.copyfile(demo_db, db)
    open_database(f"sqlite:///{db}").dispose()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
            "c.execute('SELECT count(*) FROM organization').fetchall(); "
            "print('ready', flush=True); sys.stdin.readline()",
            str(db),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "ready"
        before = plain_dump(db)
        with pytest.raises(DatabaseError, match="in use by another program"):
            encrypt_database(db, SECRET)
    finally:
        holder.communicate("\n")
    assert plain_dump(db) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["inspector.db"]


def test_db_encrypt_to_another_file_leaves_the_database(demo_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "inspector.db"
    shutil.copyfile(demo_db, db)
    copy = tmp_path / "copy.enc"
    copy.write_text("keep me", encoding="utf-8")
    with pytest.raises(OutputError, match="exists"):
        encrypt_database(db, SECRET, output=copy)
    assert copy.read_text(encoding="utf-8") == "keep me"
    encrypt_database(db, SECRET, output=copy, force=True)
    assert encrypted_dump(copy, SECRET) == plain_dump(db)


def test_no_stderr_noise_on_a_wrong_passphrase(tmp_path: Path) -> None:
    """SQLCipher logs 'hmac check failed' to stderr by default: it would break the screen."""
    db = tmp_path / "laptop.db"
    open_database(f"sqlite:///{db}", passphrase=SECRET).dispose()
    code = (
        "import sys; from inspector.store.database import open_database\n"
        "try: open_database(sys.argv[1], passphrase='nope')\n"
        "except Exception as exc: print(type(exc).__name__)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, f"sqlite:///{db}"], capture_output=True, text=True
    )
    assert result.stdout.strip() == "WrongPassphrase" and result.stderr == ""

"""`db copy` of an encrypted database reveals nothing by default (hunt4 H2): the SQLite copy
is a SQLCipher file with the same passphrase (or the one given for the copy), holds the same
rows, and a plain copy is written only with `--plaintext`, which says what it does."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import select

from inspector.cli.main import cli
from inspector.store.bulk import app_tables
from inspector.store.database import create_db_engine, open_database
from inspector.store.encrypt import encrypt_database
from inspector.store.encryption import SQLITE_MAGIC
from inspector.store.errors import PassphraseNeeded, WrongPassphrase

pytestmark = pytest.mark.sqlite_only("SQLCipher encrypts a SQLite file")

SECRET = "パス ワード"
OTHER = "stick passphrase 2"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--lang", "en", *args], env=env, catch_exceptions=False)


@pytest.fixture(scope="module")
def encrypted_source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("enc") / "enc.db"
    assert run("--db", str(db), "demo").exit_code == 0
    encrypt_database(db, SECRET)
    return db


@pytest.fixture
def source(encrypted_source: Path, tmp_path: Path) -> Path:
    db = tmp_path / "enc.db"
    shutil.copyfile(encrypted_source, db)
    (tmp_path / "pp.txt").write_text(SECRET + "\n", encoding="utf-8")
    return db


def contents(path: Path, passphrase: str | None) -> dict[str, list[Any]]:
    engine = create_db_engine(f"sqlite:///{path}", passphrase=passphrase)
    try:
        with engine.connect() as connection:
            return {
                table.name: list(connection.execute(select(table).order_by(table.c.id)).all())
                for table in app_tables()
            }
    finally:
        engine.dispose()


def head(path: Path) -> bytes:
    return path.read_bytes()[: len(SQLITE_MAGIC)]


def test_the_copy_of_an_encrypted_database_is_encrypted_with_its_passphrase(
    source: Path, tmp_path: Path
) -> None:
    target = tmp_path / "stick" / "copy.db"
    target.parent.mkdir()
    pp = tmp_path / "pp.txt"
    result = run(
        "--db", str(source), "--db-passphrase-file", str(pp),
        "db", "copy", "--to", f"sqlite:///{target}", "--json",
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    report = json.loads(result.stdout)
    assert report["encrypted"] is True and report["protection"] == "encrypted"
    assert "is encrypted (SQLCipher)" in result.stderr
    assert head(target) != SQLITE_MAGIC
    assert "総務" not in target.read_bytes().decode("utf-8", "replace")
    with pytest.raises(PassphraseNeeded):
        open_database(f"sqlite:///{target}")
    assert contents(target, SECRET) == contents(source, SECRET)


def test_a_plain_copy_only_with_plaintext_and_it_says_so(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "plain.db"
    env = {"INSPECTOR_DB_PASSPHRASE": SECRET}
    result = run(
        "--db", str(source), "db", "copy", "--to", f"sqlite:///{target}", "--plaintext", env=env
    )
    assert result.exit_code == 0, result.output + result.stderr
    assert "NOT encrypted (--plaintext)" in result.stderr
    assert head(target) == SQLITE_MAGIC
    assert contents(target, None) == contents(source, SECRET)


def test_a_copy_with_its_own_passphrase_opens_only_with_it(source: Path, tmp_path: Path) -> None:
    target = tmp_path / "own.db"
    other = tmp_path / "other.txt"
    other.write_bytes(b"\xef\xbb\xbf" + OTHER.encode() + b"\r\n")  # Notepad's BOM and CRLF
    env = {"INSPECTOR_DB_PASSPHRASE": SECRET}
    result = run(
        "--db", str(source), "db", "copy", "--to", f"sqlite:///{target}",
        "--to-passphrase-file", str(other), env=env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    assert head(target) != SQLITE_MAGIC
    with pytest.raises(WrongPassphrase):
        open_database(f"sqlite:///{target}", passphrase=SECRET)
    assert contents(target, OTHER) == contents(source, SECRET)


def test_a_plain_database_copies_plain_unless_a_passphrase_is_given(
    encrypted_source: Path, tmp_path: Path
) -> None:
    plain = tmp_path / "plain.db"
    assert run("--db", str(plain), "demo").exit_code == 0
    same = tmp_path / "same.db"
    result = run("--db", str(plain), "db", "copy", "--to", f"sqlite:///{same}")
    assert result.exit_code == 0, result.output + result.stderr
    assert head(same) == SQLITE_MAGIC
    assert "encrypted" not in result.stderr  # nothing to say: it was plain
    pp = tmp_path / "pp.txt"
    pp.write_text(OTHER, encoding="utf-8")
    locked = tmp_path / "locked.db"
    result = run(
        "--db", str(plain), "db", "copy", "--to", f"sqlite:///{locked}",
        "--to-passphrase-file", str(pp),
    )  # fmt: skip
    assert result.exit_code == 0, result.output + result.stderr
    assert head(locked) != SQLITE_MAGIC
    assert contents(locked, OTHER) == contents(plain, None)

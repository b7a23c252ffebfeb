"""The command line on an encrypted database: the passphrase from INSPECTOR_DB_PASSPHRASE
or --db-passphrase-file, `db encrypt`, `db info` (issue 11 point 7)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli

pytestmark = pytest.mark.sqlite_only("db encrypt works on SQLite files")

SECRET = "correct horse 電池"


def run(*args: str, env: dict[str, str] | None = None, stdin: str | None = None):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(
        cli, ["--lang", "en", *args], env=env, input=stdin, catch_exceptions=False
    )


def test_encrypt_then_every_way_of_giving_the_passphrase(tmp_path: Path) -> None:
    db = str(tmp_path / "laptop.db")
    assert run("--db", db, "demo").exit_code == 0
    orgs = json.loads(run("--db", db, "orgs", "list", "--json").stdout)

    result = run("--db", db, "db", "encrypt", env={"INSPECTOR_DB_PASSPHRASE": SECRET})
    assert result.exit_code == 0, result.stderr
    assert "encrypted:" in result.stdout and "checked" in result.stdout
    assert SECRET not in result.output + result.stderr
    with pytest.raises(sqlite3.DatabaseError, match="file is not a database"):
        sqlite3.connect(db).execute("SELECT * FROM sqlite_master").fetchall()

    by_env = run("--db", db, "orgs", "list", "--json", env={"INSPECTOR_DB_PASSPHRASE": SECRET})
    assert by_env.exit_code == 0 and json.loads(by_env.stdout) == orgs
    passfile = tmp_path / "db-pass.txt"
    passfile.write_text(SECRET + "\n", encoding="utf-8")
    by_file = run("--db", db, "--db-passphrase-file", str(passfile), "orgs", "list", "--json")
    assert by_file.exit_code == 0 and json.loads(by_file.stdout) == orgs

    info = run("--db", db, "--db-passphrase-file", str(passfile), "db", "info", "--json")
    shown = json.loads(info.stdout)
    assert shown["encrypted"] is True and shown["mode"] == "0600"
    assert SECRET not in info.stdout
    text_info = run("--db", db, "db", "info", env={"INSPECTOR_DB_PASSPHRASE": SECRET}).stdout
    assert "encrypted: yes" in text_info and SECRET not in text_info

    missing = run("--db", db, "orgs", "list")
    assert missing.exit_code == 1
    assert "is encrypted and no passphrase was given" in missing.stderr
    assert "INSPECTOR_DB_PASSPHRASE" in missing.stderr and "--db-passphrase-file" in missing.stderr

    wrong = run("--db", db, "orgs", "list", env={"INSPECTOR_DB_PASSPHRASE": "nope"})
    assert wrong.exit_code == 1 and "wrong passphrase for the encrypted database" in wrong.stderr
    assert "file is not a database" not in wrong.stderr and "Traceback" not in wrong.stderr


def test_demo_encrypt_makes_an_encrypted_laptop_database(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = run("--db", str(db), "demo", "--encrypt", env={"INSPECTOR_DB_PASSPHRASE": SECRET})
    assert result.exit_code == 0, result.stderr
    assert not db.read_bytes().startswith(b"SQLite format 3")
    info = run("--db", str(db), "db", "info", env={"INSPECTOR_DB_PASSPHRASE": SECRET})
    assert "encrypted: yes" in info.stdout and "revision: " in info.stdout


def test_demo_encrypt_without_a_passphrase_off_a_terminal_says_how(tmp_path: Path) -> None:
    db = tmp_path / "new.db"
    result = run("--db", str(db), "demo", "--encrypt")
    assert result.exit_code == 1
    assert "INSPECTOR_DB_PASSPHRASE" in result.stderr and not db.exists()


def test_a_plain_database_with_a_passphrase_says_it_is_not_encrypted(tmp_path: Path) -> None:
    db = str(tmp_path / "plain.db")
    from inspector.store.database import open_database

    open_database(f"sqlite:///{db}").dispose()
    result = run("--db", db, "orgs", "list", env={"INSPECTOR_DB_PASSPHRASE": SECRET})
    assert result.exit_code == 1
    assert "is not encrypted, but a database passphrase was given" in result.stderr
    interface = run("--db", db, env={"INSPECTOR_DB_PASSPHRASE": SECRET})  # before it starts
    assert interface.exit_code == 1 and "is not encrypted" in interface.stderr

"""Passphrase files and Unicode forms (hunt4 M4): a byte-order mark (Notepad) is no part of
a passphrase, a new database is keyed with the NFC form, and a database is opened with the
NFC form or else the text exactly as given, so that one made before (with a decomposed
passphrase, as macOS may type it) still opens. Real SQLCipher files, real key files."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspector.cli.main import cli
from inspector.secret_text import first_line, forms, read_secret_text
from inspector.store.database import open_database
from inspector.store.encryption import connect, open_checked
from inspector.store.errors import WrongPassphrase

pytestmark = pytest.mark.sqlite_only("SQLCipher encrypts a SQLite file")

COMPOSED = unicodedata.normalize("NFC", "がぎぐ パス")
DECOMPOSED = unicodedata.normalize("NFD", COMPOSED)
BOM = b"\xef\xbb\xbf"


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, ["--lang", "en", *args], env=env, catch_exceptions=False)


def test_the_forms_and_the_file_reading(tmp_path: Path) -> None:
    assert COMPOSED != DECOMPOSED
    assert forms(COMPOSED) == (COMPOSED,)
    assert forms(DECOMPOSED) == (COMPOSED, DECOMPOSED)
    secret = tmp_path / "secret.txt"
    secret.write_bytes(BOM + "ひみつ\r\nnot this\n".encode())
    assert first_line(read_secret_text(secret)) == "ひみつ"
    secret.write_bytes(BOM + b"\xff")
    with pytest.raises(UnicodeDecodeError) as raised:
        read_secret_text(secret)
    assert raised.value.start == 3  # the file's own byte, the mark counted


def test_a_passphrase_file_with_a_byte_order_mark_opens_the_database(tmp_path: Path) -> None:
    db = tmp_path / "enc.db"
    plain = tmp_path / "plain.txt"
    plain.write_text("office secret\n", encoding="utf-8")
    notepad = tmp_path / "notepad.txt"
    notepad.write_bytes(BOM + b"office secret\r\n")
    made = run("--db", str(db), "--db-passphrase-file", str(plain), "demo")
    assert made.exit_code == 0, made.output
    opened = run("--db", str(db), "--db-passphrase-file", str(notepad), "orgs", "list")
    assert opened.exit_code == 0, opened.output
    assert "100" in opened.stdout


def test_a_new_database_is_keyed_nfc_and_opens_with_either_form(tmp_path: Path) -> None:
    db = tmp_path / "enc.db"
    decomposed_file = tmp_path / "nfd.txt"
    decomposed_file.write_text(DECOMPOSED + "\n", encoding="utf-8")
    made = run("--db", str(db), "--db-passphrase-file", str(decomposed_file), "demo")
    assert made.exit_code == 0, made.output
    open_checked(db, COMPOSED).close()  # keyed with the composed form
    with pytest.raises(WrongPassphrase):
        open_checked(db, DECOMPOSED)
    composed = run("--db", str(db), "orgs", "list", env={"INSPECTOR_DB_PASSPHRASE": COMPOSED})
    assert composed.exit_code == 0, composed.output
    again = run("--db", str(db), "--db-passphrase-file", str(decomposed_file), "orgs", "list")
    assert again.exit_code == 0, again.output


def test_a_database_keyed_with_a_decomposed_passphrase_before_still_opens(
    tmp_path: Path,
) -> None:
    """Made before new passphrases were composed: keyed with the decomposed bytes."""
    db = tmp_path / "old.db"
    plain = tmp_path / "plain.db"
    open_database(f"sqlite:///{plain}").dispose()
    connection = connect(plain, None)
    connection.execute("ATTACH DATABASE ? AS encrypted KEY ?", (str(db), DECOMPOSED))
    connection.execute("SELECT sqlcipher_export('encrypted')").fetchall()
    connection.execute("DETACH DATABASE encrypted")
    connection.close()
    with pytest.raises(WrongPassphrase):
        open_checked(db, COMPOSED)
    engine = open_database(f"sqlite:///{db}", passphrase=DECOMPOSED)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT count(*) FROM organization").scalar() == 0
    finally:
        engine.dispose()
    with pytest.raises(WrongPassphrase):
        open_database(f"sqlite:///{db}", passphrase="something else")


def test_a_key_passphrase_file_with_a_byte_order_mark_unlocks_the_office_key(
    tmp_path: Path,
) -> None:
    keys = tmp_path / "keys"
    plain = tmp_path / "plain.txt"
    plain.write_text("office root secret\n", encoding="utf-8")
    notepad = tmp_path / "notepad.txt"
    notepad.write_bytes(BOM + b"office root secret\r\n")
    env = {"INSPECTOR_KEYS_DIR": str(keys), "INSPECTOR_NEW_KEY_PASSPHRASE": "inspector own"}
    db = str(tmp_path / "demo.db")
    assert run("--db", db, "demo").exit_code == 0
    made = run("--db", db, "keys", "init-office", "--passphrase-file", str(plain), env=env)
    assert made.exit_code == 0, made.output
    issued = run(
        "--db", db, "keys", "issue", "監査 太郎", "--organization", "130",
        "--passphrase-file", str(notepad), env=env,
    )  # fmt: skip
    assert issued.exit_code == 0, issued.output
    assert (keys / "inspectors" / "監査_太郎.pem").is_file()

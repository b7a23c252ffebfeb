"""A review of issues 10 and 11: `db encrypt -o` under the same output rules as every
command; an encrypted (SQLCipher) database or a file named as a database is never
replaced, even with --force; a folder given as output that is a link is refused."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from tests.corpus.case import Case, Placeholders

SECRET = "corpus db passphrase"
_DB_PASS = {"INSPECTOR_DB_PASSPHRASE": SECRET}
_ENCRYPT = ["db", "encrypt", "-o"]
_SUMMARY = ["report", "summary", "--checklist", "juki-department"]


def _other_database(places: Placeholders) -> None:
    conn = sqlite3.connect(Path(places["tmp"]) / "other.db")
    conn.execute("CREATE TABLE kept (x)")
    conn.commit()
    conn.close()


def _encrypted(name: str) -> object:
    def make(places: Placeholders) -> None:
        from inspector.store.database import open_database

        open_database(f"sqlite:///{Path(places['tmp']) / name}", passphrase=SECRET).dispose()

    return make


def _link(name: str, to: str, folder: bool = False) -> object:
    def make(places: Placeholders) -> None:
        tmp = Path(places["tmp"])
        if folder:
            (tmp / to).mkdir()
        (tmp / name).symlink_to(tmp / to)

    return make


CASES: list[Case] = [
    # -- 1. db encrypt -o ---------------------------------------------------------------
    Case(
        id="review-encrypt-over-root-certificate",
        keys=True,
        args=[*_ENCRYPT, "{keys}/office/root.pem", "--force"],
        env=_DB_PASS,
        expect=["{keys}/office/root.pem", "鍵のフォルダー"],
        exit_code=1,
    ),
    Case(
        id="review-encrypt-new-file-in-keys-folder",
        keys=True,
        args=[*_ENCRYPT, "{keys}/laptop.db"],
        env=_DB_PASS,
        expect=["{keys}/laptop.db", "鍵のフォルダー"],
        exit_code=1,
    ),
    Case(
        id="review-encrypt-over-another-database",
        setup=_other_database,  # type: ignore[arg-type]
        args=[*_ENCRYPT, "{tmp}/other.db", "--force"],
        env=_DB_PASS,
        expect=["{tmp}/other.db はデータベースです", "--force を指定しても上書きしません"],
        exit_code=1,
    ),
    Case(
        id="review-encrypt-over-database-wal",
        args=[*_ENCRYPT, "{db}-wal"],
        env=_DB_PASS,
        expect=["{db}-wal は使用中のデータベース"],
        exit_code=1,
    ),
    Case(
        id="review-encrypt-over-another-databases-wal",
        files={"other.db-wal": b"\x37\x7f\x06\x82another program's log"},
        args=[*_ENCRYPT, "{tmp}/other.db-wal", "--force"],
        env=_DB_PASS,
        expect=["{tmp}/other.db-wal", "データベースの名前です"],
        exit_code=1,
    ),
    Case(
        id="review-encrypt-beside-a-stray-wal",
        files={"copy.enc-wal": b"another program's log"},
        args=[*_ENCRYPT, "{tmp}/copy.enc"],
        env=_DB_PASS,
        expect=["{tmp}/copy.enc の隣に {tmp}/copy.enc-wal があります"],
        exit_code=1,
    ),
    Case(
        id="review-encrypt-through-a-link",
        files={"victim.txt": "keep"},
        setup=_link("link.enc", "victim.txt"),  # type: ignore[arg-type]
        args=[*_ENCRYPT, "{tmp}/link.enc", "--force"],
        env=_DB_PASS,
        expect=["{tmp}/link.enc はシンボリックリンク"],
        exit_code=1,
    ),
    # -- 2. an encrypted database is never replaced --------------------------------------
    Case(
        id="review-export-csv-over-encrypted-database",
        setup=_encrypted("e.bin"),  # type: ignore[arg-type]
        args=["export-csv", "-o", "{tmp}/e.bin", "--force"],
        expect=[
            "{tmp}/e.bin は暗号化されたデータベースのよう",
            "--force を指定しても上書きしません",
        ],
        exit_code=1,
    ),
    Case(
        id="review-xlsx-over-encrypted-database-named-db",
        setup=_encrypted("e.db"),  # type: ignore[arg-type]
        args=["consolidate", "--checklist", "juki-department", "--xlsx", "{tmp}/e.db", "--force"],
        expect=["{tmp}/e.db", "データベース", "--force を指定しても上書きしません"],
        exit_code=1,
    ),
    Case(
        id="review-summary-over-sqlite-named-file",
        files={"notes.sqlite3": "not telling by its content"},
        args=[*_SUMMARY, "-o", "{tmp}/notes.sqlite3", "--force"],
        expect=["{tmp}/notes.sqlite3 はデータベースの名前です"],
        exit_code=1,
    ),
    Case(
        id="review-csv-over-random-pages",
        files={"vault.bin": os.urandom(8192)},
        args=["export-csv", "-o", "{tmp}/vault.bin", "--force"],
        expect=["{tmp}/vault.bin は暗号化されたデータベースのよう"],
        exit_code=1,
    ),
    # -- 4. a folder given as output is not a link ----------------------------------------
    Case(
        id="review-plans-into-linked-folder",
        setup=_link("outlink", "elsewhere", folder=True),  # type: ignore[arg-type]
        args=["report", "plans", "--organization", "120", "--unsigned", "-o", "{tmp}/outlink"],
        expect=["{tmp}/outlink はシンボリックリンク"],
        exit_code=1,
    ),
    Case(
        id="review-followup-into-linked-folder",
        setup=_link("outlink", "elsewhere", folder=True),  # type: ignore[arg-type]
        args=["report", "followup", "--unsigned", "-o", "{tmp}/outlink"],
        expect=["{tmp}/outlink はシンボリックリンク"],
        exit_code=1,
    ),
]

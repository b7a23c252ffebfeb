"""Bad inputs of the data paths that must reveal nothing and lose nothing (hunt4 H2, M2,
M3, M4): copies of an encrypted database asked for in contradictory ways, a database made
by a newer version of inspector, an answers file older than what is stored... Each is
refused with what and where; the database and the files stay as they were."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from inspector.store.database import head_revision
from tests.corpus.case import Case, Placeholders

SECRET = "corpus data4 passphrase"
NEWER = "9999"


def _encrypted(places: Placeholders) -> None:
    from inspector.store.database import open_database

    open_database(f"sqlite:///{Path(places['tmp']) / 'enc.db'}", passphrase=SECRET).dispose()
    shutil.copyfile(places["db"], f"{places['tmp']}/plain.db")


def _newer(places: Placeholders) -> None:
    """The database as a newer version of inspector leaves it: a revision unknown here."""
    connection = sqlite3.connect(places["db"])
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = ?", (NEWER,))
    connection.close()


_ENC = ["--db", "{tmp}/enc.db"]
_WAL = ("plain.db-wal", "plain.db-shm", "enc.db-wal", "enc.db-shm")
_NEWER_JA = [
    "{db}",
    "より新しい版の inspector で作られています",
    NEWER,
    head_revision(),  # the newest revision this inspector knows
    "何も変更していません",
]

CASES = [
    Case(
        id="data4-copy-plaintext-and-a-passphrase",
        files={"pp.txt": "copy passphrase\n"},
        args=[
            "db",
            "copy",
            "--to",
            "sqlite:///{tmp}/c.db",
            "--plaintext",
            "--to-passphrase-file",
            "{tmp}/pp.txt",
        ],
        expect=["--plaintext", "一緒に指定できません"],
        exit_code=1,
    ),
    Case(
        id="data4-copy-two-new-passphrases",
        files={"pp.txt": "copy passphrase\n"},
        args=[
            "db",
            "copy",
            "--to",
            "sqlite:///{tmp}/c.db",
            "--new-passphrase",
            "--to-passphrase-file",
            "{tmp}/pp.txt",
        ],
        expect=["--to-passphrase-file", "--new-passphrase", "一緒に指定できません"],
        exit_code=1,
    ),
    Case(
        id="data4-copy-passphrase-for-a-server",
        files={"pp.txt": "copy passphrase\n"},
        args=[
            "db",
            "copy",
            "--to",
            "postgresql+psycopg://office@/x?host={tmp}/no-server",
            "--to-passphrase-file",
            "{tmp}/pp.txt",
        ],
        expect=["サーバーのデータベースを暗号化しません", "no-server", "何もコピーしていません"],
        exit_code=1,
    ),
    Case(
        id="data4-copy-empty-passphrase-file",
        files={"pp.txt": "\ufeff\n"},
        args=["db", "copy", "--to", "sqlite:///{tmp}/c.db", "--to-passphrase-file", "{tmp}/pp.txt"],
        expect=["{tmp}/pp.txt", "パスフレーズのファイルが空です"],
        exit_code=1,
    ),
    Case(
        id="data4-copy-new-passphrase-off-a-terminal",
        args=["db", "copy", "--to", "sqlite:///{tmp}/c.db", "--new-passphrase"],
        expect=["INSPECTOR_DB_PASSPHRASE"],
        exit_code=1,
    ),
    Case(
        id="data4-copy-encrypted-into-a-plain-file",
        setup=_encrypted,
        args=[*_ENC, "db", "copy", "--to", "sqlite:///{tmp}/plain.db"],
        env={"INSPECTOR_DB_PASSPHRASE": SECRET},
        expect=[
            "sqlite:///{tmp}/plain.db",
            "暗号化されていない SQLite ファイルです",
            "--plaintext",
        ],
        exit_code=1,
        may_write=_WAL,
    ),
    Case(
        id="data4-copy-plain-into-an-encrypted-file",
        setup=_encrypted,
        args=["db", "copy", "--to", "sqlite:///{tmp}/enc.db"],
        expect=["sqlite:///{tmp}/enc.db", "コピーできません", "何もコピーしていません"],
        exit_code=1,
    ),
    Case(
        id="data4-newer-db-info",
        setup=_newer,
        args=["db", "info"],
        expect=_NEWER_JA,
        exit_code=1,
    ),
    Case(
        id="data4-newer-orgs-list",
        setup=_newer,
        args=["orgs", "list"],
        expect=_NEWER_JA,
        exit_code=1,
    ),
    Case(
        id="data4-newer-sessions-list",
        setup=_newer,
        args=["sessions", "list"],
        expect=_NEWER_JA,
        exit_code=1,
    ),
    Case(
        id="data4-newer-findings-list",
        setup=_newer,
        args=["findings", "list", "--session", "1"],
        expect=_NEWER_JA,
        exit_code=1,
    ),
    Case(
        id="data4-newer-export-csv",
        setup=_newer,
        args=["export-csv", "-o", "{tmp}/out.csv"],
        expect=_NEWER_JA,
        exit_code=1,
    ),
    Case(
        id="data4-newer-import-csv-en",
        setup=_newer,
        files={"a.csv": "x\n"},
        args=["import-csv", "{tmp}/a.csv"],
        expect=["made by a newer version of inspector", NEWER, "Nothing was changed"],
        exit_code=1,
        lang="en",
    ),
]

"""`inspector db copy --to URL` refused: a URL that is no URL, a driver that does not
exist, a server that cannot be reached, a target that holds data or foreign tables, the
source itself, no target at all (issue 16). The source database stays as it was, and so
does the target file."""

from __future__ import annotations

import shutil
import sqlite3

from tests.corpus.case import Case, Placeholders


def _copy_of_the_demo(places: Placeholders) -> None:
    shutil.copyfile(places["db"], f"{places['tmp']}/other.db")


def _foreign_tables(places: Placeholders) -> None:
    conn = sqlite3.connect(f"{places['tmp']}/other.db")
    with conn:
        conn.execute("create table notes (body text)")
        conn.execute("insert into notes values ('keep me')")
    conn.close()


# opening a SQLite file may leave these beside it (WAL mode); the file itself stays as it was
_COMPANIONS = ("other.db-wal", "other.db-shm", "other.db-journal")

CASES = [
    Case(
        id="db-copy-port-not-a-number",
        args=["db", "copy", "--to", "postgresql+psycopg://office:pw-corpus-1@db.example:port/x"],
        expect=["データベースの URL として使えません", "office:***@db.example:port/x"],
        exit_code=1,
    ),
    Case(
        id="db-copy-unknown-driver",
        args=["db", "copy", "--to", "nosuchdb://office@host/x"],
        expect=["データベースの URL として使えません", "nosuchdb://office@host/x"],
        exit_code=1,
    ),
    Case(
        id="db-copy-not-a-url",
        args=["db", "copy", "--to", "office database"],
        expect=["データベースの URL として使えません", "office database"],
        exit_code=1,
    ),
    Case(
        id="db-copy-server-unreachable",
        args=["db", "copy", "--to", "postgresql+psycopg://office@/x?host={tmp}/no-server"],
        expect=["コピーできません", "no-server", "何もコピーしていません"],
        exit_code=1,
    ),
    Case(
        id="db-copy-server-unreachable-en",
        args=["db", "copy", "--to", "postgresql+psycopg://office@/x?host={tmp}/no-server"],
        expect=["cannot copy to the database", "Nothing was copied"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="db-copy-target-has-data",
        args=["db", "copy", "--to", "sqlite:///{tmp}/other.db"],
        setup=_copy_of_the_demo,
        expect=["{tmp}/other.db", "すでにデータがあります", "answer: 7"],
        may_write=_COMPANIONS,
        exit_code=1,
    ),
    Case(
        id="db-copy-target-foreign-tables",
        args=["db", "copy", "--to", "sqlite:///{tmp}/other.db"],
        setup=_foreign_tables,
        expect=["このアプリケーションのものではない表", "notes"],
        may_write=_COMPANIONS,
        exit_code=1,
    ),
    Case(
        id="db-copy-target-not-a-database",
        files={"other.db": "これはデータベースではありません\n" * 100},
        args=["db", "copy", "--to", "sqlite:///{tmp}/other.db"],
        expect=["{tmp}/other.db", "コピーできません"],
        may_write=_COMPANIONS,
        exit_code=1,
    ),
    Case(
        id="db-copy-into-the-keys-folder",
        args=["db", "copy", "--to", "sqlite:///{keys}/copy.db"],
        keys=True,
        expect=["鍵のフォルダー"],
        exit_code=1,
    ),
    Case(
        id="db-copy-into-a-missing-folder",
        args=["db", "copy", "--to", "sqlite:///{tmp}/no-such-folder/copy.db"],
        expect=["no-such-folder"],
        exit_code=1,
    ),
    Case(
        id="db-copy-into-a-folder",
        args=["db", "copy", "--to", "sqlite:///{tmp}"],
        expect=["sqlite:///パス"],
        exit_code=1,
    ),
    Case(
        id="db-copy-into-itself",
        args=["db", "copy", "--to", "sqlite:///{db}"],
        expect=["コピー元のデータベースそのもの"],
        exit_code=1,
    ),
    Case(
        id="db-copy-in-memory",
        args=["db", "copy", "--to", "sqlite://"],
        expect=["sqlite:///パス"],
        exit_code=1,
    ),
    Case(
        id="db-copy-no-target",
        args=["db", "copy"],
        expect=["--to"],
        exit_code=2,
    ),
]

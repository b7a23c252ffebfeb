"""The demo's mark: `inspector demo` records a fingerprint of every row it wrote, and
`demo --force` replaces the database only while the fingerprint still matches: any row
written since (an organization imported, an answer, a change-log entry, a person) changes
it, and the database is then real work.

A SQLite file carries the mark in its header (an application id saying "built as the demo"
and, as the user version, the fingerprint): no table, so a file copied row by row carries
none. A server database has no header: the mark is the one row of `demo_mark` (0018),
written before the build with no fingerprint (an interrupted demo is still a demo) and
given it when the build ends.

A database without a mark (another program's, one copied row by row, a demo built by an
older version) is not a demo."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, Engine, delete, insert, select

from inspector.store.bulk import app_tables, table_digest
from inspector.store.tables import DemoMarkRow
from inspector.store.types import utcnow

DEMO_APPLICATION_ID = 0x494E5344  # "INSD"
MARK_TABLE = "demo_mark"
_MARK = DemoMarkRow.__table__  # type: ignore[attr-defined]


def fingerprint(connection: Connection) -> int:
    """31 bits of the SHA-256 over every application table's rows but the mark's own
    (`user_version` is a signed 32-bit integer)."""
    digest = hashlib.sha256()
    for table in app_tables():
        if table.name == MARK_TABLE:
            continue
        rows, table_sha = table_digest(connection, table)
        digest.update(f"{table.name}:{rows}:{table_sha}\n".encode())
    return int(digest.hexdigest()[:8], 16) & 0x7FFFFFFF


def begin_demo(engine: Engine) -> None:
    """On a server, mark the database as a demo being built (committed before the build,
    which commits in parts: an interrupted build stays replaceable by `demo --force`)."""
    if engine.dialect.name == "sqlite":
        return  # a file is built aside and renamed into place whole
    with engine.begin() as connection:
        connection.execute(delete(_MARK))
        connection.execute(insert(_MARK).values(fingerprint=None, built_at=utcnow()))


def mark_demo(engine: Engine) -> None:
    """Write the mark of the demo just built."""
    with engine.connect() as connection:
        value = fingerprint(connection)
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
            connection.exec_driver_sql(f"PRAGMA user_version = {value}")
        else:
            connection.execute(delete(_MARK))
            connection.execute(insert(_MARK).values(fingerprint=value, built_at=utcnow()))
        connection.commit()


def is_unchanged_demo(connection: Connection) -> bool:
    """Whether the database is a demo with nothing written since it was built (on a
    server: or a demo whose build stopped part way)."""
    if connection.dialect.name != "sqlite":
        marks = connection.execute(select(_MARK.c.fingerprint)).all()
        if len(marks) != 1:
            return False
        value = marks[0][0]
        return value is None or int(value) == fingerprint(connection)
    application_id = connection.exec_driver_sql("PRAGMA application_id").scalar_one()
    if int(application_id) != DEMO_APPLICATION_ID:
        return False
    version = int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())
    return version == fingerprint(connection)

"""The demo's mark: `inspector demo` records a fingerprint of every row it wrote, and
`demo --force` replaces the database only while the fingerprint still matches: any row
written since (an organization imported, an answer, a change-log entry, a person) changes
it, and the database is then real work. The sessions' counters (a cache the lists store
again when a checklist changed, `session_counters`) are not part of it: reading a list
is not work.

A SQLite file carries the mark in its header (an application id saying "built as the demo"
and, as the user version, the fingerprint): no table, so a file copied row by row carries
none. A server database has no header: the mark is the one row (id 1) of `demo_mark`
(0018), written when the build ends, or when it stops part way (what was written then is
the demo: a half-built demo stays replaceable, and anything written into it later is not).

A database without a mark (another program's, one copied row by row, a demo built by an
older version, a build killed before it could mark anything) is not a demo."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, Engine, Table, select

from inspector.store.bulk import app_tables, row_text
from inspector.store.session_counters import COUNTERS
from inspector.store.tables import DemoMarkRow
from inspector.store.types import utcnow

DEMO_APPLICATION_ID = 0x494E5344  # "INSD"
MARK_TABLE = "demo_mark"
_MARK: Table = DemoMarkRow.__table__  # type: ignore[attr-defined]
_CACHED = {"inspection_session": frozenset((*COUNTERS, "counted_with"))}
"""Columns a read may write again (derived from the rows, not entered): left out."""


def fingerprint(connection: Connection, *, with_cache: bool = False) -> int:
    """31 bits of the SHA-256 over every application table's rows but the mark's own and
    the cached counters (`user_version` is a signed 32-bit integer). `with_cache`: as the
    versions before 0018 counted, counters included (their SQLite demos' marks)."""
    digest = hashlib.sha256()
    for table in app_tables():
        if table.name == MARK_TABLE:
            continue
        left_out = frozenset() if with_cache else _CACHED.get(table.name, frozenset())
        columns = [column for column in table.columns if column.name not in left_out]
        rows, table_sha = 0, hashlib.sha256()
        for row in connection.execute(select(*columns).order_by(*table.primary_key.columns)):
            table_sha.update(row_text(row))
            rows += 1
        digest.update(f"{table.name}:{rows}:{table_sha.hexdigest()}\n".encode())
    return int(digest.hexdigest()[:8], 16) & 0x7FFFFFFF


def mark_demo(engine: Engine) -> None:
    """Write the mark of the demo just built (or of what a build that stopped wrote)."""
    with engine.connect() as connection:
        value = fingerprint(connection)
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
            connection.exec_driver_sql(f"PRAGMA user_version = {value}")
        else:
            # one row, id 1: two demos built at once leave one mark, the last one's
            connection.execute(_MARK.delete())
            connection.execute(_MARK.insert().values(id=1, fingerprint=value, built_at=utcnow()))
        connection.commit()


def is_unchanged_demo(connection: Connection) -> bool:
    """Whether the database is a demo with nothing written since it was built."""
    if connection.dialect.name != "sqlite":
        marks = connection.execute(select(_MARK.c.fingerprint)).all()
        if len(marks) != 1 or marks[0][0] is None:
            return False
        return int(marks[0][0]) == fingerprint(connection)
    application_id = connection.exec_driver_sql("PRAGMA application_id").scalar_one()
    if int(application_id) != DEMO_APPLICATION_ID:
        return False
    version = int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())
    return version == fingerprint(connection) or version == fingerprint(connection, with_cache=True)

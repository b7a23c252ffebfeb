"""The demo's mark on a SQLite database: `inspector demo` writes, in the file's header,
an application id saying "built as the demo" and (as the user version) a fingerprint of
every row it wrote. `demo --force` replaces the file only while both still match: any row
written since (an organization imported, an answer, a change-log entry, a person) changes
the fingerprint, and the file is then real work. No table holds settings, so the header's
two free integers carry the mark (no migration).

A database copied row by row, or built by an older version, has no mark: not a demo."""

from __future__ import annotations

import hashlib

from sqlalchemy import Connection, Engine

from inspector.store.bulk import app_tables, table_digest

DEMO_APPLICATION_ID = 0x494E5344  # "INSD"


def fingerprint(connection: Connection) -> int:
    """31 bits of the SHA-256 over every application table's rows (`user_version` is a
    signed 32-bit integer)."""
    digest = hashlib.sha256()
    for table in app_tables():
        rows, table_sha = table_digest(connection, table)
        digest.update(f"{table.name}:{rows}:{table_sha}\n".encode())
    return int(digest.hexdigest()[:8], 16) & 0x7FFFFFFF


def mark_demo(engine: Engine) -> None:
    """Write the mark of the demo just built (SQLite only; a server has no header)."""
    if engine.dialect.name != "sqlite":
        return
    with engine.connect() as connection:
        value = fingerprint(connection)
        connection.exec_driver_sql(f"PRAGMA application_id = {DEMO_APPLICATION_ID}")
        connection.exec_driver_sql(f"PRAGMA user_version = {value}")
        connection.commit()


def is_unchanged_demo(connection: Connection) -> bool:
    """Whether the SQLite database is a demo with nothing written since it was built."""
    application_id = connection.exec_driver_sql("PRAGMA application_id").scalar_one()
    if int(application_id) != DEMO_APPLICATION_ID:
        return False
    version = int(connection.exec_driver_sql("PRAGMA user_version").scalar_one())
    return version == fingerprint(connection)

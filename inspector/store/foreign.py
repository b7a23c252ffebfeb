"""Another program's SQLite database is never ours to migrate, narrow or replace: a file
with tables but no `alembic_version` (a browser's `places.sqlite`, any other `.db` given
to --db by mistake) is refused before anything is written to it or its mode changed.
An empty file, or a SQLite file without tables, may still become a database."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from inspector.i18n import Message
from inspector.store.errors import DatabaseError

SHOWN_TABLES = 3


def table_names(connection: Any) -> list[str]:
    """The tables of a DB-API connection's main database (SQLite's own left out)."""
    rows = connection.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return [str(row[0]) for row in rows]


def refuse_foreign_tables(tables: list[str], path: Path) -> None:
    """Raises `DatabaseError` when `tables` are not an inspector database's."""
    if not tables or "alembic_version" in tables:
        return
    shown = ", ".join(tables[:SHOWN_TABLES]) + ("…" if len(tables) > SHOWN_TABLES else "")
    raise DatabaseError(Message("fix10h.store.not_ours", path=path, tables=shown))


def refuse_foreign_file(path: Path) -> None:
    """Reads the plain SQLite file `path` read-only (nothing written, no mode changed) and
    refuses it when it is another program's. A file SQLite cannot read now (locked,
    damaged) is left to the engine's own message."""
    try:
        connection = sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True, timeout=5)
    except (sqlite3.Error, ValueError):
        return
    try:
        tables = table_names(connection)
    except sqlite3.Error:
        return
    finally:
        connection.close()
    refuse_foreign_tables(tables, path)

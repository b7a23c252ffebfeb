"""Stale session counters stored again when a list finds them (issue 17).

A session's counters are NULL when the writer did not know its checklist, and stale when
they were counted with another checklist of that id (an office's file edited since:
`counted_with` names the digest). Lists count such sessions from their answers; without a
write-back they did so at every list. `store_counters` counts them again and stores the
counters, once, in a transaction of its own:

- it never waits: the write lock is taken only when it is free at once (SQLite: `BEGIN
  IMMEDIATE` with no busy timeout; PostgreSQL: a try of the advisory write lock,
  exclusive, so that no answer save or import runs beside it). When another process
  writes, the list counts without storing and a later list stores them;
- the counts are made inside that transaction from the answers as they are then, so a
  save committed between the list's read and the write-back is counted, not overwritten;
- a database that cannot be written (a read-only file or share, a read-only server
  account) leaves nothing half done: the write fails, the transaction rolls back and the
  list shows the counts made in it, stored nowhere (so counted at each list, as before).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from inspector.domain.counting import Counts
from inspector.store.database import BUSY_TIMEOUT_MS
from inspector.store.locking import WRITE_LOCK_KEY
from inspector.store.session_counters import (
    ChecklistLookup,
    counted_rows,
    counts_of_row,
    store_rows,
)


def store_counters(
    engine: Engine, session_ids: Iterable[int], checklists: ChecklistLookup
) -> dict[int, Counts | None] | None:
    """The sessions counted from their answers, in a write transaction, and their
    counters stored in it when the database can be written (if not, the counts are given
    all the same, nothing is written); None when another writer holds the write lock:
    the caller counts without it."""
    ids = sorted(set(session_ids))
    if not ids:
        return {}
    with engine.connect() as conn:
        if not _write_lock_at_once(conn):
            return None
        try:
            rows = [row for chunk in counted_rows(conn, ids, checklists) for row in chunk]
        except BaseException:
            conn.rollback()
            raise
        try:
            store_rows(conn, rows)
            conn.commit()
        except DBAPIError:  # a read-only file or account: counted, not stored
            conn.rollback()
        return {row["sid"]: counts_of_row(row) for row in rows}


def _write_lock_at_once(conn: Connection) -> bool:
    """Begin a write transaction holding the write lock if no other writer has it; False
    (no transaction) when one has."""
    dialect = conn.dialect.name
    if dialect == "sqlite":
        # pysqlite sends no BEGIN of its own before this one (as `locking.write_connection`)
        conn.exec_driver_sql("PRAGMA busy_timeout=0")
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
        except DBAPIError:  # "database is locked": another writer
            conn.rollback()
            return False
        finally:
            conn.exec_driver_sql(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        return True
    conn.begin()
    if dialect == "postgresql":
        taken = conn.execute(
            text("SELECT pg_try_advisory_xact_lock(:key)"), {"key": WRITE_LOCK_KEY}
        ).scalar()
        if not taken:
            conn.rollback()
            return False
    return True


__all__ = ["store_counters"]

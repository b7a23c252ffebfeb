"""Write transactions that hold the write lock from their first statement, and a retry.

pysqlite starts a transaction only at the first INSERT or UPDATE, so what a writer reads
first ("is this session there yet?", "has this item an answer?") is read outside any
lock: two writers both read "no" and both insert (duplicate sessions, or an
`IntegrityError` on a unique key). `BEGIN IMMEDIATE` takes SQLite's write lock before the
first read; a second writer waits for it (the busy timeout) and then reads what the first
committed.

PostgreSQL has no such lock, so one is made of an advisory lock held to the end of the
transaction: an import takes it exclusively (imports take turns, and each reads the rows
the one before committed, as on SQLite); an answer save takes it shared (saves run side by
side, but not inside an import) and then locks its session's row, so that writers of one
session take turns. A writer waits at most `wait` seconds (at least the busy timeout),
then fails as a locked SQLite database does. What still collides (a unique key two
writers outside these locks both insert, a serialization failure or a deadlock the server
broke) is run again as a whole by `retry_on_conflict`, which then reads the other's rows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

T = TypeVar("T")

# Each failed attempt means another writer committed first, so the next usually succeeds;
# eight writers of one key need at most eight.
CONFLICT_ATTEMPTS = 8

# The key of the PostgreSQL advisory lock standing for SQLite's write lock ("insp").
WRITE_LOCK_KEY = 0x696E7370
# How long a PostgreSQL writer waits for the lock at least, as SQLite's busy timeout.
LOCK_WAIT = 30.0
# SQLSTATEs a whole transaction may be run again after: serialization failure, deadlock.
RETRY_SQLSTATES = frozenset({"40001", "40P01"})
UNIQUE_VIOLATION = "23505"


# How long an import waits for another writer (another import of a large file) before it
# gives up; an answer save waits the busy timeout only, so the interface never hangs long.
IMPORT_LOCK_WAIT = 600.0


@contextmanager
def write_connection(
    engine: Engine, wait: float = 0.0, *, shared: bool = False
) -> Iterator[Connection]:
    """A connection in a write transaction: committed when the block ends, rolled back
    (nothing written) when it raises. On SQLite the write lock is awaited for the busy
    timeout, or for `wait` seconds when that is longer. On PostgreSQL the advisory write
    lock is taken, exclusively or (`shared`: answer saves) shared, waited for as long."""
    with engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            _begin_immediate(conn, time.monotonic() + wait)
        else:
            # Begun here, before anything is read: an ORM session bound to a connection
            # with no transaction yet would begin and commit one of its own, and an import
            # would no longer be all or nothing.
            conn.begin()
            if conn.dialect.name == "postgresql":
                _advisory_lock(conn, max(wait, LOCK_WAIT), shared=shared)
        try:
            yield conn
        except BaseException:
            conn.rollback()
            raise
        conn.commit()


def _begin_immediate(conn: Connection, deadline: float) -> None:
    # Before any read: pysqlite sends no BEGIN of its own inside this one. Each try waits
    # the busy timeout; a writer holding the lock longer is waited for until `deadline`.
    while True:
        try:
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as exc:
            conn.rollback()
            if "locked" not in str(exc.orig).lower() or time.monotonic() >= deadline:
                raise


def _advisory_lock(conn: Connection, wait: float, *, shared: bool) -> None:
    # SET LOCAL and the xact lock both end with the transaction; lock_timeout turns a
    # too-long wait into an error ("lock timeout") instead of a hang.
    conn.execute(
        text("SELECT set_config('lock_timeout', :ms, true)"), {"ms": f"{int(wait * 1000)}"}
    )
    function = "pg_advisory_xact_lock_shared" if shared else "pg_advisory_xact_lock"
    conn.execute(text(f"SELECT {function}(:key)"), {"key": WRITE_LOCK_KEY})


def is_conflict(exc: BaseException | None) -> bool:
    """Whether `exc` is a collision with a concurrent writer that running the whole
    transaction again resolves: a unique key taken first, a serialization failure, a
    deadlock the server broke."""
    if not isinstance(exc, DBAPIError):
        return False
    sqlstate = getattr(exc.orig, "sqlstate", None)
    if isinstance(exc, IntegrityError):
        # Only a unique key: any other rule (a reference, a required value) fails the same
        # way again, and a large import would be run eight times for nothing.
        return sqlstate == UNIQUE_VIOLATION or (
            sqlstate is None and "unique constraint failed" in str(exc.orig).lower()
        )
    return sqlstate in RETRY_SQLSTATES


def retry_on_conflict(work: Callable[[], T], attempts: int = CONFLICT_ATTEMPTS) -> T:
    """Run `work` (a whole transaction) again when it collided with a concurrent writer
    (`is_conflict`); the next run reads that writer's rows. The last failure is raised.
    A short random pause between attempts keeps colliding writers from colliding again."""
    for attempt in range(attempts):
        try:
            return work()
        except Exception as exc:
            # The store's error guard may have put the driver's error in plain words
            # already: its cause says whether it was a collision.
            if attempt == attempts - 1 or not (is_conflict(exc) or is_conflict(exc.__cause__)):
                raise
            time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
    raise AssertionError("unreachable")

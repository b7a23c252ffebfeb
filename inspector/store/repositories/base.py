"""What every repository shares: its engine, an ORM session on it, and the guard that turns
low-level database failures into a `DatabaseError` a user can act on.

A repository's methods open their sessions through `_db()`, so a subclass that binds
them to one connection (`inspector.store.transaction.BoundRepository`) runs them all in
its caller's transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session as DbSession

from inspector.store.errors import DatabaseError, describe_db_failure, integrity_failure
from inspector.store.locking import write_connection

if TYPE_CHECKING:
    from inspector.store.session_counters import ChecklistLookup


class RepositoryBase:
    """An engine and the ORM sessions on it."""

    checklists: ChecklistLookup | None = None
    """The checklists in force, by id, for the session counters (`AppContext` sets it);
    without it the counters of a session written are set to NULL: count when listed."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _db(self) -> DbSession:
        return DbSession(self.engine, expire_on_commit=False)

    @contextmanager
    def _write_db(self, *, shared: bool = False) -> Iterator[DbSession]:
        """An ORM session in a transaction holding the write lock from its first read
        (`inspector.store.locking.write_connection`): what a writer counts session counters
        from (an organization's tags) cannot change under it, and a list's write-back of
        counters (`counter_repair`, which takes the lock exclusively) cannot run between
        its count and its commit. `shared`: beside answer saves, not beside an import."""
        with (
            DbGuard(),
            write_connection(self.engine, shared=shared) as conn,
            DbSession(bind=conn, expire_on_commit=False) as db,
        ):
            yield db

    @staticmethod
    def _guard() -> DbGuard:
        return DbGuard()


def lock_row(db: DbSession, table: Any, row_id: int) -> bool:
    """Lock the row `row_id` of `table` for the rest of `db`'s transaction before it is read
    (False: there is no such row), so that a read-check-write is not raced: a second
    writer of that row waits here and then reads what the first committed. A write that
    changes nothing: on SQLite it takes the database's write lock (a deferred transaction
    that read first could not get it after another writer's commit), on PostgreSQL the
    row's lock (what SELECT ... FOR UPDATE takes)."""
    result = db.connection().execute(update(table).where(table.id == row_id).values(id=table.id))
    return bool(result.rowcount)


def changed_since(row: Any, seen: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Whether someone else changed a field being written since the writer read it: its
    value now is neither what the writer saw (`seen`) nor what it writes (`new`). Writing
    on would undo that other change without anyone knowing (a lost update)."""
    return any(key in new and getattr(row, key) not in (was, new[key]) for key, was in seen.items())


class DbGuard:
    """Turns low-level database failures into `DatabaseError` with a message a user can act on."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        if isinstance(exc, OperationalError):
            raise DatabaseError(describe_db_failure(exc)) from exc
        # A rule of the database that refused a write (a unique key another writer took
        # after every retry, a reference): a plain sentence, the driver's error its cause.
        integrity = integrity_failure(exc) if exc is not None else None
        if integrity is not None:
            raise DatabaseError(integrity) from exc


__all__ = ["DbGuard", "RepositoryBase", "changed_since", "describe_db_failure", "lock_row"]

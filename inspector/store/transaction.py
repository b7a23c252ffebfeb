"""One transaction for a whole import: every lookup and write through one repository.

`write_transaction(repo)` yields a repository whose methods all run on one connection
holding the write lock (`inspector.store.locking`): an import's organizations, people,
sessions and answers are written together or not at all, and its lookups see what a
concurrent import committed before it.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import Connection
from sqlmodel import Session as DbSession

from inspector.store.imports import ImportBatch, ImportCounts, write_import
from inspector.store.locking import IMPORT_LOCK_WAIT, retry_on_conflict, write_connection
from inspector.store.repositories.base import DbGuard
from inspector.store.repository import Repository
from inspector.store.session_counters import ChecklistLookup


class BoundRepository(Repository):
    """A repository whose reads and writes all run in one caller's transaction: its
    methods' own commits only flush (a Session joined to a connection's transaction does
    not commit it)."""

    def __init__(self, conn: Connection, checklists: ChecklistLookup | None = None) -> None:
        super().__init__(conn.engine)
        self.connection = conn
        self.checklists = checklists

    def _db(self) -> DbSession:
        return DbSession(bind=self.connection, expire_on_commit=False)

    @contextmanager
    def _write_db(self, *, shared: bool = False) -> Iterator[DbSession]:
        # the caller's transaction holds the write lock already (exclusively)
        with self._db() as db:
            yield db

    def import_sessions(self, batches: Sequence[ImportBatch], actor: str) -> ImportCounts:
        # the writer counts every session it makes or changes (the lists' counters)
        return write_import(self.connection, batches, actor)


@contextmanager
def write_transaction(repo: Repository) -> Iterator[BoundRepository]:
    """One transaction for everything done through the repository it yields: all of it is
    written, or (on any exception, or a kill) none. Waits for another import to end."""
    with DbGuard(), write_connection(repo.engine, wait=IMPORT_LOCK_WAIT) as conn:
        yield BoundRepository(conn, repo.checklists)


__all__ = ["BoundRepository", "retry_on_conflict", "write_connection", "write_transaction"]

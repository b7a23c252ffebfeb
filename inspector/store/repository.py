"""The repository of the inspection itself: the roster, sessions and their events, answers
and their change log, and the bulk write of an answers import. Returns domain objects.

Each aggregate lives in its own module under `inspector.store.repositories` (`roster`,
`sessions`, `answers`); `Repository` is all of them on one engine, and this module keeps
the names its many callers import from here.

Each public write is one transaction, committed before the call returns: with SQLite's
synchronous=FULL an acknowledged answer survives a crash of the process or the machine.
"""

from __future__ import annotations

from collections.abc import Sequence

from inspector.store.errors import NotFound, SessionReadOnly
from inspector.store.imports import ImportBatch, ImportCounts
from inspector.store.repositories.answers import AnswerRepository
from inspector.store.repositories.base import DbGuard, describe_db_failure
from inspector.store.repositories.roster import (
    KEEP,
    Keep,
    OrganizationInput,
    PersonInput,
    RosterRepository,
    UpsertCounts,
)
from inspector.store.repositories.sessions import SessionRepository

# The guard's former private name, for code written against it.
_DbGuard = DbGuard


class Repository(RosterRepository, SessionRepository, AnswerRepository):
    """Reads and writes organizations, people, sessions, answers and the change log."""

    def import_sessions(self, batches: Sequence[ImportBatch], actor: str) -> ImportCounts:
        """Write many imported sessions in ONE write transaction: all of them or none (see
        `inspector.store.imports.write_import`)."""
        from inspector.store.transaction import write_transaction

        with write_transaction(self) as bound:
            return bound.import_sessions(batches, actor)

    def make_room_for_answers(self) -> bool:
        """Give the database's write-ahead log its blocks before the first answer, so that
        no answer's durable commit grows the file (`inspector.store.wal_room`); commits
        nothing, never waits for another writer's lock. True when room was made."""
        from inspector.store.wal_room import make_room

        with self._guard():
            return make_room(self.engine)


__all__ = [
    "KEEP",
    "ImportBatch",
    "ImportCounts",
    "Keep",
    "NotFound",
    "OrganizationInput",
    "PersonInput",
    "Repository",
    "SessionReadOnly",
    "UpsertCounts",
    "describe_db_failure",
]

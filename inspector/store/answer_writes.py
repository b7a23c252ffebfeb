"""The runner's answer save on SQLite as fixed statements on the driver.

`AnswerRepository.save_answer` is the one write a person waits for after each key. Built
with Core, its statements cost more Python than the commit (a cache key and a compiled
form looked up per statement, `values()` built per call, the counters' query built per
call), and that Python runs in the writer thread while the interface waits. Here the same
rows are written by fixed SQL text on the driver's cursor of the caller's connection, in
its transaction (the write lock held): the answer (inserted, updated, or deleted when
empty), its change-log row, and the session's counters. Not through
`Connection.exec_driver_sql`: its result objects and events cost about as much Python per
statement as the statement itself, and an answer runs seven (the commit in the interface
thread, which a person waits for). The values are given as the column types' own bind
processing makes them (times in UTC text with microseconds, JSON as sorted text), read
back the same way, and a driver error is raised as SQLAlchemy raises it
(`DBAPIError.instance`: `OperationalError`, `IntegrityError`, ...), so the error guard and
the retry see the same exceptions as with Core. A test keeps the rows equal to those of
the Core path (`answers._write_state`), which undo and PostgreSQL use.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from typing import Any

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import SQLModel

import inspector.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from inspector.domain.model import AnswerState, SessionStatus
from inspector.i18n import Message
from inspector.store.errors import NotFound, SessionReadOnly
from inspector.store.session_counters import COUNTERS, ChecklistLookup, Plans, columns_of
from inspector.store.types import utcnow

_ANSWERS = SQLModel.metadata.tables["answer"]
_CHANGES = SQLModel.metadata.tables["answer_change"]
_ANSWER_DATA = ("value", "reasons", "reason_text", "note", "evidence")
_WRITTEN = (*COUNTERS, "counted_with")

_SESSION = (
    "SELECT s.status, s.checklist_id, o.id, o.tags FROM inspection_session AS s"
    " LEFT JOIN organization AS o ON o.id = s.organization_id WHERE s.id = ?"
)
_ANSWER = f"SELECT id, {', '.join(_ANSWER_DATA)} FROM answer WHERE session_id = ? AND item_id = ?"
_INSERT = (
    "INSERT INTO answer (session_id, item_id, value, reasons, reason_text, note, evidence,"
    " answered_by, answered_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_UPDATE = (
    "UPDATE answer SET value = ?, reasons = ?, reason_text = ?, note = ?, evidence = ?,"
    " answered_by = ?, answered_at = ? WHERE id = ?"
)
_DELETE = "DELETE FROM answer WHERE id = ?"
_LOG = (
    "INSERT INTO answer_change (session_id, item_id, action, old_value, new_value, old_state,"
    " new_state, changed_by, changed_at, undoes_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_VALUES = "SELECT item_id, value FROM answer WHERE session_id = ?"
_COUNTERS = (
    f"UPDATE inspection_session SET {', '.join(f'{name} = ?' for name in _WRITTEN)} WHERE id = ?"
)


class _Driver:
    """Statements on a driver connection's cursor, in its transaction; a driver error raised
    as SQLAlchemy's exception for it, as `exec_driver_sql` raises it."""

    def __init__(self, dbapi_connection: Any, error: type[Exception]) -> None:
        self._cursor = dbapi_connection.cursor()
        self._error = error

    @classmethod
    def on(cls, conn: Connection) -> _Driver:
        """On the driver connection under `conn` (in `conn`'s transaction)."""
        return cls(conn.connection.dbapi_connection, conn.dialect.loaded_dbapi.Error)

    def run(self, sql: str, parameters: tuple[Any, ...] = ()) -> Any:
        try:
            return self._cursor.execute(sql, parameters)
        except self._error as exc:
            raise DBAPIError.instance(sql, parameters, exc, self._error) from exc

    def first(self, sql: str, parameters: tuple[Any, ...]) -> Any:
        return self.run(sql, parameters).fetchone()

    def all(self, sql: str, parameters: tuple[Any, ...]) -> list[Any]:
        return list(self.run(sql, parameters).fetchall())

    def close(self) -> None:
        self._cursor.close()


def applies(conn: Connection) -> bool:
    """Whether the fast path serves this connection: SQLite through its standard driver
    (the statements above are in its `?` style; other databases take the Core path)."""
    return serves(conn.dialect)


def serves(dialect: Any) -> bool:
    """Whether the fast path serves this dialect: SQLite with the `?` parameter style."""
    return dialect.name == "sqlite" and dialect.paramstyle == "qmark"


class HeldConnection:
    """A driver connection of the engine, kept by the one thread that commits answers at
    once (the runner's interface thread), its busy timeout 0: BEGIN IMMEDIATE takes the write
    lock when no other writer has it and otherwise fails at once, so that thread never waits
    for a lock.

    Kept rather than taken from the pool for each answer: the pool's checkout and return,
    SQLAlchemy's `Connection` with its BEGIN and COMMIT, and the busy timeout set and put
    back cost about as much Python as the answer's statements, in the thread a person waits
    for (bench/RESULTS.md, "answer latency (10)"). Taken from the engine, so it is opened as
    every connection is (an encrypted file's key, WAL, foreign keys, synchronous=FULL);
    detached from the pool, so it never goes back there with a busy timeout of 0. `close`
    closes it (the repository's `close_held_connections`)."""

    def __init__(self, engine: Engine) -> None:
        fairy = engine.raw_connection()
        try:
            fairy.detach()
            self._dbapi: Any = fairy.dbapi_connection
            self._error: type[Exception] = engine.dialect.loaded_dbapi.Error
            driver = _Driver(self._dbapi, self._error)
            try:
                driver.run("PRAGMA busy_timeout=0")
            finally:
                driver.close()
        except BaseException:
            fairy.close()
            raise
        self._fairy = fairy

    @contextmanager
    def transaction(self) -> Iterator[_Driver | None]:
        """The connection in a write transaction holding the write lock, committed when the
        block ends and rolled back when it raises; None (nothing begun, nothing waited for)
        when another writer holds the lock. Errors are raised as SQLAlchemy raises them."""
        driver = _Driver(self._dbapi, self._error)
        try:
            try:
                driver.run("BEGIN IMMEDIATE")
            except DBAPIError:  # "database is locked" (or busy): another writer has it
                self._rollback()
                yield None
                return
            try:
                yield driver
            except BaseException:
                self._rollback()
                raise
            try:
                self._dbapi.commit()
            except self._error as exc:
                self._rollback()
                raise DBAPIError.instance("COMMIT", (), exc, self._error) from exc
        finally:
            driver.close()

    def _rollback(self) -> None:
        if self._dbapi.in_transaction:
            with suppress(self._error):  # SQLite ended it itself (a full disk, an I/O error)
                self._dbapi.rollback()

    def close(self) -> None:
        self._fairy.close()  # detached: the driver connection itself is closed


class AnswerWriter:
    """The fast save for one database dialect: the column types' bind processors, found
    once, and the counting plans, kept between saves."""

    def __init__(self, dialect: Any) -> None:
        def processor(table: Any, name: str) -> Callable[[Any], Any]:
            found = table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            return found if found is not None else (lambda value: value)

        self._list = processor(_ANSWERS, "reasons")
        self._time = processor(_ANSWERS, "answered_at")
        self._state = processor(_CHANGES, "new_state")
        self._plans = Plans()

    def save(
        self,
        conn: Connection,
        session_id: int,
        item_id: str,
        change: Callable[[AnswerState], AnswerState],
        actor: str,
        action: str,
        checklists: ChecklistLookup,
    ) -> AnswerState:
        """`AnswerRepository.save_answer`'s transaction body on `conn` (holding the write
        lock): the same checks, rows and return value."""
        driver = _Driver.on(conn)
        try:
            return self.save_on(driver, session_id, item_id, change, actor, action, checklists)
        finally:
            driver.close()

    def save_on(
        self,
        driver: _Driver,
        session_id: int,
        item_id: str,
        change: Callable[[AnswerState], AnswerState],
        actor: str,
        action: str,
        checklists: ChecklistLookup,
    ) -> AnswerState:
        session = driver.first(_SESSION, (session_id,))
        if session is None:
            raise NotFound(Message("time5.record.session", id=session_id))
        status, checklist_id, organization_id, tags = session
        if status == SessionStatus.COMPLETED.value:
            raise SessionReadOnly(f"session #{session_id} is completed")
        row = driver.first(_ANSWER, (session_id, item_id))
        old = _state_of(row)
        new = change(old)
        if new == old:
            return old
        now = self._time(utcnow())
        if new.is_empty:
            if row is not None:
                driver.run(_DELETE, (row[0],))
        else:
            data = (
                new.value,
                self._list(list(new.reasons)),
                new.reason_text,
                new.note,
                self._list(list(new.evidence)),
                actor,
                now,
            )
            if row is None:
                driver.run(_INSERT, (session_id, item_id, *data))
            else:
                driver.run(_UPDATE, (*data, row[0]))
        driver.run(
            _LOG,
            (
                session_id,
                item_id,
                action,
                old.value,
                new.value,
                None if old.is_empty else self._state(old.to_json()),
                None if new.is_empty else self._state(new.to_json()),
                actor,
                now,
                None,
            ),
        )
        if organization_id is not None:  # as the Core count, which joins the organization
            self._count(driver, session_id, checklists(checklist_id), tags)
        return new

    def _count(self, driver: _Driver, session_id: int, checklist: Any, tags: Any) -> None:
        """The session's counters from its answers as they are now (NULL: no checklist)."""
        if checklist is None:
            columns: dict[str, Any] = dict.fromkeys(_WRITTEN)
        else:
            values: dict[str, str | None] = dict(driver.all(_VALUES, (session_id,)))
            plan = self._plans.plan(checklist, json.loads(tags) if tags else ())
            columns = columns_of(checklist.digest, plan.count(values))
        driver.run(_COUNTERS, (*(columns[name] for name in _WRITTEN), session_id))


def _state_of(row: Any) -> AnswerState:
    """The state of an `answer` row read by `_ANSWER` (JSON columns as stored text)."""
    if row is None:
        return AnswerState()
    _id, value, reasons, reason_text, note, evidence = row
    return AnswerState(
        value=value,
        reasons=tuple(json.loads(reasons) if reasons else ()),
        reason_text=reason_text or "",
        note=note or "",
        evidence=tuple(json.loads(evidence) if evidence else ()),
    )


__all__ = ["AnswerWriter", "HeldConnection", "applies", "serves"]

"""Answers and their change log: the runner's hot path (`save_answer`), undo, and reads of
a session's answers and history.

Every change of an answer is logged with its old and new state; an undo is itself a
logged change. Writes take the write lock before reading the answer
(`inspector.store.locking`), so writers of one item take turns.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update

from inspector.domain.model import Answer, AnswerChange, AnswerState, SessionStatus
from inspector.i18n import Message
from inspector.store import answer_writes
from inspector.store.errors import NotFound, SessionReadOnly
from inspector.store.locking import retry_on_conflict, write_connection
from inspector.store.repositories.base import RepositoryBase
from inspector.store.session_counters import lookup_of, refresh_session_counters
from inspector.store.tables import AnswerChangeRow, AnswerRow, SessionRow
from inspector.store.types import utcnow


def state_of(row: Any) -> AnswerState:
    """The state of an `answer` row, read with the ORM or with Core (None: not answered)."""
    if row is None:
        return AnswerState()
    return AnswerState(
        value=row.value,
        reasons=tuple(row.reasons or ()),
        reason_text=row.reason_text or "",
        note=row.note or "",
        evidence=tuple(row.evidence or ()),
    )


def _answer(row: AnswerRow) -> Answer:
    return Answer(
        session_id=row.session_id,
        item_id=row.item_id,
        state=state_of(row),
        answered_by=row.answered_by,
        answered_at=row.answered_at,
    )


_ANSWERS = AnswerRow.__table__
_SELECT_ANSWER = select(_ANSWERS).where(
    _ANSWERS.c.session_id == bindparam("sid"), _ANSWERS.c.item_id == bindparam("item")
)
# FOR UPDATE (PostgreSQL; SQLite renders none and holds its one write lock already): the
# session's row is locked, so that writers of one session take turns.
_SELECT_STATUS = (
    select(SessionRow.__table__.c.status)
    .where(SessionRow.__table__.c.id == bindparam("sid"))
    .with_for_update()
)


def _write_state(
    conn: Connection,
    session_id: int,
    item_id: str,
    row: Any,
    old: AnswerState,
    new: AnswerState,
    actor: str,
    action: str,
    undoes_id: int | None,
) -> None:
    """Write the answer's new state (delete it when empty) and its change-log entry."""
    now = utcnow()
    if new.is_empty:
        if row is not None:
            conn.execute(delete(_ANSWERS).where(_ANSWERS.c.id == row.id))
    else:
        values = {
            "value": new.value,
            "reasons": list(new.reasons),
            "reason_text": new.reason_text,
            "note": new.note,
            "evidence": list(new.evidence),
            "answered_by": actor,
            "answered_at": now,
        }
        if row is None:
            conn.execute(insert(_ANSWERS).values(session_id=session_id, item_id=item_id, **values))
        else:
            conn.execute(update(_ANSWERS).where(_ANSWERS.c.id == row.id).values(**values))
    conn.execute(
        insert(AnswerChangeRow.__table__).values(
            session_id=session_id,
            item_id=item_id,
            action=action,
            old_value=old.value,
            new_value=new.value,
            old_state=None if old.is_empty else old.to_json(),
            new_state=None if new.is_empty else new.to_json(),
            changed_by=actor,
            changed_at=now,
            undoes_id=undoes_id,
        )
    )


class AnswerRepository(RepositoryBase):
    """Reads and writes answers and their change log."""

    fast_saves = True
    """`save_answer` on SQLite through `answer_writes` (False: the Core path, for tests)."""

    _writer: answer_writes.AnswerWriter | None = None

    def _answer_writer(self, conn: Connection | None = None) -> answer_writes.AnswerWriter:
        if self._writer is None:
            self._writer = answer_writes.AnswerWriter(self.engine.dialect)
        return self._writer

    def _held_connection(self) -> answer_writes.HeldConnection:
        """The calling thread's connection for commits at once (one per thread: a driver
        connection serves one transaction at a time)."""
        held: dict[int, answer_writes.HeldConnection] = self.__dict__.setdefault("_held", {})
        thread = threading.get_ident()
        connection = held.get(thread)
        if connection is None:
            connection = held[thread] = answer_writes.HeldConnection(self.engine)
        return connection

    def close_held_connections(self) -> None:
        """Close the connections kept for commits at once (before the engine is disposed)."""
        held: dict[int, answer_writes.HeldConnection] = self.__dict__.pop("_held", {})
        for connection in held.values():
            connection.close()

    def answers(self, session_id: int) -> dict[str, Answer]:
        with self._db() as db:
            rows = db.exec(select(AnswerRow).where(AnswerRow.session_id == session_id)).scalars()  # type: ignore[call-overload]
            return {r.item_id: _answer(r) for r in rows}

    def answer_counts(self, session_ids: Iterable[int]) -> dict[int, dict[str, str | None]]:
        """session id -> item -> value, for many sessions in one query."""
        ids = list(session_ids)
        result: dict[int, dict[str, str | None]] = {sid: {} for sid in ids}
        if not ids:
            return result
        with self._db() as db:
            rows = db.exec(
                select(AnswerRow.session_id, AnswerRow.item_id, AnswerRow.value).where(
                    AnswerRow.session_id.in_(ids)  # type: ignore[union-attr, attr-defined]
                )
            ).all()  # type: ignore[call-overload]
        for sid, item_id, value in rows:
            result[sid][item_id] = value
        return result

    def save_answer(
        self,
        session_id: int,
        item_id: str,
        change: Callable[[AnswerState], AnswerState],
        actor: str,
        action: str = "answer",
    ) -> AnswerState:
        """Apply `change` to the item's current state and commit it with a change-log entry.

        Returns the new state. Nothing is written when the state does not change. Raises
        `SessionReadOnly` for a completed session, `DatabaseError` when the write fails.
        This is the hot path of the runner: on SQLite fixed statements on the driver
        (`inspector.store.answer_writes`), elsewhere plain Core on one connection; one commit.
        """

        # The write lock is taken before the answer is read, so writers of one item take
        # turns and each change is applied to, and logged against, the one before it.
        def attempt() -> AnswerState:
            with write_connection(self.engine, shared=True) as conn:
                if self.fast_saves and answer_writes.applies(conn):
                    writer = self._answer_writer(conn)
                    lookup = lookup_of(self.checklists)
                    return writer.save(conn, session_id, item_id, change, actor, action, lookup)
                self._check_writable(conn, session_id)
                row = conn.execute(_SELECT_ANSWER, {"sid": session_id, "item": item_id}).first()
                old = state_of(row)
                new = change(old)
                if new == old:
                    return old
                _write_state(conn, session_id, item_id, row, old, new, actor, action, None)
                refresh_session_counters(conn, [session_id], self.checklists)
                return new

        with self._guard():
            return retry_on_conflict(attempt)

    def save_answer_at_once(
        self,
        session_id: int,
        item_id: str,
        change: Callable[[AnswerState], AnswerState],
        actor: str,
        action: str = "answer",
    ) -> AnswerState | None:
        """`save_answer` without waiting for the write lock: None when another writer holds
        it (nothing written), or where the fast save does not serve (another database); the
        caller then saves with `save_answer`, which waits. Raises as `save_answer` does."""
        if not self.fast_saves or not answer_writes.serves(self.engine.dialect):
            return None
        with self._guard(), self._held_connection().transaction() as driver:
            if driver is None:
                return None
            writer = self._answer_writer()
            lookup = lookup_of(self.checklists)
            return writer.save_on(driver, session_id, item_id, change, actor, action, lookup)

    def undo_last(self, session_id: int, actor: str) -> str | None:
        """Revert the newest change not yet undone; returns its item id, or None.

        The undo is itself a change-log entry, so the log keeps both the answer and its undo.
        """
        changes = AnswerChangeRow.__table__.c
        with self._guard(), write_connection(self.engine, shared=True) as conn:
            self._check_writable(conn, session_id)
            log = conn.execute(
                select(changes.id, changes.item_id, changes.old_state, changes.undoes_id)
                .where(changes.session_id == session_id)
                .order_by(changes.id.desc())
            ).all()
            undone = {c.undoes_id for c in log if c.undoes_id is not None}
            target = next((c for c in log if c.undoes_id is None and c.id not in undone), None)
            if target is None:
                return None
            row = conn.execute(_SELECT_ANSWER, {"sid": session_id, "item": target.item_id}).first()
            restored = AnswerState.from_json(target.old_state)
            _write_state(
                conn,
                session_id,
                target.item_id,
                row,
                state_of(row),
                restored,
                actor,
                "undo",
                target.id,
            )
            refresh_session_counters(conn, [session_id], self.checklists)
            return str(target.item_id)

    @staticmethod
    def _check_writable(conn: Connection, session_id: int) -> None:
        status = conn.execute(_SELECT_STATUS, {"sid": session_id}).scalar()
        if status is None:
            raise NotFound(Message("time5.record.session", id=session_id))
        if status == SessionStatus.COMPLETED.value:
            raise SessionReadOnly(f"session #{session_id} is completed")

    def changes(self, session_id: int) -> list[AnswerChange]:
        with self._db() as db:
            rows = db.exec(
                select(AnswerChangeRow)
                .where(AnswerChangeRow.session_id == session_id)
                .order_by(AnswerChangeRow.id)  # type: ignore[arg-type]
            ).scalars()  # type: ignore[call-overload]
            return [
                AnswerChange(
                    id=r.id or 0,
                    session_id=r.session_id,
                    item_id=r.item_id,
                    action=r.action,
                    old=AnswerState.from_json(r.old_state),
                    new=AnswerState.from_json(r.new_state),
                    changed_by=r.changed_by,
                    changed_at=r.changed_at,
                )
                for r in rows
            ]


__all__ = ["AnswerRepository", "state_of"]

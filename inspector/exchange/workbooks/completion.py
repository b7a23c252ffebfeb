"""Whether a collected return completes its session (walk8 M6). The import makes every
session completed; a returned workbook completes it only when every item that applies is
answered, as the interface completes a self-check without asking only then (with items
unanswered it asks the person first: nobody was asked here). A return with items left
blank leaves its session open, to be completed in the interface, or by a corrected return.

Only the sessions this return made or changed are decided (`ImportWriter.touched`): the
same file collected again changes nothing, nor a session the office completed itself."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, select
from sqlmodel import SQLModel

from inspector.domain.model import SessionStatus
from inspector.store.types import utcnow

_SESSIONS = SQLModel.metadata.tables["inspection_session"]
_CHUNK = 500


def settle_status(conn: Connection, session_ids: Iterable[int]) -> None:
    """Each session completed when its counters (written with its answers, in this
    transaction) say every applicable item is answered, else open."""
    ids = sorted(set(session_ids))
    s = _SESSIONS.c
    now = utcnow()
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        rows = conn.execute(
            select(s.id, s.status, s.answered_count, s.applicable_count).where(s.id.in_(chunk))
        ).all()
        for session_id, status, answered, applicable in rows:
            if answered is None or applicable is None:
                continue  # not counted (checklist unknown to the writer): left as made
            done = applicable > 0 and answered >= applicable
            wanted = SessionStatus.COMPLETED.value if done else SessionStatus.OPEN.value
            if status == wanted:
                continue
            conn.execute(
                _SESSIONS.update()
                .where(s.id == session_id)
                .values(status=wanted, completed_at=now if done else None)
            )

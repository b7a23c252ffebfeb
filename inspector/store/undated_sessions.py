"""The sessions an answers import would make from rows without a time only, that would
count as newer than a dated session of the same unit (imports r16 #1).

Such a session is dated by the import (today, in Japan), and a consolidation takes each
unit's latest completed session: it would then stand for the unit in place of a session
that was dated by its own answers, although nothing says when its rows were answered. The
import does not hide that: it lists each one with the date of the session it outranks."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import NamedTuple

from sqlalchemy import Connection, func, select
from sqlmodel import SQLModel

import inspector.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from inspector.domain.model import SessionStatus

_SESSIONS = SQLModel.metadata.tables["inspection_session"]
_CHUNK = 500


class UndatedUnit(NamedTuple):
    """A unit an import answers only with rows without a time, and its identity key."""

    key: str
    checklist_id: str
    organization_id: int
    respondent_id: int | None


class Outranked(NamedTuple):
    """An undated session to be made, and the latest dated session of its unit it will
    count as newer than (`dated`: that session's date)."""

    unit: UndatedUnit
    dated: date


def outranked(conn: Connection, units: Sequence[UndatedUnit], today: date) -> list[Outranked]:
    """Of `units`, those without their imported session yet (the import makes it, dated
    `today`) that have another completed session dated on or before `today`, with the
    latest such date; in the order given."""
    s = _SESSIONS.c
    made: set[str] = set()
    keys = [u.key for u in units]
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        made.update(k for (k,) in conn.execute(select(s.import_key).where(s.import_key.in_(chunk))))
    new = [u for u in units if u.key not in made]
    if not new:
        return []
    latest: dict[tuple[str, int, int | None], date] = {}
    orgs = sorted({u.organization_id for u in new})
    checklists = sorted({u.checklist_id for u in new})
    for start in range(0, len(orgs), _CHUNK):
        query = (
            select(s.checklist_id, s.organization_id, s.respondent_id, func.max(s.session_date))
            .where(
                s.organization_id.in_(orgs[start : start + _CHUNK]),
                s.checklist_id.in_(checklists),
                s.status == SessionStatus.COMPLETED.value,
                s.session_date <= today,
            )
            .group_by(s.checklist_id, s.organization_id, s.respondent_id)
        )
        for checklist_id, org, respondent, when in conn.execute(query):
            latest[(checklist_id, org, respondent)] = when
    found = []
    for unit in new:
        when = latest.get((unit.checklist_id, unit.organization_id, unit.respondent_id))
        if when is not None:
            found.append(Outranked(unit, when))
    return found

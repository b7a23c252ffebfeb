"""Per-session counters kept by the store (migration 0013): how many items apply, how
many of them are answered, broken (`Checklist.is_broken`, the one rule) and answered
not applicable. Lists read them instead of every answer.

They are written in the same transaction as each write of answers: a saved, cleared or
undone answer, an import, a bundle merge. Counting needs the checklist; when it is not
known to the writer (`checklists` returns None), the counters are set to NULL, which
readers take as "count from the answers" (`inspector.store.session_list`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, select, update
from sqlmodel import SQLModel

import inspector.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from inspector.domain.progress import progress

if TYPE_CHECKING:
    from inspector.domain.checklist import Checklist
    from inspector.store.imports import ImportBatch

ChecklistLookup = Callable[[str], "Checklist | None"]
"""The checklist in force of an id, or None when it is not known."""

COUNTERS = ("answered_count", "applicable_count", "broken_count", "not_applicable_count")
"""The counter columns of `inspection_session`."""
_WRITTEN = (*COUNTERS, "counted_with")

_SESSIONS = SQLModel.metadata.tables["inspection_session"]
_ANSWERS = SQLModel.metadata.tables["answer"]
_ORGS = SQLModel.metadata.tables["organization"]
_CHUNK = 500  # bound parameters per IN (...) query


def counters_of(
    checklist: Checklist | None, values: Mapping[str, str | None], tags: Iterable[str]
) -> dict[str, Any]:
    """The counter columns' values of a session with these answers (NULL without a
    checklist)."""
    if checklist is None:
        return dict.fromkeys(_WRITTEN)
    counts = progress(checklist, values, set(tags))
    return {
        "counted_with": checklist.digest,
        "answered_count": counts.answered,
        "applicable_count": counts.applicable,
        "broken_count": counts.noncompliant,
        "not_applicable_count": counts.not_applicable,
    }


def lookup_of(checklists: ChecklistLookup | Mapping[str, Checklist] | None) -> ChecklistLookup:
    if checklists is None:
        return lambda _id: None
    if isinstance(checklists, Mapping):
        return checklists.get
    return checklists


def refresh_session_counters(
    connection: Connection,
    session_ids: Iterable[int],
    checklists: ChecklistLookup | Mapping[str, Checklist] | None = None,
) -> None:
    """Count the sessions' answers again and store the counters, on `connection` (inside
    the caller's transaction). A grouped read per 500 sessions, one executemany write."""
    lookup = lookup_of(checklists)
    ids = sorted(set(session_ids))
    for start in range(0, len(ids), _CHUNK):
        chunk = ids[start : start + _CHUNK]
        sessions = connection.execute(
            select(_SESSIONS.c.id, _SESSIONS.c.checklist_id, _ORGS.c.tags)
            .join(_ORGS, _ORGS.c.id == _SESSIONS.c.organization_id)
            .where(_SESSIONS.c.id.in_(chunk))
        ).all()
        values: dict[int, dict[str, str | None]] = {sid: {} for sid in chunk}
        for sid, item_id, value in connection.execute(
            select(_ANSWERS.c.session_id, _ANSWERS.c.item_id, _ANSWERS.c.value).where(
                _ANSWERS.c.session_id.in_(chunk)
            )
        ):
            values[sid][item_id] = value
        found: dict[str, Checklist | None] = {}
        rows: list[dict[str, Any]] = []
        for sid, checklist_id, tags in sessions:
            if checklist_id not in found:
                found[checklist_id] = lookup(checklist_id)
            counters = counters_of(found[checklist_id], values[sid], tags or ())
            rows.append({"sid": sid, **{f"n_{k}": v for k, v in counters.items()}})
        if rows:
            connection.execute(
                update(_SESSIONS)
                .where(_SESSIONS.c.id == bindparam("sid"))
                .values({name: bindparam(f"n_{name}") for name in _WRITTEN}),
                rows,
            )


def refresh_imported_counters(connection: Connection, batches: Sequence[ImportBatch]) -> None:
    """The counters of the sessions an import wrote (found by their identity), counted
    with the batches' own checklists."""
    keys = list(dict.fromkeys(batch.import_key for batch in batches))
    ids: list[int] = []
    for start in range(0, len(keys), _CHUNK):
        ids.extend(
            connection.execute(
                select(_SESSIONS.c.id).where(
                    _SESSIONS.c.import_key.in_(keys[start : start + _CHUNK])
                )
            ).scalars()
        )
    refresh_session_counters(connection, ids, {b.checklist.id: b.checklist for b in batches})


__all__ = [
    "COUNTERS",
    "ChecklistLookup",
    "counters_of",
    "refresh_imported_counters",
    "refresh_session_counters",
]

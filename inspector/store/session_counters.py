"""Per-session counters kept by the store (migration 0013): how many items apply, how
many of them are answered, broken (`Checklist.is_broken`, the one rule) and answered
not applicable. Lists read them instead of every answer.

They are written in the same transaction as each write of answers: a saved, cleared or
undone answer, an import, a bundle merge. Counting needs the checklist; when it is not
known to the writer (`checklists` returns None), the counters are set to NULL, which
readers take as "count from the answers" (`inspector.store.session_list`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, bindparam, select, update
from sqlmodel import SQLModel

import inspector.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from inspector.domain.counting import CountingPlan, Counts

if TYPE_CHECKING:
    from inspector.domain.checklist import Checklist

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
    checklist: Checklist | None,
    values: Mapping[str, str | None],
    tags: Iterable[str],
    plans: Plans | None = None,
) -> dict[str, Any]:
    """The counter columns' values of a session with these answers (NULL without a
    checklist). `plans`: the counting plans kept between calls (`Plans`)."""
    if checklist is None:
        return dict.fromkeys(_WRITTEN)
    plan = (plans or Plans()).plan(checklist, tags)
    return columns_of(checklist.digest, plan.count(values))


def columns_of(digest: str, counts: Counts) -> dict[str, Any]:
    """The counter columns of counts counted with the checklist of `digest`."""
    answered, applicable, broken, not_applicable = counts
    return {
        "counted_with": digest,
        "answered_count": answered,
        "applicable_count": applicable,
        "broken_count": broken,
        "not_applicable_count": not_applicable,
    }


class Plans:
    """The counting plan of each checklist and set of organization tags, made once (a
    bulk write counts thousands of sessions of a few checklists)."""

    def __init__(self) -> None:
        self._plans: dict[tuple[int, frozenset[str]], tuple[Checklist, CountingPlan]] = {}

    def plan(self, checklist: Checklist, tags: Iterable[str]) -> CountingPlan:
        key = (id(checklist), frozenset(tags))
        found = self._plans.get(key)
        if found is None:
            # the checklist is kept with its plan: its id() is not reused while cached
            found = self._plans[key] = (checklist, CountingPlan(checklist, key[1]))
        return found[1]


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
    for rows in counted_rows(connection, session_ids, checklists):
        store_rows(connection, rows)


def counted_rows(
    connection: Connection,
    session_ids: Iterable[int],
    checklists: ChecklistLookup | Mapping[str, Checklist] | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """The sessions counted from their answers, 500 at a time: for each, its id ("sid")
    and its counter columns ("n_" and the column's name), as `store_rows` writes them."""
    lookup = lookup_of(checklists)
    plans = Plans()
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
            counters = counters_of(found[checklist_id], values[sid], tags or (), plans)
            rows.append({"sid": sid, **{f"n_{k}": v for k, v in counters.items()}})
        yield rows


def counts_of_row(row: Mapping[str, Any]) -> Counts | None:
    """The counts of a row of `counted_rows` (None: not counted, the checklist unknown)."""
    counts = tuple(row[f"n_{name}"] for name in COUNTERS)
    return None if None in counts else counts  # type: ignore[return-value]


def store_rows(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Write rows of `counted_rows` (one executemany)."""
    if rows:
        connection.execute(
            update(_SESSIONS)
            .where(_SESSIONS.c.id == bindparam("sid"))
            .values({name: bindparam(f"n_{name}") for name in _WRITTEN}),
            rows,
        )


__all__ = [
    "COUNTERS",
    "ChecklistLookup",
    "Plans",
    "columns_of",
    "counted_rows",
    "counters_of",
    "counts_of_row",
    "refresh_session_counters",
    "store_rows",
]

"""Queries the consolidation screen needs beyond `ConsolidationRepository`:

- `breakers()`: the units whose latest completed session broke one item, with the
  reasons and note of that answer (the drill-down from an item);
- `consolidate_period()`: the same consolidation, counting only sessions whose
  `session_date` falls in a date range (the latest completed session per unit *within*
  the period, through `Scope.period_start/end`), for comparing this fiscal year with the last;
- `fiscal_year()`: the Japanese fiscal year (April 1 to March 31) of a date.

Everything counts with the rules of `inspector.domain.consolidation` (`classify`), so a
unit listed by `breakers()` is exactly one counted as noncompliant in the item table.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import Engine, bindparam, text

from inspector.domain.checklist import Checklist, Unit
from inspector.domain.consolidation import (
    Consolidation,
    Outcome,
    answer_reasons,
    classify,
    summarize,
)
from inspector.store.repositories.consolidation import ConsolidationRepository

_FIRST_MONTH = 4  # the Japanese fiscal year starts on April 1


@dataclass(frozen=True)
class Period:
    """A closed date range [start, end]."""

    start: date
    end: date

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.start <= day <= self.end


def fiscal_year(day: date) -> int:
    """The fiscal year a date belongs to (2025-03-31 is in 2024, 2025-04-01 in 2025)."""
    return day.year if day.month >= _FIRST_MONTH else day.year - 1


def fiscal_period(year: int) -> Period:
    """April 1 of `year` to March 31 of the next year."""
    return Period(date(year, _FIRST_MONTH, 1), date(year + 1, _FIRST_MONTH - 1, 31))


@dataclass(frozen=True)
class Breaker:
    """One unit that broke an item: the organization, or the person and staff type."""

    session_id: int
    session_date: date
    organization: str
    person: str | None
    staff_type: str | None
    value: str
    reasons: tuple[str, ...]
    """Reason labels in the checklist's language, then the free text."""
    note: str


def consolidate_period(
    engine: Engine,
    checklist: Checklist,
    period: Period,
    organization_codes: Iterable[str] = (),
    *,
    top: int = 10,
    lang: str = "ja",
) -> Consolidation:
    """The consolidation of the latest completed session per unit dated within `period`."""
    repo = ConsolidationRepository(engine)
    scope = replace(
        repo.scope(checklist, tuple(organization_codes)),
        period_start=period.start,
        period_end=period.end,
    )
    return summarize(checklist, repo.tally(scope, grouped=False), top=top, lang=lang)


def breakers(
    engine: Engine,
    checklist: Checklist,
    item_id: str,
    organization_codes: Sequence[str] = (),
    *,
    lang: str = "ja",
) -> list[Breaker]:
    """The units whose latest completed session counts `item_id` as broken, in the order
    of organization code, then person name."""
    repo = ConsolidationRepository(engine)
    scope = repo.scope(checklist, tuple(organization_codes))
    item = checklist.item(item_id)
    # the item and every item its applicability depends on
    needed = {item_id}
    cursor = item
    while cursor.depends_on is not None:
        needed.add(cursor.depends_on.item)
        cursor = checklist.item(cursor.depends_on.item)
    person = checklist.unit is Unit.RESPONDENT
    cte, params, binds = repo._latest_cte(scope, grouped=True)
    sql = (
        cte
        + """
        SELECT l.sid, s.session_date, o.code, o.name, p.name, p.staff_type, o.tags,
               a.item_id, a.value, a.reasons, a.reason_text, a.note
        FROM latest l
        JOIN inspection_session s ON s.id = l.sid
        JOIN organization o ON o.id = s.organization_id
        LEFT JOIN person p ON p.id = s.respondent_id
        JOIN answer a ON a.session_id = l.sid
        WHERE a.item_id IN :needed
        """
    )
    params = {**params, "needed": sorted(needed)}
    statement = text(sql).bindparams(*binds, bindparam("needed", expanding=True))
    with engine.connect() as conn:
        rows = conn.execute(statement, params).all()
    units: dict[int, dict[str, Any]] = {}
    for sid, day, code, org, name, staff, tags, answer_item, value, reasons, free, note in rows:
        unit = units.setdefault(
            sid,
            {
                "date": day if isinstance(day, date) else date.fromisoformat(str(day)),
                "code": code,
                "org": org,
                "person": name if person else None,
                "staff": staff if person else None,
                "tags": frozenset(json.loads(tags) if tags else []),
                "values": {},
            },
        )
        unit["values"][answer_item] = value
        if answer_item == item_id:
            unit["reasons"] = answer_reasons(json.loads(reasons) if reasons else [], free or "")
            unit["note"] = note or ""
    labels = {r.id: r.get(lang) for r in item.reasons}
    found: list[tuple[tuple[str, str], Breaker]] = []
    for sid, unit in units.items():
        values = unit["values"]
        if classify(checklist, item, values, unit["tags"]) is not Outcome.NONCOMPLIANT:
            continue
        breaker = Breaker(
            session_id=sid,
            session_date=unit["date"],
            organization=unit["org"],
            person=unit["person"],
            staff_type=unit["staff"],
            value=values[item_id],
            reasons=tuple(labels.get(r, r) for r in unit.get("reasons", ())),
            note=unit.get("note", ""),
        )
        found.append(((unit["code"], unit["person"] or ""), breaker))
    found.sort(key=lambda pair: pair[0])
    return [b for _, b in found]


__all__ = [
    "Breaker",
    "Period",
    "breakers",
    "consolidate_period",
    "fiscal_period",
    "fiscal_year",
]

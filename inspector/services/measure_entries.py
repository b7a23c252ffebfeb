"""Recording a measure entry (措置状況) of an improvement plan, for both front ends: who is
named as its recorder and which dates are refused are decided here, once. Entries are
never edited afterwards, so a wrong date or name would stay."""

from __future__ import annotations

from datetime import date

from inspector.config import Settings
from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.findings import MeasureEntry, MeasureStatus
from inspector.i18n import Message
from inspector.services.actors import auditor


def entry_recorder(settings: Settings) -> str:
    """The entry's 記録者: the configured inspector's name; the login name only while no
    name is configured (it is never printed on a document)."""
    return auditor(settings)


def check_entry_date(day: date, today: date | None = None) -> None:
    """Raise ValueError for a day after today in Japan: a measure is recorded when it was
    taken, never ahead."""
    current = today or japan_today()
    if day > current:
        raise ValueError(
            Message("tui.visit5a.entry_future", day=day.isoformat(), today=current.isoformat())
        )


def add_measure_entry(
    context: AppContext,
    plan_id: int,
    status: MeasureStatus,
    day: date,
    text: str,
    *,
    seen: int | None = None,
) -> MeasureEntry:
    """Append the entry (refused, nothing written, for a future day)."""
    check_entry_date(day)
    recorder = entry_recorder(context.settings)
    return context.findings.add_entry(plan_id, status, day, text, recorder, seen=seen)


__all__ = ["add_measure_entry", "check_entry_date", "entry_recorder"]

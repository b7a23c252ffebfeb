"""Consolidate one checklist (`inspector consolidate`, the consolidation screen), and the
same counts for this fiscal year against the last (the screen's comparison tab)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from inspector.context import AppContext
from inspector.domain.checklist import Checklist, Unit
from inspector.domain.consolidation import Consolidation
from inspector.services.errors import Refused
from inspector.store.repositories.consolidation import ConsolidationRepository
from inspector.store.repositories.consolidation_drill import Period, fiscal_period, fiscal_year


@dataclass(frozen=True)
class PeriodResult:
    """The consolidation of one fiscal year."""

    year: int
    period: Period
    result: Consolidation


def split_by(checklist: Checklist, by: str | None) -> str | None:
    """`by` for a person checklist; organization checklists are never split."""
    return by if checklist.unit is Unit.RESPONDENT else None


def load_consolidation(
    context: AppContext,
    checklist: Checklist,
    by: str | None,
    top: int,
    organization_codes: Sequence[str] = (),
) -> Consolidation:
    """What `inspector consolidate --checklist ID [--by staff_type] [--organization CODE]`
    computes."""
    repo = ConsolidationRepository(context.engine)
    return repo.consolidate(
        checklist,
        tuple(organization_codes),
        by=split_by(checklist, by),
        top=top,
        lang=context.settings.lang,
    )


def run_consolidation(
    context: AppContext,
    checklist_id: str,
    organizations: Sequence[str] = (),
    by: str | None = None,
    top: int = 10,
) -> tuple[Checklist, Consolidation]:
    """What `inspector consolidate` and `inspector report summary` count: the checklist by
    its id, and its consolidation (`--by` refused for an organization checklist)."""
    checklist = context.catalog.get(checklist_id)
    if by is not None and checklist.unit is not Unit.RESPONDENT:
        raise Refused(context.t("refused.by_needs_person", by=by, checklist=checklist.id))
    return checklist, load_consolidation(context, checklist, by, top, organizations)


def load_comparison(
    context: AppContext,
    checklist: Checklist,
    today: date,
    organization_codes: Sequence[str] = (),
    by: str | None = None,
) -> tuple[PeriodResult, PeriodResult]:
    """(previous fiscal year, current fiscal year), each over the latest completed session
    per unit dated within it, for the organizations named (and those below them; all when
    none is), split by staff type with `by` (person checklists)."""
    repo = ConsolidationRepository(context.engine)
    scope = repo.scope(checklist, tuple(organization_codes))
    current = fiscal_year(today)
    results = []
    for year in (current - 1, current):
        period = fiscal_period(year)
        result = repo.consolidate_scope(
            replace(scope, period_start=period.start, period_end=period.end),
            by=split_by(checklist, by),
            lang=context.settings.lang,
        )
        results.append(PeriodResult(year, period, result))
    return results[0], results[1]


def load_staff_tally(
    context: AppContext, checklist: Checklist, organization_codes: Sequence[str] = ()
) -> tuple[Consolidation, bool]:
    """The consolidation by staff type (`inspector consolidate --by staff_type
    [--organization CODE]`), and whether the organizations counted include some below the
    one named (the hearing screen's table)."""
    repo = ConsolidationRepository(context.engine)
    scope = repo.scope(checklist, tuple(organization_codes))
    result = repo.consolidate_scope(scope, by="staff_type", lang=context.settings.lang)
    below = scope.organization_ids is not None and len(scope.organization_ids) > 1
    return result, below


__all__ = [
    "PeriodResult",
    "load_comparison",
    "load_consolidation",
    "load_staff_tally",
    "run_consolidation",
    "split_by",
]

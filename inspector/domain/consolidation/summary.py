"""A consolidation from a tally: the tables of items, distribution, unions, staff types and
reasons (`summarize`), and the whole consolidation of plain unit records (`consolidate`)."""

from __future__ import annotations

from collections.abc import Iterable

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation.distribution import distribution
from inspector.domain.consolidation.outcome import Outcome, is_judged
from inspector.domain.consolidation.reasons import rank_reasons
from inspector.domain.consolidation.results import Consolidation, GroupCount, ItemCount
from inspector.domain.consolidation.tally import Tally, UnitRecord, tally_units
from inspector.domain.model import StaffType

UNKNOWN_GROUP = "unknown"
GROUP_BY_CHOICES = ("staff_type",)


def _group_order(groups: Iterable[str]) -> list[str]:
    known = [t.value for t in StaffType]
    present = set(groups)
    ordered = [g for g in known if g in present]
    return ordered + sorted(present - set(known))


def summarize(
    checklist: Checklist,
    tally: Tally,
    *,
    by: str | None = None,
    top: int = 10,
    lang: str = "ja",
) -> Consolidation:
    """Turn a tally into the tables: items, distribution, unions, groups, reasons."""
    groups = list(tally.population)
    population = sum(tally.population.values())
    outcomes = tally.outcomes
    counts: list[ItemCount] = []
    for item in checklist.items:

        def total(outcome: Outcome, item_id: str = item.id) -> int:
            return sum(outcomes[(g, item_id, outcome)] for g in groups)

        compliant = total(Outcome.COMPLIANT)
        noncompliant = total(Outcome.NONCOMPLIANT)
        answered = total(Outcome.ANSWERED)
        unanswered = total(Outcome.UNANSWERED)
        applicable = compliant + noncompliant + answered + unanswered
        counts.append(
            ItemCount(
                item=item.id,
                compliant=compliant,
                noncompliant=noncompliant,
                not_applicable=population - applicable,
                unanswered=unanswered,
                answered=answered,
                applicable=applicable,
                judged=is_judged(item),
            )
        )
    broken = {c.item: c.noncompliant for c in counts}
    unions = {u.id: sum(tally.unions[(g, u.id)] for g in groups) for u in checklist.unions}
    group_counts: dict[str, GroupCount] | None = None
    if by is not None:
        group_counts = {}
        for group in _group_order(groups):
            group_counts[group or UNKNOWN_GROUP] = GroupCount(
                population=tally.population[group],
                items={
                    i.id: outcomes[(group, i.id, Outcome.NONCOMPLIANT)]
                    for i in checklist.items
                    if is_judged(i)
                },
                unions={u.id: tally.unions[(group, u.id)] for u in checklist.unions},
            )
    return Consolidation(
        checklist=checklist.id,
        unit=checklist.unit.value,
        population=population,
        missing=tally.missing,
        items=tuple(counts),
        distribution=distribution(checklist, broken),
        unions=unions,
        reasons=rank_reasons(checklist, counts, tally.reasons, top=top, lang=lang),
        groups=group_counts,
        by=by,
    )


def consolidate(
    checklist: Checklist,
    units: Iterable[UnitRecord],
    *,
    missing: int = 0,
    by: str | None = None,
    top: int = 10,
    lang: str = "ja",
) -> Consolidation:
    """The whole consolidation of plain unit records."""
    return summarize(checklist, tally_units(checklist, units, missing), by=by, top=top, lang=lang)


def staff_type_rows(
    checklist: Checklist, result: Consolidation, population_label: str
) -> list[list[object]]:
    """The staff-type table's body: the population, then each judged item's and each
    union's broken count per staff type (in `result.groups` order) and in total. The result
    must be split by staff type."""
    if result.groups is None:
        raise ValueError("the consolidation is not split by staff type")
    groups = list(result.groups.values())
    rows: list[list[object]] = [
        [population_label, *(g.population for g in groups), result.population]
    ]
    for c in result.items:
        if c.judged:
            rows.append([c.item, *(g.items[c.item] for g in groups), c.noncompliant])
    for u in checklist.unions:
        rows.append([u.id, *(g.unions[u.id] for g in groups), result.unions[u.id]])
    return rows

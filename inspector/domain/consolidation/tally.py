"""The tally: the raw counts of outcomes, reasons and unions per staff type, counted unit by
unit in plain Python (the store may count the same `Tally` in SQL for speed)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from inspector.domain.checklist import Checklist, Item
from inspector.domain.consolidation.outcome import Outcome, value_outcome

NO_GROUP = ""


@dataclass(frozen=True)
class UnitRecord:
    """One unit's latest completed session, as plain data.

    `reasons` maps an item to the reasons given for it (reason ids and free text, see
    `answer_reasons`); `group` is the staff type of a respondent (None for organizations).
    """

    unit: str
    values: Mapping[str, str | None]
    reasons: Mapping[str, Sequence[str]] = field(default_factory=dict)
    org_tags: frozenset[str] = frozenset()
    group: str | None = None


@dataclass
class Tally:
    """The raw counts from which every table is built; `group` keys are staff types
    (or "" when units have none)."""

    population: Counter[str] = field(default_factory=Counter)
    outcomes: Counter[tuple[str, str, Outcome]] = field(default_factory=Counter)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    unions: Counter[tuple[str, str]] = field(default_factory=Counter)
    missing: int = 0

    def add_unit(
        self,
        checklist: Checklist,
        group: str,
        values: Mapping[str, str | None],
        reasons: Mapping[str, Sequence[str]],
        org_tags: frozenset[str] | set[str],
        items: Iterable[Item] | None = None,
        unions: bool = True,
    ) -> None:
        """Count one unit's outcomes for `items` (all by default) and its unions.

        Does not count the unit in the population: the caller does, once per unit.
        """
        ok = checklist.applicability(values, org_tags)  # one pass, however deep the chains
        for item in checklist.items if items is None else items:
            outcome = Outcome.NOT_APPLICABLE
            if ok[item.id]:
                outcome = value_outcome(checklist, item, values.get(item.id))
            self.outcomes[(group, item.id, outcome)] += 1
            if outcome is Outcome.NONCOMPLIANT:
                for reason in reasons.get(item.id, ()):
                    self.reasons[(item.id, reason)] += 1
        if unions:
            for union in checklist.unions:
                if any(values.get(i) == union.answer and ok.get(i, False) for i in union.items):
                    self.unions[(group, union.id)] += 1


def group_key(group: str | None) -> str:
    return group if group is not None else NO_GROUP


def tally_units(checklist: Checklist, units: Iterable[UnitRecord], missing: int = 0) -> Tally:
    """Count every unit, item by item, in plain Python (the reference for the SQL path)."""
    tally = Tally(missing=missing)
    for unit in units:
        group = group_key(unit.group)
        tally.population[group] += 1
        tally.add_unit(checklist, group, unit.values, unit.reasons, unit.org_tags)
    return tally

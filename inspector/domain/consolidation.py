"""Consolidation maths: per-item counts, the distribution of items by how many units broke
them, unions counted once per unit, counts by staff type, and the reasons ranked.

Pure Python on plain data. The store may compute the same `Tally` in SQL for speed (see
`inspector.store.repositories.consolidation`); `summarize` turns either tally into the
result, so the tables, the JSON, the Excel file and the PDF all come from one place.

Rules (documented in the README's consolidation section):

- A unit is an organization (organization checklists) or a respondent (person
  checklists). Only its latest completed session counts; units whose sessions are all
  open are reported as `missing` and are not in the population.
- An item *applies* to a unit when `Checklist.applies` says so (its `applies_when` tags
  meet the organization's, and its `depends_on` item applies and was given the named
  answer). An item that applies but was answered `not_applicable` is not applicable
  either. `applicable` = units for which the item applies and that did not answer
  `not_applicable`; `applicable + not_applicable = population`.
- What counts as *broken* (noncompliant): `noncompliant` for compliance items; for yes/no
  items, `yes` in person checklists (a hearing question: "have you ever...?") and `no` in
  organization checklists (a survey of measures: "do you ...?"). Choice, number and text
  items are never broken: they are counted as `answered`.
  `compliant + noncompliant + answered + unanswered = applicable`.
- rate = noncompliant / applicable (0 when nothing applies).
- A union counts a unit once when any of its items applies and was answered with the
  union's `answer` (default "yes").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from inspector.domain.checklist import AnswerType, Checklist, Item, Unit
from inspector.domain.model import StaffType

NO_GROUP = ""
UNKNOWN_GROUP = "unknown"
GROUP_BY_CHOICES = ("staff_type",)


class Outcome(StrEnum):
    """How one item stands for one unit."""

    COMPLIANT = "compliant"
    NONCOMPLIANT = "noncompliant"
    NOT_APPLICABLE = "not_applicable"
    UNANSWERED = "unanswered"
    ANSWERED = "answered"  # a choice, number or text answer: neither compliant nor broken


def is_judged(item: Item) -> bool:
    """Whether the item can be broken (compliance and yes/no items)."""
    return item.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO)


def broken_value(checklist: Checklist, item: Item) -> str | None:
    """The stored value that counts as broken for this item, or None for unjudged items."""
    if item.answer is AnswerType.COMPLIANCE:
        return "noncompliant"
    if item.answer is AnswerType.YES_NO:
        return "yes" if checklist.unit is Unit.RESPONDENT else "no"
    return None


def value_outcome(checklist: Checklist, item: Item, value: str | None) -> Outcome:
    """The outcome of an answer to an item that applies."""
    if value is None:
        return Outcome.UNANSWERED
    if item.answer is AnswerType.COMPLIANCE:
        if value == "noncompliant":
            return Outcome.NONCOMPLIANT
        if value == "not_applicable":
            return Outcome.NOT_APPLICABLE
        if value == "compliant":
            return Outcome.COMPLIANT
        return Outcome.ANSWERED
    if item.answer is AnswerType.YES_NO:
        if value not in ("yes", "no"):
            return Outcome.ANSWERED
        return Outcome.NONCOMPLIANT if value == broken_value(checklist, item) else Outcome.COMPLIANT
    return Outcome.ANSWERED


def classify(
    checklist: Checklist,
    item: Item,
    values: Mapping[str, str | None],
    org_tags: frozenset[str] | set[str],
) -> Outcome:
    """The outcome of `item` for a unit with these answers and organization tags."""
    if not checklist.applies(item, values, org_tags):
        return Outcome.NOT_APPLICABLE
    return value_outcome(checklist, item, values.get(item.id))


def union_hit(
    checklist: Checklist,
    items: Sequence[str],
    answer: str,
    values: Mapping[str, str | None],
    org_tags: frozenset[str] | set[str],
) -> bool:
    """Whether a unit counts in a union: any item of it applies and was given `answer`."""
    for item_id in items:
        if values.get(item_id) == answer and checklist.applies(
            checklist.item(item_id), values, org_tags
        ):
            return True
    return False


def answer_reasons(reasons: Iterable[str], reason_text: str = "") -> tuple[str, ...]:
    """The reasons of one answer as counted: the picked reason ids, then the free text."""
    picked = tuple(r for r in reasons if r)
    text = reason_text.strip()
    return (*picked, text) if text else picked


# -- inputs -------------------------------------------------------------------------------


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


# -- results ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemCount:
    item: str
    compliant: int
    noncompliant: int
    not_applicable: int
    unanswered: int
    answered: int
    applicable: int
    judged: bool

    @property
    def rate(self) -> float:
        return self.noncompliant / self.applicable if self.applicable else 0.0

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "compliant": self.compliant,
            "noncompliant": self.noncompliant,
            "not_applicable": self.not_applicable,
            "unanswered": self.unanswered,
            "answered": self.answered,
            "applicable": self.applicable,
            "rate": round(self.rate, 4),
        }


@dataclass(frozen=True)
class Bucket:
    """Items broken by between `min` and `max` units (`max` None: no upper bound)."""

    min: int
    max: int | None
    items: int
    share: float
    item_ids: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        if self.max is None:
            return f"{self.min}+"
        if self.max == self.min:
            return str(self.min)
        return f"{self.min}-{self.max}"

    def label_ja(self) -> str:
        if self.max is None:
            return f"{self.min}～"
        if self.max == self.min:
            return str(self.min)
        return f"{self.min}～{self.max}"

    def to_json(self) -> dict[str, Any]:
        return {
            "label": self.label,
            "min": self.min,
            "max": self.max,
            "items": self.items,
            "share": round(self.share, 4),
            "item_ids": list(self.item_ids),
        }


@dataclass(frozen=True)
class ReasonCount:
    reason: str
    label: str
    count: int


@dataclass(frozen=True)
class ItemReasons:
    item: str
    noncompliant: int
    reasons: tuple[ReasonCount, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "item": self.item,
            "noncompliant": self.noncompliant,
            "reasons": [
                {"reason": r.reason, "label": r.label, "count": r.count} for r in self.reasons
            ],
        }


@dataclass(frozen=True)
class GroupCount:
    population: int
    items: dict[str, int]
    unions: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {"population": self.population, "items": self.items, "unions": self.unions}


@dataclass(frozen=True)
class Consolidation:
    checklist: str
    unit: str
    population: int
    missing: int
    items: tuple[ItemCount, ...]
    distribution: tuple[Bucket, ...]
    unions: dict[str, int]
    reasons: tuple[ItemReasons, ...]
    groups: dict[str, GroupCount] | None = None
    by: str | None = None

    def item(self, item_id: str) -> ItemCount:
        for count in self.items:
            if count.item == item_id:
                return count
        raise KeyError(item_id)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "checklist": self.checklist,
            "unit": self.unit,
            "population": self.population,
            "missing": self.missing,
            "items": [c.to_json() for c in self.items],
            "distribution": [b.to_json() for b in self.distribution],
            "unions": dict(self.unions),
            "reasons": [r.to_json() for r in self.reasons],
        }
        if self.groups is not None:
            data["by"] = self.by
            data["groups"] = {g: c.to_json() for g, c in self.groups.items()}
        return data


def distribution(checklist: Checklist, broken: Mapping[str, int]) -> tuple[Bucket, ...]:
    """How many judged items were broken by 0, 1-2, ... units, by the checklist's edges."""
    judged = [i.id for i in checklist.items if is_judged(i)]
    total = len(judged)
    buckets: list[Bucket] = []
    for low, high in checklist.distribution_buckets():
        ids = tuple(
            i
            for i in judged
            if broken.get(i, 0) >= low and (high is None or broken.get(i, 0) <= high)
        )
        buckets.append(
            Bucket(
                min=low,
                max=high,
                items=len(ids),
                share=len(ids) / total if total else 0.0,
                item_ids=ids,
            )
        )
    return tuple(buckets)


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


def rank_reasons(
    checklist: Checklist,
    counts: Sequence[ItemCount],
    reasons: Mapping[tuple[str, str], int],
    *,
    top: int = 10,
    lang: str = "ja",
) -> tuple[ItemReasons, ...]:
    """The `top` most broken items (most noncompliant first, then checklist order), each
    with the reasons given for it, most frequent first."""
    order = {item.id: index for index, item in enumerate(checklist.items)}
    worst = sorted(
        (c for c in counts if c.judged and c.noncompliant > 0),
        key=lambda c: (-c.noncompliant, order[c.item]),
    )[: max(top, 0)]
    by_item: dict[str, list[tuple[str, int]]] = {}
    for (item_id, reason), count in reasons.items():
        by_item.setdefault(item_id, []).append((reason, count))
    result: list[ItemReasons] = []
    for entry in worst:
        item = checklist.item(entry.item)
        labels = {r.id: r.get(lang) for r in item.reasons}
        ranked = sorted(
            (
                ReasonCount(reason, labels.get(reason, reason), n)
                for reason, n in by_item.get(item.id, [])
            ),
            key=lambda r: (-r.count, r.label),
        )
        result.append(ItemReasons(item.id, entry.noncompliant, tuple(ranked)))
    return tuple(result)


@dataclass(frozen=True)
class PairUnion:
    """A union of two items as the source documents write it (000: 115 + 33 − 15 = 133):
    the units counted by each item, the units counted by both, and the union."""

    first: int
    second: int
    both: int
    union: int


def group_count(result: Consolidation, group: str) -> GroupCount:
    """The counts of one staff type (all zero when no unit of that type was counted)."""
    if result.groups is not None and group in result.groups:
        return result.groups[group]
    return GroupCount(population=0, items={}, unions={})


def pair_union(
    checklist: Checklist, result: Consolidation, union_id: str, group: str | None = None
) -> PairUnion | None:
    """The union `union_id` of exactly two items as first + second − both, for all units or
    one staff type (`group`, the result must be split by staff type). None when the union
    has another number of items, or counts another answer than the broken one (then the
    items' counts are not the union's terms)."""
    union = next((u for u in checklist.unions if u.id == union_id), None)
    if union is None or len(union.items) != 2:
        return None
    items = [checklist.item(i) for i in union.items]
    if any(broken_value(checklist, item) != union.answer for item in items):
        return None
    if group is None:
        first, second = (result.item(i.id).noncompliant for i in items)
        total = result.unions[union_id]
    else:
        counts = group_count(result, group)
        first, second = (counts.items.get(i.id, 0) for i in items)
        total = counts.unions.get(union_id, 0)
    return PairUnion(first=first, second=second, both=first + second - total, union=total)


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


__all__ = [
    "GROUP_BY_CHOICES",
    "Bucket",
    "Consolidation",
    "GroupCount",
    "ItemCount",
    "ItemReasons",
    "Outcome",
    "PairUnion",
    "ReasonCount",
    "Tally",
    "UnitRecord",
    "answer_reasons",
    "broken_value",
    "classify",
    "consolidate",
    "distribution",
    "group_count",
    "is_judged",
    "pair_union",
    "rank_reasons",
    "summarize",
    "tally_units",
    "union_hit",
    "value_outcome",
]

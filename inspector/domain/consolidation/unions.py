"""Unions: a unit counted once when any item of a union applies and was given the union's
answer, and a union of two items as the source documents write it (first + second − both).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation.outcome import broken_value
from inspector.domain.consolidation.results import Consolidation, GroupCount


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

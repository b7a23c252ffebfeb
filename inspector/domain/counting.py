"""A session's four counters (answered, applicable, broken, not applicable) as `progress`
gives them, counted fast: a bulk import or a repair counts thousands of sessions of the
same few checklists, so each checklist's rules are resolved once per set of organization
tags (`CountingPlan`) and a session costs one pass over its own answers.

`CountingPlan(checklist, tags).count(values)` equals `progress(checklist, values, tags)`
for every checklist and answers (tests/unit/test_counting.py compares them).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from inspector.domain.checklist import Checklist, Item
from inspector.domain.progress import progress

Counts = tuple[int, int, int, int]
"""answered, applicable, broken (`Checklist.is_broken`), answered not applicable"""


class CountingPlan:
    """The rules of `checklist` for an organization with `tags`: the items that always
    apply, the ones that apply after another item's answer (each after the item it
    depends on), and the value that counts as broken for each item."""

    __slots__ = ("_broken", "_checklist", "_conditional", "_fixed", "_generic", "_tags")

    def __init__(self, checklist: Checklist, tags: Iterable[str]) -> None:
        self._checklist = checklist
        self._tags = frozenset(tags)
        order = _dependency_order(checklist.items)
        # a checklist that cannot pass validation (an id twice, a cycle) is counted by
        # `progress` itself, which has its own rules for those
        self._generic = order is None
        self._fixed: frozenset[str] = frozenset()
        self._conditional: tuple[tuple[str, str, str], ...] = ()
        self._broken: dict[str, str] = {}
        if order is None:
            return
        tags_ok = {
            item.id: not item.applies_when or bool(set(item.applies_when) & self._tags)
            for item in order
        }
        self._fixed = frozenset(
            item.id for item in order if tags_ok[item.id] and item.depends_on is None
        )
        self._conditional = tuple(
            (item.id, item.depends_on.item, item.depends_on.answer)
            for item in order
            if tags_ok[item.id] and item.depends_on is not None
        )
        for item in order:
            broken = checklist.broken_value(item)
            if broken is not None:
                self._broken[item.id] = broken

    def count(self, values: Mapping[str, str | None]) -> Counts:
        """The counters of a session with these answers (item id -> stored value)."""
        if self._generic:
            found = progress(self._checklist, values, self._tags)
            return (found.answered, found.applicable, found.noncompliant, found.not_applicable)
        fixed = self._fixed
        live: set[str] = set()  # the conditional items that apply, decided parent first
        for item_id, parent, wanted in self._conditional:
            if (parent in fixed or parent in live) and values.get(parent) == wanted:
                live.add(item_id)
        answered = broken = not_applicable = 0
        broken_of = self._broken
        for item_id, value in values.items():
            if value is None or not (item_id in fixed or item_id in live):
                continue
            answered += 1
            if value == broken_of.get(item_id):
                broken += 1
            if value == "not_applicable":
                not_applicable += 1
        return (answered, len(fixed) + len(live), broken, not_applicable)


def _dependency_order(items: list[Item]) -> list[Item] | None:
    """The items, each after the item it depends on (as `Checklist.applicability` walks
    them); None when an id comes twice or the dependencies make a cycle."""
    by_id: dict[str, Item] = {}
    for item in items:
        if item.id in by_id:
            return None
        by_id[item.id] = item
    placed: set[str] = set()
    order: list[Item] = []
    for item in items:
        path: list[Item] = []
        on_path: set[str] = set()
        cursor: Item | None = item
        while cursor is not None and cursor.id not in placed:
            if cursor.id in on_path:
                return None
            path.append(cursor)
            on_path.add(cursor.id)
            dep = cursor.depends_on
            cursor = by_id.get(dep.item) if dep is not None else None
        for current in reversed(path):
            placed.add(current.id)
            order.append(current)
    return order


__all__ = ["CountingPlan", "Counts"]

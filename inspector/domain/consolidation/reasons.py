"""The reasons ranked: the most broken items, each with the reasons given for it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation.results import ItemCount, ItemReasons, ReasonCount


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

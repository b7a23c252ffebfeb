"""The distribution of judged items by how many units broke them, in the checklist's
buckets (0, 1-2, ...)."""

from __future__ import annotations

from collections.abc import Mapping

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation.outcome import is_judged
from inspector.domain.consolidation.results import Bucket


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

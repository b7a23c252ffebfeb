"""Which items apply: depends_on chains and organization tags."""

from __future__ import annotations

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.progress import progress


def test_dependent_item_applies_only_after_the_named_answer(mini_catalog: ChecklistCatalog) -> None:
    mini = mini_catalog.get("mini")
    y2 = mini.item("y2")
    assert not mini.applies(y2, {}, set())
    assert not mini.applies(y2, {"y1": "no"}, set())
    assert mini.applies(y2, {"y1": "yes"}, set())


def test_tagged_item_applies_only_to_tagged_organizations(mini_catalog: ChecklistCatalog) -> None:
    mini = mini_catalog.get("mini")
    t1 = mini.item("t1")
    assert not mini.applies(t1, {}, frozenset())
    assert mini.applies(t1, {}, frozenset({"employs_temporary"}))


def test_progress_counts_only_applicable_items(mini_catalog: ChecklistCatalog) -> None:
    mini = mini_catalog.get("mini")
    values = {"c1": "noncompliant", "c2": "not_applicable", "y1": "no", "y2": "yes"}
    result = progress(mini, values, set())
    # y2 no longer applies (y1 is no) and t1 does not apply to an untagged organization.
    assert result.applicable == 6
    assert result.answered == 3
    # c1 noncompliant, and y1 "no" in an organization checklist (the one rule for broken)
    assert result.noncompliant == 2
    assert result.not_applicable == 1
    assert result.unanswered == 3


def test_distribution_buckets_end_open(mini_catalog: ChecklistCatalog) -> None:
    assert mini_catalog.get("mini").distribution_buckets() == [(0, 0), (1, 2), (3, None)]

"""`CountingPlan` (the counters a bulk import and a repair count) equals `progress` for
every shipped checklist and for random checklists whose items depend on items listed
after them, on random answers and tags."""

from __future__ import annotations

import random
from typing import Any

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist
from inspector.domain.counting import CountingPlan
from inspector.domain.progress import progress

TAGS = ("employs_temporary", "has_server_room", "other")


def _expected(checklist: Checklist, values: dict[str, str | None], tags: set[str]) -> Any:
    found = progress(checklist, values, tags)
    return (found.answered, found.applicable, found.noncompliant, found.not_applicable)


def _answers(rng: random.Random, checklist: Checklist) -> dict[str, str | None]:
    wanted = [i.depends_on.answer for i in checklist.items if i.depends_on is not None]
    pool = [None, "compliant", "noncompliant", "not_applicable", "yes", "no", "7", *wanted]
    values = {i.id: rng.choice(pool) for i in checklist.items if rng.random() < 0.8}
    if rng.random() < 0.3:
        values["not-an-item"] = "yes"  # a stored answer of an item the checklist lost
    return values


def _tags(rng: random.Random) -> set[str]:
    return {t for t in TAGS if rng.random() < 0.5}


def test_plan_counts_as_progress_on_the_shipped_checklists(
    shipped_catalog: ChecklistCatalog, mini_catalog: ChecklistCatalog
) -> None:
    rng = random.Random(17)
    for checklist in [*shipped_catalog, *mini_catalog]:
        for _ in range(200):
            values, tags = _answers(rng, checklist), _tags(rng)
            plan = CountingPlan(checklist, tags)
            assert plan.count(values) == _expected(checklist, values, tags), checklist.id


def _random_checklist(rng: random.Random, unit: str) -> Checklist:
    """Items in a random order, each depending (or not) on another one before it in a
    hidden order, so a child is often listed before its parent; some tagged."""
    ids = [f"i{n}" for n in range(rng.randint(1, 25))]
    kinds = {i: rng.choice(["compliance", "yes_no", "number"]) for i in ids}
    allowed = {"compliance": ["compliant", "noncompliant"], "yes_no": ["yes", "no"]}
    items: list[dict[str, Any]] = []
    for position, item_id in enumerate(ids):
        item: dict[str, Any] = {
            "id": item_id,
            "section": "s",
            "text": {"ja": f"項目{position}"},
            "answer": kinds[item_id],
        }
        parents = [i for i in ids[:position] if kinds[i] in allowed]
        if parents and rng.random() < 0.6:
            parent = rng.choice(parents)
            answer = rng.choice([*allowed[kinds[parent]], "not_applicable"])
            item["depends_on"] = {"item": parent, "answer": answer}
        if rng.random() < 0.3:
            item["applies_when"] = rng.sample(TAGS, rng.randint(1, 2))
        items.append(item)
    rng.shuffle(items)
    return Checklist.model_validate(
        {
            "id": "random",
            "title": {"ja": "無作為"},
            "version": "1",
            "unit": unit,
            "sections": [{"id": "s", "title": {"ja": "区分"}}],
            "items": items,
        }
    )


@pytest.mark.parametrize("unit", ["organization", "respondent"])
def test_plan_counts_as_progress_on_random_checklists(unit: str) -> None:
    rng = random.Random(f"counting-{unit}")
    for _ in range(300):
        checklist = _random_checklist(rng, unit)
        for _ in range(10):
            values, tags = _answers(rng, checklist), _tags(rng)
            plan = CountingPlan(checklist, tags)
            assert plan.count(values) == _expected(checklist, values, tags)

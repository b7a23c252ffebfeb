"""The runner's model without Textual: which rows an answer can change."""

from __future__ import annotations

from inspector.domain.catalog import ChecklistCatalog
from inspector.tui.runner_model import RunnerModel


def test_an_answer_affects_its_row_and_its_dependents_only(mini_catalog: ChecklistCatalog) -> None:
    model = RunnerModel(mini_catalog.get("mini"), frozenset(), {})
    assert model.affected_by("y1") == {"y1", "y2"}  # y2 depends on y1
    assert model.affected_by("c1") == {"c1"}
    assert model.affected_by("y2") == {"y2"}


def test_affected_by_follows_chains(shipped_catalog: ChecklistCatalog) -> None:
    hearing = shipped_catalog.get("id-password-hearing")
    model = RunnerModel(hearing, frozenset(), {})
    assert model.affected_by("q1") == {
        "q1",
        "q1-system",
        "q1-purpose",
        "q1-whose",
        "q1-period",
        "q1-frequency",
    }


def test_the_kept_values_and_applicable_items_follow_every_change(
    shipped_catalog: ChecklistCatalog,
) -> None:
    """The model keeps values() and applicable_ids() between changes and updates them per
    item (an answer to an item nothing depends on keeps the applicable set): after any
    sequence of saving, saved and failed states they equal what a fresh model computes."""
    import random
    from dataclasses import replace

    from inspector.domain.model import AnswerState

    hearing = shipped_catalog.get("id-password-hearing")
    model = RunnerModel(hearing, frozenset(), {})
    ids = [item.id for item in hearing.items]
    chance = random.Random(17)
    for _ in range(400):
        item_id = chance.choice(ids[:12])  # the chains' parents and children
        value = chance.choice(["yes", "no", None])
        state = replace(AnswerState(), value=value)
        step = chance.choice(["saving", "saved", "failed", "saving+saved"])
        if step == "saving":
            model.saving(item_id, state)
        elif step == "saved":
            model.saved(item_id, state)
        elif step == "failed":
            model.failed(item_id, state, "error")
        else:
            model.saving(item_id, state)
            model.applicable_ids()  # cached between the two
            model.saved(item_id, state)
        fresh = RunnerModel(hearing, frozenset(), dict(model.states))
        fresh.pending, fresh.unsaved = dict(model.pending), dict(model.unsaved)
        assert model.values() == fresh.values()
        assert model.applicable_ids() == fresh.applicable_ids()

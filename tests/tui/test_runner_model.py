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

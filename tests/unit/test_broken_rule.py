"""One rule for "broken" (issue 14, point 2): progress, documents and consolidation agree."""

from __future__ import annotations

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import value_outcome
from inspector.domain.consolidation.outcome import Outcome
from inspector.domain.documents import checklist_counts
from inspector.domain.progress import progress
from tests.tui.conftest import SAMPLE


def _checklist(unit: str) -> Checklist:
    return Checklist.model_validate({**SAMPLE, "unit": unit})


def test_hearing_yes_is_broken_everywhere() -> None:
    checklist = _checklist("respondent")
    values: dict[str, str | None] = {"c-01": "compliant", "c-02": "compliant", "h-01": "yes"}
    item = checklist.item("h-01")
    assert checklist.is_broken(item, "yes")
    assert value_outcome(checklist, item, "yes") is Outcome.NONCOMPLIANT
    assert progress(checklist, values, set()).noncompliant == 1
    counts = checklist_counts(checklist, values, set())
    assert (counts.compliant, counts.noncompliant) == (2, 1)


def test_survey_no_is_broken_and_yes_is_not() -> None:
    checklist = _checklist("organization")
    item = checklist.item("h-01")
    assert checklist.is_broken(item, "no") and not checklist.is_broken(item, "yes")
    assert not checklist.is_broken(checklist.item("n-02"), "never")  # choices never break
    values: dict[str, str | None] = {"h-01": "no", "c-01": "noncompliant"}
    assert progress(checklist, values, set()).noncompliant == 2

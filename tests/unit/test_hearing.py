"""The ID/password hearing domain: the patterns of 000, the "any yes" rule, progress,
counts and shares."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.hearing import (
    HEARING_CHECKLIST_ID,
    Classification,
    HearingCasesError,
    HearingStatus,
    PersonHearing,
    UnknownCase,
    case_counts,
    has_any_yes,
    hearing_progress,
    hearing_questions,
    hearing_status,
    load_hearing_cases,
    needs_classification,
    yes_counts_by_staff_type,
    yes_questions,
)
from inspector.domain.model import Person, PersonStatus, StaffType
from inspector.resources import shipped_checklists_dir

Q = ("q1", "q2", "q3", "q4")


def test_the_six_cases_of_000_load() -> None:
    cases = load_hearing_cases()
    assert cases.ids == ("case1", "case2", "case3", "case4", "case5", "case6")
    assert [c.label.ja for c in cases] == [f"ケース{n}" for n in range(1, 7)]
    assert [c.share for c in cases] == [69.6, 18.4, 6.4, 3.4, 1.1, 1.1]
    # Only the serious pattern (repeated approvals with the approver's ID) is heard in detail.
    assert [c.id for c in cases if c.detailed_hearing] == ["case6"]
    assert "起案者が不在" in cases.get("case1").description.ja
    assert "複数回" in cases.get("case6").description.ja
    assert all(c.description.en and c.summary.en for c in cases)
    with pytest.raises(UnknownCase, match="case9"):
        cases.get("case9")


def test_invalid_cases_files_are_refused(tmp_path: Path) -> None:
    twice = tmp_path / "twice.yaml"
    text = "ja: ケース, en: Case"
    case = (
        f"  - id: a\n    label: {{{text}}}\n    summary: {{{text}}}\n    description: {{{text}}}\n"
    )
    twice.write_text("cases:\n" + case + case, encoding="utf-8")
    with pytest.raises(HearingCasesError, match="listed twice"):
        load_hearing_cases(twice)
    empty = tmp_path / "empty.yaml"
    empty.write_text("cases: []\n", encoding="utf-8")
    with pytest.raises(HearingCasesError, match="cases"):
        load_hearing_cases(empty)
    with pytest.raises(HearingCasesError, match="cannot read"):
        load_hearing_cases(tmp_path / "missing.yaml")


def test_questions_of_the_shipped_checklist_and_the_any_yes_rule() -> None:
    checklist = ChecklistCatalog.from_folders([shipped_checklists_dir()]).get(HEARING_CHECKLIST_ID)
    assert hearing_questions(checklist) == Q
    answers = {"q1": "no", "q2": "yes", "q2-system": "財務会計", "q3": None, "q4": "yes"}
    assert yes_questions(answers, Q) == ("q2", "q4")
    assert has_any_yes(answers, Q)
    assert not has_any_yes({"q1": "no", "q2": "no", "q3": "no", "q4": "no"}, Q)
    assert not has_any_yes({}, Q)


def test_hearing_status() -> None:
    assert hearing_status({}, Q) is HearingStatus.NOT_STARTED
    assert hearing_status({"q1": "no"}, Q) is HearingStatus.IN_PROGRESS
    assert hearing_status(dict.fromkeys(Q, "no"), Q) is HearingStatus.HEARD
    assert hearing_status({"q1": "yes"}, Q, completed=True) is HearingStatus.HEARD


def _person(n: int, staff_type: StaffType = StaffType.REGULAR) -> Person:
    return Person(n, f"S{n:03}", f"職員{n}", 1, staff_type, PersonStatus.ACTIVE)


def _classified(session_id: int, case_id: str, detailed: bool = False) -> Classification:
    return Classification(
        session_id, session_id, case_id, detailed, "", "tester", datetime(2025, 6, 2, tzinfo=UTC)
    )


def test_progress_and_who_needs_classification() -> None:
    rows = [
        PersonHearing(_person(1), 1, HearingStatus.HEARD, ("q2",), _classified(1, "case1")),
        PersonHearing(_person(2, StaffType.PART_TIME), 2, HearingStatus.HEARD, ("q1", "q2")),
        PersonHearing(
            _person(3), 3, HearingStatus.IN_PROGRESS, ("q4",), _classified(3, "case6", True)
        ),
        PersonHearing(_person(4), 4, HearingStatus.HEARD),
        PersonHearing(_person(5), None, HearingStatus.NOT_STARTED),
    ]
    assert [r.person.id for r in needs_classification(rows)] == [2]
    progress = hearing_progress(rows)
    assert (progress.total, progress.heard, progress.in_progress, progress.not_started) == (
        5,
        3,
        1,
        1,
    )
    assert (progress.cases, progress.classified, progress.to_classify, progress.detailed) == (
        3,
        2,
        1,
        1,
    )
    by_type = yes_counts_by_staff_type(rows, Q)
    assert by_type["q2"] == {
        StaffType.REGULAR: 1,
        StaffType.PART_TIME: 1,
        StaffType.TEMPORARY: 0,
        StaffType.DISPATCHED: 0,
    }
    assert sum(by_type["q4"].values()) == 1 and sum(by_type["q3"].values()) == 0


def test_counts_and_shares_of_classified_cases() -> None:
    cases = load_hearing_cases()
    # 000's proportions, on 1,000 classified answers (ケース5 and 6 rounded to 11 each).
    ids = ["case1"] * 696 + ["case2"] * 184 + ["case3"] * 64 + ["case4"] * 34
    ids += ["case5"] * 11 + ["case6"] * 11
    counts = case_counts(ids, cases)
    assert [(c.case_id, c.count, c.share) for c in counts] == [
        ("case1", 696, 69.6),
        ("case2", 184, 18.4),
        ("case3", 64, 6.4),
        ("case4", 34, 3.4),
        ("case5", 11, 1.1),
        ("case6", 11, 1.1),
    ]
    # ケース1–4 together: 97.8 %, as the document says.
    assert round(sum(c.share for c in counts[:4]), 1) == 97.8
    small = case_counts(["case1", "case1", "case6", "old"], cases)
    assert [(c.case_id, c.count, c.share) for c in small if c.count] == [
        ("case1", 2, 50.0),
        ("case6", 1, 25.0),
        ("old", 1, 25.0),
    ]
    assert all(c.share == 0.0 for c in case_counts([], cases))

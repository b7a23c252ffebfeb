"""Findings and plans in the domain: proposals, overdue, filters, independence."""

from __future__ import annotations

from datetime import UTC, date, datetime

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.findings import (
    Finding,
    FindingKind,
    ImprovementPlan,
    MeasureEntry,
    MeasureStatus,
    PlanFilter,
    filter_plans,
    independence_conflict,
    propose_finding,
)
from inspector.domain.model import AnswerState, Organization

T = datetime(2025, 1, 1, tzinfo=UTC)


def entry(n: int, status: MeasureStatus, day: date) -> MeasureEntry:
    return MeasureEntry(n, 1, status, day, "", "x", T)


def plan(n: int, deadline: date, *entries: MeasureEntry, org: int = 1) -> ImprovementPlan:
    return ImprovementPlan(n, f"p{n}", n, "対策", org, "課長", deadline, T, tuple(entries))


def finding(n: int, kind: FindingKind = FindingKind.FINDING) -> Finding:
    return Finding(n, f"f{n}", kind, "t", "x", 1, None, (), {}, (), "", "x", T)


def test_status_is_the_newest_entry_by_date() -> None:
    p = plan(
        1,
        date(2025, 3, 31),
        entry(2, MeasureStatus.DONE, date(2025, 2, 1)),
        entry(1, MeasureStatus.ONGOING, date(2025, 1, 5)),
    )
    assert p.status is MeasureStatus.DONE
    assert not p.is_overdue(date(2025, 6, 1))


def test_overdue_when_past_deadline_and_not_done() -> None:
    p = plan(1, date(2025, 3, 31), entry(1, MeasureStatus.ONGOING, date(2025, 1, 5)))
    assert not p.is_overdue(date(2025, 3, 31))
    assert p.is_overdue(date(2025, 4, 1))
    assert plan(2, date(2025, 3, 31)).is_overdue(date(2025, 4, 1))


def test_filters_and_sort_by_deadline() -> None:
    today = date(2025, 4, 10)
    rows = [
        (finding(1), plan(1, date(2025, 5, 1))),
        (finding(2, FindingKind.OPINION), plan(2, date(2025, 3, 1))),
        (finding(3), plan(3, date(2025, 4, 15), entry(1, MeasureStatus.DONE, date(2025, 4, 1)))),
        (finding(4), plan(4, date(2025, 4, 12), org=2)),
    ]
    assert [p.id for _, p in filter_plans(rows, PlanFilter(), today)] == [2, 4, 3, 1]
    assert [p.id for _, p in filter_plans(rows, PlanFilter(overdue_only=True), today)] == [2]
    assert [p.id for _, p in filter_plans(rows, PlanFilter(due_within_days=7), today)] == [2, 4]
    assert [p.id for _, p in filter_plans(rows, PlanFilter(kind=FindingKind.OPINION), today)] == [2]
    assert [p.id for _, p in filter_plans(rows, PlanFilter(status=MeasureStatus.DONE), today)] == [
        3
    ]
    assert [p.id for _, p in filter_plans(rows, PlanFilter(organization_id=2), today)] == [4]


def test_independence_covers_the_division_above() -> None:
    orgs = {
        1: Organization(1, "100", "総務部"),
        2: Organization(2, "120", "情報政策課", parent_id=1),
        3: Organization(3, "130", "監査委員事務局", parent_id=1),
    }
    assert independence_conflict(2, orgs[2], orgs)  # audits itself
    assert independence_conflict(1, orgs[2], orgs)  # its own division
    assert not independence_conflict(3, orgs[2], orgs)  # a sibling office
    assert not independence_conflict(None, orgs[2], orgs)


def test_proposed_finding_carries_text_and_reasons_not_the_note(
    mini_catalog: ChecklistCatalog,
) -> None:
    mini = mini_catalog.get("mini")
    state = AnswerState(
        value="noncompliant",
        reasons=("busy",),
        reason_text="担当不在",
        note="棚に放置",
        evidence=("/p/1.jpg",),
    )
    draft = propose_finding(mini, mini.item("c1"), state, organization_id=7, session_id=3)
    assert draft.kind is FindingKind.FINDING
    assert draft.items == ("c1",) and draft.answers == {"c1": "noncompliant"}
    assert "操作者は指定された者に限られている" in draft.text
    assert "繁忙のため" in draft.text and "担当不在" in draft.text
    assert "棚に放置" not in draft.text  # the note is the inspector's private record
    assert "棚に放置" not in draft.title + draft.requested_measure
    assert draft.evidence == ("/p/1.jpg",)
    english = propose_finding(mini, mini.item("c1"), state, 7, 3, lang="en")
    assert english.title.startswith("Only designated operators") and "Too busy" in english.text
    assert "棚に放置" not in english.text


def test_requested_measure_asks_for_the_requirement_not_the_inspection_method(
    mini_catalog: ChecklistCatalog,
) -> None:
    mini = mini_catalog.get("mini")
    draft = propose_finding(mini, mini.item("c2"), AnswerState(value="noncompliant"), 1, 1)
    assert (
        draft.requested_measure
        == "「入退室管理簿を備えている」が守られるよう、必要な措置を講じること。"
    )
    english = propose_finding(
        mini, mini.item("c2"), AnswerState(value="noncompliant"), 1, 1, lang="en"
    )
    assert english.requested_measure == "Take the measures needed so that: An entry log is kept."

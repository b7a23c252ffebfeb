"""The deadlines typed in a returned 改善計画書: none before the finding's visit, none on a
day the office is closed (a deadline the plan already had is left as it is)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from inspector.domain.findings import Finding, ImprovementPlan
from inspector.exchange.workbooks.plans import SHEET_PLANS, ReturnedPlan
from inspector.exchange.workbooks.reader import Problem


def deadline_problems(
    visits: dict[int, date],
    rows: Iterable[ReturnedPlan],
    by_uid: dict[str, Finding],
    plans: dict[str, ImprovementPlan],
    skipped: set[int],
) -> list[Problem]:
    """A deadline typed before the finding's visit or on a closed day (docs8a), where it is
    (the H cell); a deadline the plan already had is left as it is (older data)."""
    from inspector.domain.business_days import closed_reason, next_business_day

    problems = []
    for row in rows:
        finding = by_uid.get(row.finding_uid)
        plan = plans.get(row.plan_uid)
        if row.deadline is None or finding is None or row.row in skipped:
            continue
        if plan is not None and plan.deadline == row.deadline:
            continue
        cell = f"H{row.row}"
        visit = visits.get(finding.session_id) if finding.session_id is not None else None
        if visit is not None and row.deadline < visit:
            params = {"deadline": row.deadline.isoformat(), "visit": visit.isoformat()}
            problems.append(Problem(SHEET_PLANS, cell, "docs8a.excel_before_visit", params))
        elif (reason := closed_reason(row.deadline)) is not None:
            params = {
                "deadline": row.deadline.isoformat(),
                "next": next_business_day(row.deadline).isoformat(),
            }
            problems.append(Problem(SHEET_PLANS, cell, _closed_key(reason, row.deadline), params))
    return problems


def _closed_key(reason: str, day: date) -> str:
    """The message of a deadline on a closed day; a weekend day is named (a Sunday is not
    「土曜日・日曜日」, as `domain.deadlines` says it in the interface: walk8b L2)."""
    if reason == "weekend":
        return "keys9.excel_sunday" if day.weekday() == 6 else "keys9.excel_saturday"
    return f"docs8a.excel_{reason}"

"""Whose plans and findings a returned 改善計画書 names (plans8): a hidden sheet edited, or
copied from another organization's workbook, can name a plan or a finding of another
organization. Such a file is refused with the row and the owner before anything of it is
written (a plan uid of another organization would otherwise be taken for a new plan and
hit the database's unique key, the whole collect ending with a false message)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from sqlalchemy import select
from sqlmodel import Session as DbSession

from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.reader import Problem
from inspector.store.tables import FindingRow, ImprovementPlanRow, OrganizationRow

_CHUNK = 500


def _chunks(uids: Iterable[str]) -> list[list[str]]:
    ordered = sorted(set(uids))
    return [ordered[i : i + _CHUNK] for i in range(0, len(ordered), _CHUNK)]


def finding_owners(db: DbSession, uids: Iterable[str]) -> dict[str, str]:
    """Finding uid -> the code of its organization, for the uids the database holds."""
    owners: dict[str, str] = {}
    for chunk in _chunks(uids):
        query = (
            select(FindingRow.uid, OrganizationRow.code)  # type: ignore[call-overload]
            .join(OrganizationRow, FindingRow.organization_id == OrganizationRow.id)  # type: ignore[arg-type]
            .where(FindingRow.uid.in_(chunk))  # type: ignore[attr-defined]
        )
        owners.update({uid: code for uid, code in db.execute(query)})
    return owners


def plan_owners(db: DbSession, uids: Iterable[str]) -> dict[str, str]:
    """Plan uid -> the code of the organization of the plan's finding, for the uids the
    database holds (whichever organization they belong to)."""
    owners: dict[str, str] = {}
    for chunk in _chunks(uids):
        query = (
            select(ImprovementPlanRow.uid, OrganizationRow.code)  # type: ignore[call-overload]
            .join(FindingRow, ImprovementPlanRow.finding_id == FindingRow.id)  # type: ignore[arg-type]
            .join(OrganizationRow, FindingRow.organization_id == OrganizationRow.id)  # type: ignore[arg-type]
            .where(ImprovementPlanRow.uid.in_(chunk))  # type: ignore[attr-defined]
        )
        owners.update({uid: code for uid, code in db.execute(query)})
    return owners


def foreign_findings(
    db: DbSession,
    form_rows: Mapping[int, tuple[str, str]],
    known: Iterable[str],
    organization: str,
    cells: Mapping[str, str],
) -> list[Problem]:
    """A problem for each row naming a finding of another organization than the form's
    (`known`: the uids of the form organization's findings; `cells`: key of the hidden
    sheet -> the cell holding its value), named at the first of its rows."""
    mine = set(known)
    others = finding_owners(db, (f for f, _ in form_rows.values() if f and f not in mine))
    first: dict[str, int] = {}  # a finding has several rows: named once, at its first
    for row, (uid, _) in sorted(form_rows.items()):
        if uid in others:
            first.setdefault(uid, row)
    return [
        Problem(
            SHEET_FORM,
            cells.get(f"finding:{row}", ""),
            "plans8.finding_of_other",
            {"row": row, "uid": uid, "owner": others[uid], "organization": organization},
        )
        for uid, row in first.items()
    ]


def foreign_plans(
    db: DbSession,
    form_rows: Mapping[int, tuple[str, str]],
    known: Iterable[str],
    organization: str,
    cells: Mapping[str, str],
) -> list[Problem]:
    """A problem for each row whose plan uid is a plan of another organization's finding
    (`known`: the uids of the plans of the form organization's findings)."""
    mine = set(known)
    others = plan_owners(db, (p for _, p in form_rows.values() if p and p not in mine))
    return [
        Problem(
            SHEET_FORM,
            cells.get(f"plan:{row}", ""),
            "plans8.plan_of_other",
            {"row": row, "uid": uid, "owner": others[uid], "organization": organization},
        )
        for row, (_, uid) in sorted(form_rows.items())
        if uid in others
    ]

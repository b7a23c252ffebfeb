"""Improvement plans answered in Excel (issue 15): the 改善計画書 as a workbook
(`report plans --xlsx`) and the returned ones collected (`plans collect`): plans created
or updated (the plan's change log keeps the old values), measure entries appended (never
one overwritten), each file in one transaction, the same file again changes nothing."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlmodel import Session as DbSession

from inspector.context import AppContext
from inspector.domain.findings import FINDING_KIND_JA, Finding
from inspector.exchange.answers_csv import JST
from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.plans import (
    PLAN_KIND,
    SHEET_PLANS,
    PlanRow,
    build_plans_workbook,
    check_plans,
)
from inspector.exchange.workbooks.reader import Problem, ReturnedForm
from inspector.exchange.workbooks.xlsx_cells import NotAWorkbook, read_sheets
from inspector.i18n import Translator
from inspector.services.errors import Refused
from inspector.store.locking import IMPORT_LOCK_WAIT, write_connection
from inspector.store.repositories.base import DbGuard
from inspector.store.repositories.findings import FindingRepository


def finding_text(finding: Finding) -> str:
    """As on the notice: the text, with the title first when the text does not start with it."""
    if not finding.title or finding.text.startswith(finding.title):
        return finding.text
    return f"{finding.title}\n{finding.text}"


def _notice(findings: FindingRepository, finding: Finding) -> tuple[str, str]:
    if finding.session_id is None:
        return "", ""
    notices = [d for d in findings.documents(finding.session_id) if d.kind == "notice"]
    if not notices:
        return "", ""
    latest = notices[-1]
    return latest.doc_id, latest.issued_at.astimezone(JST).date().isoformat()


def plan_rows(context: AppContext, organization_id: int) -> list[PlanRow]:
    findings = context.findings
    rows = []
    for number, finding in enumerate(findings.findings(organization_id=organization_id), start=1):
        plans = findings.plans_for(finding.id)
        plan = plans[0] if plans else None
        latest = plan.latest if plan else None
        notice, notice_date = _notice(findings, finding)
        rows.append(
            PlanRow(
                finding_uid=finding.uid,
                number=str(number),
                kind=FINDING_KIND_JA[finding.kind],
                text=finding_text(finding),
                notice=notice,
                notice_date=notice_date,
                measures=plan.measures if plan else "",
                person=plan.responsible_person if plan else "",
                deadline=plan.deadline if plan else None,
                status=latest.status if latest else None,
                status_text=latest.text if latest else "",
            )
        )
    return rows


def write_plans_workbook(
    context: AppContext, organization: str, out: Path, *, force: bool = False
) -> Path:
    t = Translator(context.settings.lang)
    org = context.repo.find_organization(organization)
    if org is None:
        raise Refused(t("excel.distribute.unknown_organization", code=organization))
    guard = context.output_guard(force=force)
    guard.check(out)
    data = build_plans_workbook(
        "改善計画書",
        f"{org.code} {org.name}",
        plan_rows(context, org.id),
        "PL-" + secrets.token_hex(6).upper(),
    )
    guard.write(out, data)
    return out


@dataclass
class PlansReceipt:
    path: Path
    imported: bool = False
    plans_created: int = 0
    plans_updated: int = 0
    entries_added: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)


class _BoundFindings(FindingRepository):
    """The findings repository on one write transaction (as `BoundRepository`)."""

    def __init__(self, conn: object) -> None:
        super().__init__(conn.engine)  # type: ignore[attr-defined]
        self.connection = conn

    def _db(self) -> DbSession:
        return DbSession(bind=self.connection, expire_on_commit=False)  # type: ignore[arg-type]


class _Refuse(Exception):
    pass


def collect_plans(context: AppContext, files: list[Path]) -> list[PlansReceipt]:
    return [_collect_one(context, path) for path in files]


def _collect_one(context: AppContext, path: Path) -> PlansReceipt:
    receipt = PlansReceipt(path)
    try:
        sheets = read_sheets(path, [SHEET_FORM, SHEET_PLANS])
    except NotAWorkbook as exc:
        receipt.problems.append(
            Problem("", "", "excel.problem.not_a_workbook", {"error": str(exc)})
        )
        return receipt
    if SHEET_FORM not in sheets or SHEET_PLANS not in sheets:
        receipt.problems.append(Problem(SHEET_FORM, "", "excel.problem.no_form_sheet"))
        return receipt
    meta_cells = sheets[SHEET_FORM].cells
    meta = {
        meta_cells.get(f"A{r}", ""): meta_cells.get(f"B{r}", "")
        for r in range(1, 2000)
        if f"A{r}" in meta_cells
    }
    if meta.get("kind") != PLAN_KIND:
        receipt.problems.append(Problem(SHEET_FORM, "B2", "excel.problem.not_plans_form"))
        return receipt
    org = context.repo.find_organization(meta.get("organization", ""))
    if org is None:
        receipt.problems.append(
            Problem(
                SHEET_FORM,
                "B3",
                "excel.problem.unknown_organization",
                {"code": meta.get("organization", "")},
            )
        )
        return receipt
    form_rows = {
        int(k.split(":", 1)[1]): v
        for k, v in meta.items()
        if k.startswith("finding:") and k[8:].isdigit()
    }
    returned = ReturnedForm(meta, {}, sheets[SHEET_PLANS].cells, sheets[SHEET_PLANS].formulas)
    actor = context.settings.user
    today = datetime.now(JST).date()
    try:
        with DbGuard(), write_connection(context.engine, wait=IMPORT_LOCK_WAIT) as conn:
            repo = _BoundFindings(conn)
            by_uid = {f.uid: f for f in repo.findings(organization_id=org.id)}
            expected = {r.finding_uid: r for r in plan_rows_bound(repo, list(by_uid.values()))}
            checked = check_plans(returned, form_rows, expected)
            receipt.problems.extend(checked.problems)
            if receipt.problems:
                raise _Refuse
            for row in checked.rows:
                finding = by_uid[row.finding_uid]
                plans = repo.plans_for(finding.id)
                plan = plans[0] if plans else None
                if plan is None and row.measures:
                    assert row.deadline is not None
                    plan = repo.add_plan(
                        finding.id,
                        measures=row.measures,
                        responsible_organization_id=org.id,
                        responsible_person=row.person,
                        deadline=row.deadline,
                        actor=actor,
                    )
                    receipt.plans_created += 1
                elif plan is not None:
                    changes: dict[str, object] = {}
                    if row.measures and row.measures != plan.measures:
                        changes["measures"] = row.measures
                    if row.person != plan.responsible_person:
                        changes["responsible_person"] = row.person
                    if row.deadline is not None and row.deadline != plan.deadline:
                        changes["deadline"] = row.deadline
                    if changes:
                        plan = repo.update_plan(plan.id, changes, actor)
                        receipt.plans_updated += 1
                if plan is None or row.status is None:
                    receipt.unchanged += 1
                    continue
                latest = plan.latest
                if latest is not None and (latest.status, latest.text) == (
                    row.status,
                    row.status_text,
                ):
                    receipt.unchanged += 1
                    continue
                repo.add_entry(plan.id, row.status, today, row.status_text, actor)
                receipt.entries_added += 1
    except _Refuse:
        return receipt
    receipt.imported = True
    return receipt


def plan_rows_bound(repo: FindingRepository, findings: list[Finding]) -> list[PlanRow]:
    """The rows as `plan_rows` writes them, read in the collect's transaction."""
    rows = []
    for number, finding in enumerate(sorted(findings, key=lambda f: f.id), start=1):
        notice, notice_date = _notice(repo, finding)
        rows.append(
            PlanRow(
                finding_uid=finding.uid,
                number=str(number),
                kind=FINDING_KIND_JA[finding.kind],
                text=finding_text(finding),
                notice=notice,
                notice_date=notice_date,
            )
        )
    return rows

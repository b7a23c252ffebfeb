"""Improvement plans answered in Excel (issue 15): the 改善計画書 as a workbook
(`report plans --xlsx`) and the returned ones collected (`plans collect`): plans created
or updated (the plan's change log keeps the old values), measure entries appended (never
one overwritten), each file in one transaction, the same file again changes nothing."""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from sqlmodel import Session as DbSession

from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.era import format_date
from inspector.domain.finding_text import deficiency_text
from inspector.domain.findings import FINDING_KIND_JA, Finding, ImprovementPlan
from inspector.domain.model import Organization
from inspector.exchange.answers_csv import JST
from inspector.exchange.workbooks.layout import SHEET_FORM
from inspector.exchange.workbooks.plans import (
    NEW_ROWS,
    PLAN_KIND,
    SHEET_PLANS,
    PlanRow,
    ReturnedPlan,
    build_plans_workbook,
    check_plans,
    input_row,
)
from inspector.exchange.workbooks.reader import Problem, ReturnedForm
from inspector.exchange.workbooks.xlsx_cells import NotAWorkbook, read_sheets
from inspector.i18n import Translator
from inspector.services.actors import auditor
from inspector.services.errors import Refused
from inspector.services.plan_norms import Norms, norm_lookup
from inspector.services.plans_deadlines import deadline_problems
from inspector.services.plans_owners import foreign_findings, foreign_plans
from inspector.services.plans_stale import (
    Exported,
    LeftOut,
    entry_uid,
    parse_version,
    row_update,
    version_text,
    workbook_action,
)
from inspector.store.errors import DatabaseError
from inspector.store.locking import IMPORT_LOCK_WAIT, write_connection
from inspector.store.repositories.base import DbGuard
from inspector.store.repositories.findings import FindingRepository


def finding_text(finding: Finding) -> str:
    """As an earlier version wrote it: the text, with the title (the norm) first when the
    text does not start with it (still accepted back: `PlanRow.earlier`)."""
    if not finding.title or finding.text.startswith(finding.title):
        return finding.text
    return f"{finding.title}\n{finding.text}"


def _notice(findings: FindingRepository, finding: Finding) -> tuple[str, str, str]:
    """(文書番号 (監第1号), the day issued in Japan, the internal id an earlier version wrote)."""
    if finding.session_id is None:
        return "", "", ""
    notices = [d for d in findings.documents(finding.session_id) if d.kind == "notice"]
    if not notices:
        return "", "", ""
    latest = notices[-1]
    day = latest.issued_at.astimezone(JST).date().isoformat()
    return latest.number or latest.doc_id, day, latest.doc_id


def _templates(
    repo: FindingRepository, findings: list[Finding], norms: Norms
) -> dict[str, PlanRow]:
    """Finding uid -> its row without a plan: the locked cells (number as listed, oldest
    first, kind, the deficiency as on the notice, the notice's number and day)."""
    rows = {}
    for number, finding in enumerate(sorted(findings, key=lambda f: f.id), start=1):
        notice, notice_date, notice_id = _notice(repo, finding)
        rows[finding.uid] = PlanRow(
            finding_uid=finding.uid,
            plan_uid="",
            number=str(number),
            kind=FINDING_KIND_JA[finding.kind],
            text=deficiency_text(finding, norms(finding)),
            notice=notice,
            notice_date=notice_date,
            earlier=(("C", finding_text(finding)), ("D", notice_id)),
        )
    return rows


def plan_rows(context: AppContext, organization_id: int) -> list[PlanRow]:
    """Per finding, a row for each plan the office holds, then `NEW_ROWS` blank rows, each
    with the uid a plan written on it will be created with."""
    repo = context.findings
    findings = repo.findings(organization_id=organization_id)
    templates = _templates(repo, findings, norm_lookup(context, organization_id))
    rows = []
    for finding in findings:
        base = templates[finding.uid]
        for plan in repo.plans_for(finding.id):
            latest = plan.latest
            changes = len(repo.plan_changes(plan.id))
            rows.append(
                replace(
                    base,
                    plan_uid=plan.uid,
                    version=version_text(changes, len(plan.entries)),
                    measures=plan.measures,
                    person=plan.responsible_person,
                    deadline=plan.deadline,
                    status=latest.status if latest else None,
                    status_text=latest.text if latest else "",
                )
            )
        blank = version_text(0, 0)  # no plan yet: one made from it later is "changed since"
        rows += [replace(base, plan_uid=str(uuid.uuid4()), version=blank) for _ in range(NEW_ROWS)]
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
    from inspector.reports.notice_rules import IssueRefused
    from inspector.reports.number_ledger import ledger_path
    from inspector.reports.registered_files import check_not_over_registered
    from inspector.services.reminder_rules import ledger_files

    keys_dir = context.settings.resolved_keys_dir
    try:  # --force never over a signed document's file (doc10), nor the ledger's (rem11)
        check_not_over_registered(
            context.findings.documents(), out, kind="plan_form", numbering=None,
            doc_lang="ja", language_of=lambda _doc: "ja", lang=context.settings.lang,
            ledger=ledger_files(context),
            ledger_file=ledger_path(keys_dir) if keys_dir else None,
        )  # fmt: skip
    except IssueRefused as exc:
        raise Refused(str(exc)) from None
    named = _named(context, org)
    made = format_date(japan_today(), "ja")
    data = build_plans_workbook(
        "改善計画書",
        f"{org.code} {named}",
        plan_rows(context, org.id),
        "PL-" + secrets.token_hex(6).upper(),
        header=t("docs8c.plan_sheet_header", organization=named, date=made),
    )
    guard.write(out, data)
    return out


def _named(context: AppContext, org: Organization) -> str:
    """As the roster names it, with its division: 市民部　市民課."""
    if org.parent_id is None:
        return org.name
    division = next((o for o in context.repo.organizations() if o.id == org.parent_id), None)
    return f"{division.name}　{org.name}" if division is not None else org.name


@dataclass
class PlansReceipt:
    path: Path
    imported: bool = False
    plans_created: int = 0
    plans_updated: int = 0
    entries_added: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    left_out: list[LeftOut] = field(default_factory=list)
    """Rows not collected: their plan changed since the export where the row changed too."""
    unversioned: list[int] = field(default_factory=list)
    """Rows of a workbook without versions that changed an existing plan (said, as a
    warning: nothing could tell whether the plan had changed since)."""
    withdrawn: list[WithdrawnRow] = field(default_factory=list)
    """Rows not collected: their finding was withdrawn (取下げ) after the export, and the
    row would have written something (a row left as exported is not named)."""


@dataclass(frozen=True)
class WithdrawnRow:
    """A row of a finding withdrawn since the export: its number as the workbook lists it,
    who withdrew it and when."""

    row: int
    number: str
    by: str
    at: datetime
    problems: tuple[Problem, ...] = ()
    """What is wrong with the row's cells: said, but refusing nothing (the row is skipped
    anyway)."""


class _BoundFindings(FindingRepository):
    """The findings repository on one write transaction (as `BoundRepository`)."""

    def __init__(self, conn: object) -> None:
        super().__init__(conn.engine)  # type: ignore[attr-defined]
        self.connection = conn

    def _db(self) -> DbSession:
        return DbSession(bind=self.connection, expire_on_commit=False)  # type: ignore[arg-type]

    def session(self) -> DbSession:
        """An ORM session in the transaction (for the lookups of `plans_owners`)."""
        return self._db()

    @contextmanager
    def _write_db(self, *, shared: bool = False) -> Iterator[DbSession]:
        # the caller's transaction holds the write lock already (exclusively): a write on
        # a connection of its own would wait for it, and the import be all or nothing no more
        with self._db() as db:
            yield db


class _Refuse(Exception):
    pass


@dataclass(frozen=True)
class _Row:
    """What a row's collect needs of its workbook: its form id and the row's version."""

    form_id: str
    exported: Exported | None


def collect_one(context: AppContext, path: Path) -> PlansReceipt:
    """One returned 改善計画書, all or nothing."""
    receipt = PlansReceipt(path)
    try:
        sheets = read_sheets(path, [SHEET_FORM, SHEET_PLANS])
    except NotAWorkbook as exc:
        receipt.problems.append(Problem("", "", exc.key, exc.params))
        return receipt
    if SHEET_FORM not in sheets:
        receipt.problems.append(Problem(SHEET_FORM, "", "excel.problem.no_form_sheet"))
        return receipt
    meta_cells = sheets[SHEET_FORM].cells
    # key -> the cell of its value, as the reader takes it: the last row naming the key
    meta_at = {
        text: f"B{coordinate[1:]}"
        for coordinate, text in meta_cells.items()
        if coordinate[0] == "A" and coordinate[1:].isdigit()
    }
    meta = {text: meta_cells.get(cell, "") for text, cell in meta_at.items()}
    if meta.get("kind") != PLAN_KIND or SHEET_PLANS not in sheets:
        # e.g. a self-check form given to `plans collect`
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
        int(k.split(":", 1)[1]): (v, meta.get(f"plan:{k[8:]}", ""))
        for k, v in meta.items()
        if k.startswith("finding:") and k[8:].isdigit()
    }
    returned = ReturnedForm(meta, {}, sheets[SHEET_PLANS].cells, sheets[SHEET_PLANS].formulas)
    try:
        _collect_in_transaction(context, receipt, meta, meta_at, form_rows, returned, org)
    except _Refuse:
        return receipt
    except DatabaseError as exc:
        # the file's transaction was rolled back: this file wrote nothing, and the files
        # collected before it stay written (their receipts are said); never the batch's end
        receipt.problems.append(Problem("", "", "plans8.database_refused", {"error": str(exc)}))
        return receipt
    receipt.imported = True
    return receipt


def _collect_in_transaction(
    context: AppContext,
    receipt: PlansReceipt,
    meta: dict[str, str],
    meta_at: dict[str, str],
    form_rows: dict[int, tuple[str, str]],
    returned: ReturnedForm,
    org: Organization,
) -> None:
    """The file's rows written in one transaction; `_Refuse` (nothing written) when the
    receipt has problems."""
    from inspector.services.measure_entries import entry_recorder

    actor = auditor(context.settings)
    recorder = entry_recorder(context.settings)  # the entries' 記録者, as in the interface
    norms = norm_lookup(context, org.id)
    # the visits' days, read before the write lock: no deadline before its visit (docs8a)
    visits = {x.id: x.session_date for x in context.repo.sessions(organization_id=org.id)}
    with DbGuard(), write_connection(context.engine, wait=IMPORT_LOCK_WAIT) as conn:
        repo = _BoundFindings(conn)
        # withdrawn ones too: a workbook exported before a withdrawal names the finding
        by_uid = {f.uid: f for f in repo.findings(organization_id=org.id, include_withdrawn=True)}
        plans = {p.uid: p for f in by_uid.values() for p in repo.plans_for(f.id)}
        with repo.session() as db:
            # a finding of another organization named (its hidden sheet edited, or a
            # row copied from another organization's workbook): said as such
            receipt.problems += foreign_findings(db, form_rows, by_uid, org.code, meta_at)
            if receipt.problems:
                raise _Refuse
        # numbered among the findings the workbook lists (all the current ones when it
        # was written), as it was: a withdrawal or a new finding since shifts nothing
        listed = {uid for uid, _ in form_rows.values()}
        expected = _templates(repo, [f for f in by_uid.values() if f.uid in listed], norms)
        if not any(key.startswith("plan:") for key in meta):
            form_rows = _rows_of_first_version(meta.get("form_id", ""), form_rows, by_uid, plans)
        with repo.session() as db:
            # a plan of another organization's finding: refused before anything is
            # written (it would be taken for a new plan and hit the unique key)
            receipt.problems += foreign_plans(db, form_rows, plans, org.code, meta_at)
            if receipt.problems:
                raise _Refuse
        checked = check_plans(returned, form_rows, expected, set(plans))
        # a row of a finding withdrawn since is skipped whatever it holds: a problem in
        # its input cells is said with it (`WithdrawnRow.problems`), refusing nothing
        skipped = {r for r, (uid, _) in form_rows.items() if _withdrawn(by_uid.get(uid))}
        receipt.problems.extend(p for p in checked.problems if input_row(p) not in skipped)
        receipt.problems.extend(deadline_problems(visits, checked.rows, by_uid, plans, skipped))
        for row in checked.rows:
            plan = plans.get(row.plan_uid)
            if not row.plan_uid or (
                plan is not None and plan.finding_id != by_uid[row.finding_uid].id
            ):
                cell = meta_at.get(f"plan:{row.row}", "")
                receipt.problems.append(
                    Problem(SHEET_FORM, cell, "excel_finish.plan_row_broken", {"row": row.row})
                )
        if receipt.problems:
            raise _Refuse
        versions = {r: parse_version(meta.get(f"version:{r}", "")) for r in form_rows}
        for row in checked.rows:
            finding = by_uid[row.finding_uid]
            exported = versions.get(row.row)
            work = _Row(meta.get("form_id", ""), exported)
            if finding.withdrawn:
                bad = tuple(p for p in checked.problems if input_row(p) == row.row)
                if bad or _would_write(repo, row, plans, work):
                    assert finding.withdrawn_at is not None
                    number = expected[finding.uid].number
                    by = finding.withdrawn_by or ""
                    gone = WithdrawnRow(row.row, number, by, finding.withdrawn_at, bad)
                    receipt.withdrawn.append(gone)
                continue
            _collect_row(repo, receipt, row, finding, plans, org.id, (actor, recorder), work)


def _withdrawn(finding: Finding | None) -> bool:
    return finding is not None and finding.withdrawn


def _rows_of_first_version(
    form_id: str,
    form_rows: dict[int, tuple[str, str]],
    findings: dict[str, Finding],
    plans: dict[str, ImprovementPlan],
) -> dict[int, tuple[str, str]]:
    """A workbook written before rows had plan uids (one row per finding, for its first
    plan): each row is that plan, or the plan it made when first collected (its uid is
    derived from the form id and the row, so collecting it again finds it)."""
    rows = {}
    for row, (finding_uid, _) in form_rows.items():
        made = str(uuid.uuid5(uuid.NAMESPACE_URL, f"inspector:plans:{form_id}:{row}"))
        finding = findings.get(finding_uid)
        first = next(
            (p.uid for p in plans.values() if finding and p.finding_id == finding.id), None
        )
        rows[row] = (finding_uid, made if made in plans or first is None else first)
    return rows


def _would_write(
    repo: FindingRepository, row: ReturnedPlan, plans: dict[str, ImprovementPlan], work: _Row
) -> bool:
    """Whether collecting the row would write anything (a plan, a change, an entry), or
    be left out as changed on both sides: what the department wrote there."""
    plan = plans.get(row.plan_uid)
    if plan is None:
        return bool(row.measures)  # check_plans asks a measure of a new row with anything
    update = row_update(repo, plan, row, work.exported, work.form_id)
    return isinstance(update, LeftOut) or bool(update.changes or update.entry)


def _collect_row(
    repo: FindingRepository,
    receipt: PlansReceipt,
    row: ReturnedPlan,
    finding: Finding,
    plans: dict[str, ImprovementPlan],
    organization_id: int,
    actors: tuple[str, str],
    work: _Row,
) -> None:
    """One row: its plan created (with the row's uid) or updated, and its status appended
    as an entry when it differs from the plan's latest; left out (nothing written) when
    the plan changed since the export where the row changed too (`plans_stale`).
    `actors`: who is logged for the plan's changes, and the entry's recorder
    (`entry_recorder`)."""
    actor, recorder = actors
    plan = plans.get(row.plan_uid)
    if plan is None:
        if not row.measures:
            return  # a blank row
        assert row.deadline is not None  # check_plans asks for it
        plan = repo.add_plan(
            finding.id,
            measures=row.measures,
            responsible_organization_id=organization_id,
            responsible_person=row.person,
            deadline=row.deadline,
            actor=actor,
            uid=row.plan_uid,
        )
        receipt.plans_created += 1
    else:
        update = row_update(repo, plan, row, work.exported, work.form_id)
        if isinstance(update, LeftOut):
            receipt.left_out.append(update)
            return
        if work.exported is None and (update.changes or update.entry):
            receipt.unversioned.append(row.row)
        if update.changes:
            action = workbook_action(work.form_id)
            plan = repo.update_plan(plan.id, update.changes, actor, action=action)
            receipt.plans_updated += 1
        if not update.entry:
            receipt.unchanged += 1
            return
    latest = plan.latest
    if row.status is None or (
        latest is not None and (latest.status, latest.text) == (row.status, row.status_text)
    ):
        receipt.unchanged += 1
        return
    assert row.status is not None  # an entry is wanted only for a status given
    # a uid its later collects know it by: the department's own entry, not someone else's
    uid = entry_uid(work.form_id, plan.uid, len(plan.entries))
    today = datetime.now(JST).date()
    repo.add_entry(plan.id, row.status, today, row.status_text, recorder, uid=uid)
    receipt.entries_added += 1


def collect_notes(receipt: PlansReceipt, t: Translator) -> list[str]:
    """What a collected file left out (each row with who changed its plan and when, in
    Japan time; each row of a finding withdrawn since, with who withdrew it and when, and
    what is wrong with its cells) and, for a workbook without versions, the rows it wrote
    unchecked."""
    lines = []
    if receipt.left_out:
        lines.append(
            t("stale5.plans.left_out", file=receipt.path.name, count=len(receipt.left_out))
        )
        for out in receipt.left_out:
            at = out.at.astimezone(JST).strftime("%Y-%m-%d %H:%M")
            lines.append(t("stale5.plans.left_out_line", row=out.row, by=out.by, at=at))
    if receipt.withdrawn:
        lines.append(t("plansw6.withdrawn", file=receipt.path.name, count=len(receipt.withdrawn)))
        for gone in receipt.withdrawn:
            at = gone.at.astimezone(JST).strftime("%Y-%m-%d %H:%M")
            lines.append(
                t("plansw6.withdrawn_line", row=gone.row, number=gone.number, by=gone.by, at=at)
            )
            for p in gone.problems:  # the cell problem a live row would be refused for
                message = t(p.key, **p.params)
                lines.append(
                    t("excel7.withdrawn_cell", sheet=p.sheet, cell=p.cell, message=message)
                )
        if any(gone.problems for gone in receipt.withdrawn):
            lines.append(t("excel7.withdrawn_cells_note"))
    if receipt.unversioned:
        rows = ("、" if t.lang == "ja" else ", ").join(str(r) for r in receipt.unversioned)
        lines.append(t("stale5.plans.unversioned", file=receipt.path.name, rows=rows))
    return lines

"""Reminders (督促): who is late, and the letter each department head receives.

`gather_reminders` finds, per department, the improvement plans past their deadline and
not done (as of a day) and the self-check forms handed out and not returned (past their
due date, or handed out before that day when they have none; or sent back for correction
before that day and not returned since). `issue_reminders` writes one
PDF per department (each head receives their own letter: its own number, signature and
reply-by date, and the register records what each was reminded of): a draft (案, no
number, not recorded) without a key; signed with an office key, numbered 監督第N号 within
the fiscal year, the number checked again under the write lock when it is recorded with
the plans and forms it chased (`reminder_item`). A plan or form reminded before makes the
next letter a 再督促 naming the earlier one (only a letter dated before this one).

rem10: a plan or form whose last reminder's reply-by date has not passed (on the new
letter's date) is not reminded again, unless asked (`again`): the department is said to
be 督促中 (`Department.waiting`, and `held` for one with nothing else to remind). In the
transaction that records a signed letter, the plans and forms are checked again: one
reminded meanwhile by another process (`ReminderProblem`, nothing recorded) is never sent
a second first 督促. The number and the date follow `reminder_rules` (the keys folder's
ledger, numbers ascending with dates, no second number the same day, no signed file
written over).

CLI (`inspector report reminders`) and interface (plans screen `m`, collection screen)
both use this module; every function is synchronous (the interface runs it in a worker).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.domain.business_days import deadline_after, japan_today
from inspector.domain.deadlines import closed_day_problem
from inspector.domain.doc_numbers import fiscal_year
from inspector.domain.documents import DocumentKind, new_doc_id
from inspector.domain.era import format_date
from inspector.domain.finding_text import deficiency_text
from inspector.domain.findings import Finding
from inspector.domain.model import Organization
from inspector.i18n import Translator
from inspector.reports.errors import ReportProblem
from inspector.reports.reminder_data import OverduePlan, ReminderData, UnreturnedForm
from inspector.services.actors import auditor
from inspector.services.plan_norms import Norms, norm_lookup
from inspector.store.repositories.reminders import Reminded, ReminderItem, Reminders

if TYPE_CHECKING:
    from inspector.output_files import OutputGuard
    from inspector.reports.keys import Identity
    from inspector.reports.service import IssuedFile
    from inspector.services.reminder_rules import ReminderLedger
    from inspector.store.issued_document import IssuedDocument

# the reply-by date proposed when none is given: two weeks, moved to a business day
DEFAULT_REPLY_DAYS = 14
NUMBERING_ROUNDS = 8


class ReminderProblem(ReportProblem):
    """A reminder that cannot be made (a bad reply-by date, nobody to remind)."""


class _NumberTaken(Exception):
    pass


class RemindedMeanwhile(ReminderProblem):
    """Another process reminded some of the letter's plans or forms meanwhile."""


@dataclass(frozen=True)
class Department:
    """One department to remind: its overdue plans and unreturned forms."""

    organization: Organization
    division: Organization | None
    plans: tuple[OverduePlan, ...]
    forms: tuple[UnreturnedForm, ...]
    earlier: tuple[tuple[str, date], ...]
    waiting: tuple[tuple[str, date], ...] = ()
    """Reminders whose reply-by has not passed, their plans or forms held back (rem10):
    (number, reply-by), by reply-by."""
    seen: frozenset[str] = frozenset()
    """The documents that reminded any of `plans` or `forms` when gathered."""
    same_day: tuple[str, ...] = ()
    """Numbers of reminders of these plans or forms dated on the letter's day or later."""
    sessions: tuple[str, ...] = ()
    """The uids of the sessions whose findings `plans` answer (the ledger's anchor)."""


def default_reply_by(as_of: date) -> date:
    return deadline_after(as_of, DEFAULT_REPLY_DAYS)


def reply_by_problem(reply_by: date, issue_date: date, lang: str) -> str | None:
    """The reply-by date falls on a business day after the letter's date."""
    if reply_by <= issue_date:
        return Translator(lang)(
            "office9b.reply_by_not_after",
            reply_by=format_date(reply_by, lang),
            issue_date=format_date(issue_date, lang),
        )
    return closed_day_problem(reply_by, lang)


def reminded_plans(context: AppContext) -> dict[int, Reminded]:
    """The latest recorded reminder of each plan (the plans list's 督促済 and its date)."""
    plans, _forms = Reminders(context.engine).reminded()
    return {plan_id: seen[-1] for plan_id, seen in plans.items()}


def reminded_forms(context: AppContext) -> dict[str, Reminded]:
    """The latest recorded reminder of each self-check form."""
    _plans, forms = Reminders(context.engine).reminded()
    return {form_id: seen[-1] for form_id, seen in forms.items()}


def office_signer(context: AppContext) -> str | None:
    """Whose office key signs a reminder in the interface: the configured signer when their
    key has the office role, else the office's one office-role key; None (a draft) when
    there is none, or several and none configured. Only public certificates are read."""
    from inspector.reports.certificate_list import list_inspectors
    from inspector.reports.key_roles import KeyRole, UnknownRole, role_of
    from inspector.reports.keys import KeyProblem, load_certificate

    keys_dir = context.settings.resolved_keys_dir
    try:
        issued = list_inspectors(keys_dir)
    except (KeyProblem, OSError, ValueError):
        return None
    office = []
    for cert in issued:
        try:
            if role_of(load_certificate(cert.path)) is KeyRole.OFFICE:
                office.append(cert.name)
        except (UnknownRole, KeyProblem, OSError, ValueError):
            continue
    configured = context.settings.signer
    if configured and configured in office:
        return configured
    return office[0] if len(office) == 1 else None


def gather_reminders(
    context: AppContext,
    *,
    as_of: date,
    organization_id: int | None = None,
    plans: bool = True,
    forms: bool = True,
    issue_date: date | None = None,
    again: bool = False,
    held: list[Department] | None = None,
) -> list[Department]:
    """Every department with something overdue as of `as_of` (one, with
    `organization_id`), by code; `plans`/`forms`: which kinds to chase. A plan or form
    whose last reminder's reply-by has not passed on `issue_date` (default `as_of`) is
    held back unless `again`; a department with nothing else is put in `held`."""
    from inspector.store.repositories import distributed_forms as records

    organizations = {o.id: o for o in context.repo.organizations()}
    seen_plans, seen_forms = Reminders(context.engine).reminded()
    letter_day = issue_date or as_of
    by_org: dict[int, list[OverduePlan]] = {}
    earlier: dict[int, dict[str, date]] = {}
    waiting: dict[int, dict[str, date]] = {}
    seen: dict[int, set[str]] = {}
    same_day: dict[int, set[str]] = {}
    sessions: dict[int, set[int]] = {}

    def chased(org_id: int, before: list[Reminded]) -> bool:
        """Whether to chase an item reminded `before` (oldest first); noted either way."""
        last = before[-1] if before else None
        if last is not None and not again and last.reply_by >= letter_day:
            waiting.setdefault(org_id, {})[last.number or last.doc_id] = last.reply_by
            return False
        for r in before:
            seen.setdefault(org_id, set()).add(r.doc_id)
            if r.reminded_on < letter_day:
                earlier.setdefault(org_id, {})[r.number or r.doc_id] = r.reminded_on
            else:
                same_day.setdefault(org_id, set()).add(r.number or r.doc_id)
        return True

    if plans:
        pairs = context.findings.plans_with_findings(organization_id)
        norms = _norms_by_organization(context)
        for finding, plan in sorted(pairs, key=lambda p: (p[1].deadline, p[1].id)):
            if not plan.is_overdue(as_of) or plan.id is None:
                continue
            org_id = plan.responsible_organization_id
            if organization_id is not None and org_id != organization_id:
                continue
            before = seen_plans.get(plan.id, [])
            if not chased(org_id, before):
                continue
            if finding.session_id is not None:
                sessions.setdefault(org_id, set()).add(finding.session_id)
            by_org.setdefault(org_id, []).append(
                OverduePlan(
                    plan_id=plan.id,
                    # the deficiency, not the checklist's norm it breaks (docs8c)
                    finding=deficiency_text(finding, norms(finding)),
                    deadline=plan.deadline,
                    days_overdue=(as_of - plan.deadline).days,
                    status=plan.status.value if plan.status else None,
                    reminded_before=_before(before, letter_day),
                )
            )
    by_org_forms: dict[int, list[UnreturnedForm]] = {}
    if forms:
        lang = context.settings.lang
        handed_out = records.forms(context.engine)
        gone = records.superseded_by(handed_out)  # handed out again: its return is refused
        for f in handed_out:
            if f.form_id in gone or organization_id not in (None, f.organization_id):
                continue
            handed = japan_today(f.issued_at)
            if f.returned_at is not None:
                # returned; but one the office sent back for correction (`selfcheck
                # return`) before `as_of` is awaited again
                back = f.sent_back_at
                if back is None or back <= f.returned_at or japan_today(back) >= as_of:
                    continue
            elif (f.due is not None and f.due >= as_of) or (f.due is None and handed >= as_of):
                continue
            checklist = context.checklist_or_none(f.checklist_id)
            title = checklist.title.get(lang) if checklist is not None else f.checklist_id
            before = seen_forms.get(f.form_id, [])
            if not chased(f.organization_id, before):
                continue
            by_org_forms.setdefault(f.organization_id, []).append(
                UnreturnedForm(
                    f.form_id, title, handed, reminded_before=_before(before, letter_day), due=f.due
                )
            )
    uids = {s.id: s.uid for s in context.repo.sessions()} if sessions else {}
    result = []
    for org_id in set(by_org) | set(by_org_forms) | set(waiting):
        org = organizations[org_id]
        parent = organizations.get(org.parent_id) if org.parent_id is not None else None
        department = Department(
            organization=org,
            division=parent,
            plans=tuple(by_org.get(org_id, ())),
            forms=tuple(by_org_forms.get(org_id, ())),
            earlier=tuple(sorted(earlier.get(org_id, {}).items(), key=lambda p: (p[1], p[0]))),
            waiting=tuple(sorted(waiting.get(org_id, {}).items(), key=lambda p: (p[1], p[0]))),
            seen=frozenset(seen.get(org_id, ())),
            same_day=tuple(sorted(same_day.get(org_id, ()))),
            sessions=tuple(sorted(uids[i] for i in sessions.get(org_id, ()) if i in uids)),
        )
        if department.plans or department.forms:
            result.append(department)
        elif held is not None:
            held.append(department)
    if held is not None:
        held.sort(key=lambda d: d.organization.code)
    return sorted(result, key=lambda d: d.organization.code)


def _before(reminded: list[Reminded], day: date) -> bool:
    """Reminded by a letter dated before `day` (one dated later is no earlier letter)."""
    return any(r.reminded_on < day for r in reminded)


def file_name(department: Department, issue_date: date) -> str:
    return f"reminder_{department.organization.code}_{issue_date:%Y%m%d}.pdf"


def _norms_by_organization(context: AppContext) -> Norms:
    """`plan_norms.norm_lookup` for a finding of any organization, each built once."""
    lookups: dict[int, Norms] = {}

    def norms(finding: Finding) -> tuple[str, ...]:
        org = finding.organization_id
        if org not in lookups:
            lookups[org] = norm_lookup(context, org)
        return lookups[org](finding)

    return norms


def _sender(context: AppContext, identity: Identity | None) -> tuple[str, str, str]:
    """(office, issuer, issuer's 職名): the signer (else the configured office head), with
    the office head's 職名 only when it is that person, never an invented one."""
    from inspector.reports.notice_rules import same_person
    from inspector.services.documents import document_service

    settings = context.settings
    office = document_service(context).office_name()
    name = identity.name if identity is not None else (settings.office_head or "")
    head = settings.office_head or ""
    title = settings.office_head_title or "" if head and same_person(name, head) else ""
    return office, name, title


def issue_reminders(
    context: AppContext,
    departments: Sequence[Department],
    place: Callable[[Department], Path],
    identity: Identity | None,
    *,
    issue_date: date,
    as_of: date,
    reply_by: date,
    guard: OutputGuard,
    step: Callable[[int], None] = lambda _n: None,
    doc_lang: str = "ja",
    warn: Callable[[str], None] = lambda _m: None,
) -> list[IssuedFile]:
    """One PDF per department at `place(department)`; signed, numbered and recorded with
    `identity`, else drafts. `step(n)` after each file written. The letters are in
    `doc_lang` (Japanese unless asked, whatever the interface speaks: docs9). `warn`:
    what is said without refusing (ledger lines skipped, numbers passed over)."""
    from inspector.reports.forms import load_form
    from inspector.reports.role_check import check_role_for
    from inspector.services.reminder_rules import (
        draft_problem,
        kept_in_ledger,
        read_reminder_ledger,
        signing_problem,
    )

    lang = context.settings.lang
    problem = reply_by_problem(reply_by, issue_date, lang)
    if problem is not None:
        raise ReminderProblem(problem)
    departments = [d for d in departments if d.plans or d.forms]
    if identity is not None:
        check_role_for(DocumentKind.REMINDER, identity.certificate, lang)
        problem = signing_problem(
            context, departments, [place(d) for d in departments], issue_date, lang
        )
        if problem is not None:
            raise ReminderProblem(problem)
    else:  # a draft never takes the place of a signed letter either
        problem = draft_problem(context, [place(d) for d in departments], lang)
        if problem is not None:
            raise ReminderProblem(problem)
    form = load_form(
        "reminder", doc_lang, [context.settings.forms_dir] if context.settings.forms_dir else []
    )
    ledger = None
    if identity is not None:
        ledger = read_reminder_ledger(context, form.number_format, form.number_prefix)
        for said in ledger.warnings(lang):
            warn(said)
        year = fiscal_year(issue_date)
        lost = [e for e in ledger.lost(context.findings.documents()) if e.fiscal_year == year]
        skipped = ledger.skipped_warning(
            (n for _s, n in sorted({(e.serial, e.number) for e in lost})), lang
        )
        if skipped is not None:
            warn(skipped)
    office, issuer, title = _sender(context, identity)
    written: list[IssuedFile] = []
    for department in departments:
        data = ReminderData(
            doc_id=new_doc_id(DocumentKind.REMINDER, issue_date),
            organization=department.organization,
            division=department.division,
            issue_date=issue_date,
            as_of=as_of,
            reply_by=reply_by,
            plans=department.plans,
            forms=department.forms,
            office=office,
            municipality=context.settings.municipality or "",
            issuer=issuer,
            issuer_title=title,
            earlier=department.earlier,
        )
        out = place(department)
        written.append(
            _issue_one(context, data, out, identity, guard, form, doc_lang, department, ledger)
        )
        if ledger is not None and ledger.keys_dir is not None:
            kept_in_ledger(context, ledger, written[-1], data, department, out, doc_lang, warn)
        step(len(written))
    return written


def _issue_one(
    context: AppContext,
    data: ReminderData,
    out: Path,
    identity: Identity | None,
    guard: OutputGuard,
    form: object,
    lang: str,
    department: Department,
    ledger: ReminderLedger | None,
) -> IssuedFile:
    from inspector.reports.forms import Form
    from inspector.reports.reminder import build_reminder
    from inspector.reports.reminder_data import reminder_hash
    from inspector.reports.service_types import IssuedFile
    from inspector.services.reminder_rules import next_number

    assert isinstance(form, Form)
    dirs = [context.settings.forms_dir] if context.settings.forms_dir else []
    repo = Reminders(context.engine)
    day = data.issue_date

    def numbered(documents: Sequence[IssuedDocument]) -> tuple[str, int, int]:
        lost = ledger.lost(documents) if ledger is not None else []
        return next_number(documents, lost, day, form.number_prefix, form.number_format)

    number: tuple[str, int, int] | None = None
    if identity is not None:
        number = numbered(context.findings.documents())
    messages = Translator(context.settings.lang)
    with guard.temporary(out) as tmp:
        for _round in range(NUMBERING_ROUNDS):
            if number is not None:
                data = replace(data, number=number[0])
            rendered = build_reminder(data, lang=lang, forms_dirs=dirs)
            payload = rendered.data
            if identity is not None:
                from inspector.reports.signing import sign_pdf

                payload = sign_pdf(rendered, identity, lang=lang, reason=form.title)
            tmp.write_bytes(payload)
            if identity is None or number is None:
                break
            expected = number

            def check(
                documents: list[IssuedDocument], expected: tuple[str, int, int] = expected
            ) -> None:
                fresh = numbered(documents)
                if fresh != expected:
                    raise _NumberTaken(fresh)

            def check_items(doc_ids: set[str]) -> None:
                # reminded by another process since gathered (rem10 D4): never a second
                # first 督促 of the same plans
                if doc_ids - department.seen:
                    raise RemindedMeanwhile(
                        messages(
                            "rem10.reminded_meanwhile",
                            code=department.organization.code,
                            name=department.organization.name,
                        )
                    )

            try:
                repo.record_reminder(
                    {
                        "doc_id": data.doc_id,
                        "kind": DocumentKind.REMINDER.value,
                        "content_hash": reminder_hash(data),
                        "issued_by": auditor(context.settings),
                        "session_id": None,
                        "organization_id": data.organization.id,
                        "signer": identity.name,
                        "file_sha256": hashlib.sha256(payload).hexdigest(),
                        "path": str(out.expanduser().resolve()),
                        "reissue_of": None,
                    },
                    number,
                    [ReminderItem(data.organization.id, plan_id=p.plan_id) for p in data.plans]
                    + [ReminderItem(data.organization.id, form_id=f.form_id) for f in data.forms],
                    reminded_on=data.issue_date,
                    reply_by=data.reply_by,
                    check=check,
                    check_items=check_items,
                )
                break
            except _NumberTaken as taken:
                number = taken.args[0]
        else:
            raise ReminderProblem(Translator(lang)("document_numbers.kept_taken"))
    kind = DocumentKind.REMINDER
    return IssuedFile(
        out, data.doc_id, kind, reminder_hash(data), identity is not None, rendered.pages
    )


__all__ = [
    "DEFAULT_REPLY_DAYS",
    "Department",
    "RemindedMeanwhile",
    "ReminderProblem",
    "default_reply_by",
    "file_name",
    "gather_reminders",
    "issue_reminders",
    "office_signer",
    "reminded_forms",
    "reminded_plans",
    "reply_by_problem",
]

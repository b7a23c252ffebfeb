"""The answers CSV: the audit office's stable interface for bulk import and export.

Header: organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at

- organization: code or name; respondent: staff number, empty for organization checklists
- staff_type: regular, part_time, temporary, dispatched (or 職員, 非常勤嘱託員, 臨時的任用職員,
  派遣労働者) or empty; used when a respondent is created with --create-missing. For a person
  already in the database it must be empty or the stored type: the roster (`people import`)
  owns it, so a different value is a problem rather than a silent change of the roster.
- answer: canonical values, or 遵守/不遵守/該当なし, ○/×/－, はい/いいえ
- reason: reason ids or texts of the item, separated by ';'; anything else is kept as free text
- answered_at: ISO 8601; a time without zone is taken as Japan time; from 1900 to now
  (a time in the future would stay the unit's latest answer forever)

A cell that starts with `= + - @`, a tab, a carriage return or a quote is written with a
quote before it (never a formula in Excel), and that one quote is taken off on import, so
an export imported again changes nothing.

One import is one session per organization and checklist (per respondent for person
checklists), written in one transaction; the whole file is checked first and nothing is
written when any row is bad. Every column is required and no other is allowed: a typo in a
column name would otherwise drop that column's values.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from inspector.domain.answers import InvalidAnswer, normalize_answer, parse_staff_type
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist, Item, Unit
from inspector.domain.dates import check_plausible
from inspector.domain.model import (
    AnswerState,
    InspectionSession,
    PersonStatus,
    Role,
    SessionSource,
    StaffType,
)
from inspector.domain.organization_code import organization_code_problem
from inspector.exchange.cells import escape_formula, one_line_break, unescape_formula
from inspector.exchange.csvfile import CsvProblems, RowProblem, read_rows
from inspector.exchange.org_checks import ambiguous_name
from inspector.i18n import Message, message_of
from inspector.store.repository import (
    ImportBatch,
    ImportCounts,
    OrganizationInput,
    PersonInput,
    Repository,
)
from inspector.store.transaction import retry_on_conflict, write_transaction

COLUMNS = [
    "organization",
    "respondent",
    "staff_type",
    "checklist",
    "item",
    "answer",
    "reason",
    "note",
    "answered_at",
]
JST = timezone(timedelta(hours=9), "JST")
_REASON_SPLIT = re.compile(r"\s*[;；]\s*")


@dataclass
class ImportReport:
    rows: int
    counts: ImportCounts
    organizations_created: int = 0
    people_created: int = 0


def parse_time(raw: str) -> datetime | None:
    """ISO 8601 or 2025/03/31 10:00; a naive time is Japan time."""
    text = raw.strip()
    if not text:
        return None
    text = text.replace("/", "-")
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(Message("more.answers_csv.not_datetime", raw=raw)) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=JST)
    try:
        check_plausible(value)
    except ValueError as exc:
        raise ValueError(Message("more.answers_csv.implausible", problem=message_of(exc))) from None
    return value


def _reasons(item: Item, raw: str) -> tuple[tuple[str, ...], str]:
    if not raw:
        return (), ""
    ids: list[str] = []
    free: list[str] = []
    for part in _REASON_SPLIT.split(raw.strip()):
        if not part:
            continue
        match = next((r.id for r in item.reasons if part in (r.id, r.ja, r.en)), None)
        if match is not None:
            if match not in ids:
                ids.append(match)
        else:
            free.append(part)
    return tuple(ids), "; ".join(free)


def import_answers(
    repo: Repository,
    catalog: ChecklistCatalog,
    path: Path,
    *,
    create_missing: bool = False,
    actor: str = "import",
) -> ImportReport:
    # export-csv quotes a cell that would be a formula; exactly that is undone here.
    rows = [
        {k: unescape_formula(v) for k, v in row.items()}
        for row in read_rows(path, COLUMNS, optional=[])
    ]

    def attempt() -> ImportReport:
        # One transaction from the first lookup to the last answer, the organizations and
        # people it creates included: an error or a kill anywhere leaves the database as it
        # was, and a second import of the same file waits, then finds this one's sessions.
        with write_transaction(repo) as bound:
            return _import_rows(bound, catalog, path, rows, create_missing, actor)

    return retry_on_conflict(attempt)


def _import_rows(
    repo: Repository,
    catalog: ChecklistCatalog,
    path: Path,
    rows: list[dict[str, str]],
    create_missing: bool,
    actor: str,
) -> ImportReport:
    orgs = repo.organization_lookup()
    ambiguous = repo.ambiguous_organization_names()
    people = {p.staff_number: p for p in repo.people()}
    problems: list[RowProblem] = []
    new_orgs: dict[str, OrganizationInput] = {}
    new_people: dict[str, PersonInput] = {}
    # respondent not yet in the database -> (staff type, row) of the first row giving one
    given_types: dict[str, tuple[StaffType, int]] = {}
    # (checklist, organization key, respondent) -> item -> (state, answered_at, row number)
    grouped: dict[
        tuple[str, int | str, str], dict[str, tuple[AnswerState, datetime | None, int]]
    ] = {}
    code_of = repo.organization_code_by_id()
    for number, row in enumerate(rows, start=2):
        checklist_id = row["checklist"]
        if checklist_id not in catalog:
            problems.append(
                RowProblem(number, Message("errors.csv.unknown_checklist", checklist=checklist_id))
            )
            continue
        checklist = catalog.get(checklist_id)
        if not checklist.has_item(row["item"]):
            problems.append(
                RowProblem(
                    number,
                    Message("errors.csv.unknown_item", item=row["item"], checklist=checklist_id),
                )
            )
            continue
        item = checklist.item(row["item"])
        org_key = row["organization"]
        if not org_key:
            problems.append(RowProblem(number, Message("errors.csv.empty_organization")))
            continue
        if shared := ambiguous_name(org_key, ambiguous):
            problems.append(RowProblem(number, shared))
            continue
        if org_key not in orgs and org_key not in new_orgs:
            if create_missing:
                if bad_code := organization_code_problem(org_key):
                    problems.append(RowProblem(number, bad_code))
                    continue
                new_orgs[org_key] = OrganizationInput(org_key, org_key)
            else:
                problems.append(
                    RowProblem(
                        number, Message("errors.csv.unknown_organization", organization=org_key)
                    )
                )
                continue
        respondent = row["respondent"]
        staff_type_raw = row["staff_type"]
        staff_type: StaffType | None = None
        if staff_type_raw:
            try:
                staff_type = parse_staff_type(staff_type_raw)
            except ValueError as exc:
                problems.append(RowProblem(number, message_of(exc)))
                continue
        if checklist.unit is Unit.RESPONDENT:
            if not respondent:
                problems.append(
                    RowProblem(
                        number,
                        Message("more.answers_csv.respondent_empty", checklist=checklist_id),
                    )
                )
                continue
            known = people.get(respondent)
            if known is not None and org_key in orgs and known.organization_id != orgs[org_key]:
                home = code_of.get(known.organization_id or -1, "none")
                problems.append(
                    RowProblem(
                        number,
                        Message(
                            "more.answers_csv.other_organization",
                            respondent=respondent,
                            home=home,
                            organization=org_key,
                        ),
                    )
                )
                continue
            if respondent not in people and respondent not in new_people:
                if create_missing:
                    new_people[respondent] = PersonInput(
                        respondent, respondent, org_key, StaffType.REGULAR, PersonStatus.ACTIVE
                    )
                else:
                    problems.append(
                        RowProblem(
                            number,
                            Message("more.answers_csv.unknown_respondent", respondent=respondent),
                        )
                    )
                    continue
            # The roster owns a person's type: a different one is reported, not applied.
            if staff_type is not None and known is not None:
                if staff_type is not known.staff_type:
                    problems.append(
                        RowProblem(
                            number,
                            Message(
                                "more.answers_csv.staff_type_differs",
                                respondent=respondent,
                                stored=known.staff_type.value,
                                given=staff_type.value,
                            ),
                        )
                    )
                    continue
            elif staff_type is not None:
                first = given_types.setdefault(respondent, (staff_type, number))
                if first[0] is not staff_type:
                    problems.append(
                        RowProblem(
                            number,
                            Message(
                                "more.answers_csv.staff_type_twice",
                                respondent=respondent,
                                given=staff_type.value,
                                first=first[0].value,
                                row=first[1],
                            ),
                        )
                    )
                    continue
        elif respondent:
            problems.append(
                RowProblem(
                    number,
                    Message("more.answers_csv.respondent_given", checklist=checklist_id),
                )
            )
            continue
        try:
            value = normalize_answer(item, row["answer"])
        except InvalidAnswer as exc:
            problems.append(
                RowProblem(
                    number, Message("more.answers_csv.item", item=item.id, problem=message_of(exc))
                )
            )
            continue
        try:
            answered_at = parse_time(row["answered_at"])
        except ValueError as exc:
            problems.append(RowProblem(number, message_of(exc)))
            continue
        reasons, reason_text = _reasons(item, row["reason"])
        state = AnswerState(value=value, reasons=reasons, reason_text=reason_text, note=row["note"])
        if state.is_empty:
            continue
        # The unit is the resolved organization, so "120" and "情報政策課" are one unit.
        org_ref: int | str = orgs.get(org_key, f"new:{org_key}")
        key = (checklist_id, org_ref, respondent)
        answers = grouped.setdefault(key, {})
        if item.id in answers:
            problems.append(
                RowProblem(
                    number,
                    Message(
                        "more.answers_csv.answered_twice", item=item.id, row=answers[item.id][2]
                    ),
                )
            )
            continue
        answers[item.id] = (state, answered_at, number)
    if problems:
        raise CsvProblems(path, problems)

    if new_orgs:
        repo.upsert_organizations(list(new_orgs.values()))
        orgs = repo.organization_lookup()
    if new_people:
        code_of = repo.organization_code_by_id()
        repo.upsert_people(
            [
                PersonInput(
                    p.staff_number,
                    p.name,
                    code_of[orgs[p.organization_code]] if p.organization_code else None,
                    # the type a row gives (any row, not only the first); regular if none
                    given_types.get(p.staff_number, (StaffType.REGULAR, 0))[0],
                    p.status,
                )
                for p in new_people.values()
            ]
        )
        people = {p.staff_number: p for p in repo.people()}

    batches: list[ImportBatch] = []
    for (checklist_id, org_ref, respondent), answers in grouped.items():
        checklist = catalog.get(checklist_id)
        times = [t for _, t, _ in answers.values() if t is not None]
        batches.append(
            ImportBatch(
                checklist=checklist,
                organization_id=org_ref if isinstance(org_ref, int) else orgs[org_ref[4:]],
                respondent_id=people[respondent].id if respondent else None,
                role=_role(checklist),
                session_date=max(times).astimezone(JST).date() if times else date.today(),
                answers={item_id: (state, when) for item_id, (state, when, _) in answers.items()},
            )
        )
    counts = repo.import_sessions(batches, actor)
    return ImportReport(len(rows), counts, len(new_orgs), len(new_people))


def _recency(session: InspectionSession) -> tuple[bool, date, datetime, int]:
    completed = session.is_completed or session.source is not SessionSource.LOCAL
    created = session.created_at or datetime.min.replace(tzinfo=JST)
    return (completed, session.session_date, created, session.id)


def _role(checklist: Checklist) -> Role:
    return Role.OPERATOR if checklist.unit is Unit.RESPONDENT else Role.HEAD


def export_answers(
    repo: Repository,
    catalog: ChecklistCatalog,
    *,
    checklist_id: str | None = None,
    organization_code: str | None = None,
) -> str:
    """The latest session of each unit, as CSV text (UTF-8; the caller adds a BOM for Excel)."""
    org_filter = None
    if organization_code:
        org = repo.find_organization(organization_code)
        if org is None:
            raise LookupError(Message("more.cards.unknown_organization", name=organization_code))
        org_filter = org.id
    orgs = {o.id: o for o in repo.organizations()}
    people = {p.id: p for p in repo.people()}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    # The latest session of each unit by the rule `consolidate` uses: completed (or
    # imported) first, then the newest by session date, creation time and id.
    latest: dict[tuple[str, int, int | None], InspectionSession] = {}
    for session in repo.sessions(checklist_id=checklist_id, organization_id=org_filter):
        key = (session.checklist_id, session.organization_id, session.respondent_id)
        if key not in latest or _recency(session) > _recency(latest[key]):
            latest[key] = session
    for session in sorted(latest.values(), key=_recency, reverse=True):
        checklist = catalog.get(session.checklist_id) if session.checklist_id in catalog else None
        order = {i.id: n for n, i in enumerate(checklist.items)} if checklist else {}
        person = people.get(session.respondent_id) if session.respondent_id else None
        answers = repo.answers(session.id)
        for item_id in sorted(answers, key=lambda i: (order.get(i, len(order)), i)):
            answer = answers[item_id]
            state = answer.state
            reasons = list(state.reasons) + ([state.reason_text] if state.reason_text else [])
            cells = [
                orgs[session.organization_id].code,
                person.staff_number if person else "",
                person.staff_type.value if person else "",
                session.checklist_id,
                item_id,
                state.value or "",
                "; ".join(reasons),
                state.note,
                answer.answered_at.astimezone(JST).isoformat(timespec="seconds"),
            ]
            writer.writerow([escape_formula(one_line_break(c)) for c in cells])
    return out.getvalue()

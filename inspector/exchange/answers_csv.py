"""The answers CSV: the audit office's stable interface for bulk import and export.

Header: organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at

- organization: code or name; respondent: staff number, empty for organization checklists
- staff_type: regular, part_time, temporary, dispatched (or 職員, 非常勤嘱託員, 臨時的任用職員,
  派遣労働者) or empty; used when a respondent is created with --create-missing. For a person
  already in the database it must be empty or the stored type: the roster (`people import`)
  owns it, so a different value is a problem rather than a silent change of the roster.
- answer: canonical values, or 遵守/不遵守/該当なし, ○/×/－, はい/いいえ
- reason: reason ids or texts of the item, separated by ';'; anything else is kept as free text
- answered_at: ISO 8601, or a date and time as typed elsewhere (2025/3/31 10:00,
  令和7年3月31日 10:00, R7.3.31, full-width digits); a time without zone is taken as Japan
  time; from 1900 to now (a time in the future would stay the unit's latest answer forever)

Every row has a cell for every column of the header, empty or not: a row with fewer cells
is refused with the columns it lacks (a file cut off in the middle of a row, whose missing
cells would otherwise be taken as empty and overwrite what is stored); a file that ends
without a line end inside a row, just after a comma or inside a UTF-8 character is
refused as cut off. The note and reason keep a tab or line break they start with.

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
from datetime import date, datetime

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import InspectionSession, SessionSource
from inspector.exchange.answers_import import ImportReport, import_answers
from inspector.exchange.answers_values import COLUMNS, JST, parse_time, split_reasons
from inspector.exchange.cells import escape_formula, one_line_break
from inspector.i18n import Message
from inspector.store.repository import Repository

# The reason cell's reading, by its former name (the Excel forms read reasons the same way).
_reasons = split_reasons

__all__ = ["COLUMNS", "JST", "ImportReport", "export_answers", "import_answers", "parse_time"]


def _recency(session: InspectionSession) -> tuple[bool, date, datetime, int]:
    completed = session.is_completed or session.source is not SessionSource.LOCAL
    created = session.created_at or datetime.min.replace(tzinfo=JST)
    return (completed, session.session_date, created, session.id)


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

"""Collect one returned form: read it, check it against what was handed out, and import
its answers through the same write as `import-csv` (`store.imports.write_import`): one
transaction per file, a file with any problem writes nothing, the same file collected
again changes nothing, a changed answer is updated with its old value in the change log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Connection, func, select
from sqlmodel import SQLModel

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist
from inspector.domain.model import Role
from inspector.domain.person_names import normalized_name, same_name
from inspector.exchange.answers_csv import JST
from inspector.exchange.workbooks.completion import settle_status
from inspector.exchange.workbooks.layout import SHEET_ANSWERS, SHEET_FORM, FormKind, rebuild_layout
from inspector.exchange.workbooks.reader import (
    Problem,
    ReturnedForm,
    UnreadableWorkbook,
    check_cells,
    read_returned,
)
from inspector.store.imports import ImportBatch, ImportCounts, ImportWriter, csv_import_key
from inspector.store.repositories.distributed_forms import (
    find_form,
    mark_returned,
    superseding_form,
)
from inspector.store.repository import Repository
from inspector.store.transaction import retry_on_conflict, write_transaction

_PEOPLE = SQLModel.metadata.tables["person"]
_ORGS = SQLModel.metadata.tables["organization"]
_SESSIONS = SQLModel.metadata.tables["inspection_session"]
_ANSWERS = SQLModel.metadata.tables["answer"]


# Who answers each kind of form: the department head its organization's form; a person
# their own form (an operator); on a roster the manager hears every member of staff, which
# is how the ID/password hearing is recorded in the runner too (role head, the person as
# respondent: `store.repositories.hearing`).
FORM_ROLES = {
    FormKind.ORGANIZATION: Role.HEAD,
    FormKind.PERSON: Role.OPERATOR,
    FormKind.ROSTER: Role.HEAD,
}


def form_import_key(
    kind: FormKind, checklist_id: str, organization_id: int, respondent_id: int | None
) -> str:
    """The imported session a form's answers go to. A person's own answers (a per-person
    form, or `import-csv`) and the manager's hearing of the same person are two sessions:
    the hearing's key ends in `/hearing`, which no CSV key does (its last part is an id)."""
    key = csv_import_key(checklist_id, organization_id, respondent_id)
    return f"{key}/hearing" if kind is FormKind.ROSTER else key


@dataclass
class _FormBatch(ImportBatch):
    """An `ImportBatch` whose session is the form kind's (`form_import_key`)."""

    kind: FormKind = FormKind.ORGANIZATION

    @property
    def import_key(self) -> str:
        return form_import_key(
            self.kind, self.checklist.id, self.organization_id, self.respondent_id
        )


@dataclass
class FileReceipt:
    path: Path
    form_id: str = ""
    checklist: str = ""
    organization: str = ""
    kind: str = ""
    imported: bool = False
    counts: ImportCounts = field(default_factory=ImportCounts)
    answers: int = 0
    blank: int = 0
    not_applicable: int = 0
    problems: list[Problem] = field(default_factory=list)
    # the workbook's save time, ahead of the clock: its answers were taken as of unknown
    # time (never newer than a stored answer), and this is said with the file
    saved_ahead: datetime | None = None
    # a return of unknown time (no save time, or one ahead) of a form sent back after the
    # answers stored: a correction, dated by the collect and applied (`_after_send_back`)
    dated_by_collect: bool = False


def collect_file(
    repo: Repository,
    catalog: ChecklistCatalog,
    path: Path,
    actor: str,
    manager: str | None = None,
    take_older: bool = False,
    take_superseded: bool = False,
) -> FileReceipt:
    """`manager`: the name of the manager who heard the staff of a roster form, recorded
    on its hearing sessions (None: not known; a name recorded before is kept).
    `take_older`: the return's answers replace the stored ones even where those were
    answered later (each logged, and listed in `counts.taken`). `take_superseded`: the
    return of a form handed out again since (`superseding_form`) is taken, not refused."""
    receipt = FileReceipt(path)
    if manager is not None:
        manager = normalized_name(manager)  # 拠点　課長 is stored as 拠点 課長
    try:
        returned = read_returned(path)
    except UnreadableWorkbook as exc:
        receipt.problems.append(exc.problem)
        return receipt
    receipt.form_id = returned.meta.get("form_id", "")
    receipt.saved_ahead = returned.saved_ahead

    def attempt() -> FileReceipt:
        with write_transaction(repo) as bound:
            _collect(
                bound.connection,
                catalog,
                returned,
                receipt,
                actor,
                manager,
                take_older,
                take_superseded,
            )
            if receipt.problems:
                # nothing was written; end the transaction without a commit
                raise _Refused
        return receipt

    try:
        return retry_on_conflict(attempt)
    except _Refused:
        return receipt


class _Refused(Exception):
    pass


def _meta_problem(
    returned: ReturnedForm, field_key: str, message: str, /, **params: object
) -> Problem:
    return Problem(SHEET_FORM, returned.meta_cells.get(field_key, "B1"), message, dict(params))


def _collect(
    conn: Connection,
    catalog: ChecklistCatalog,
    returned: ReturnedForm,
    receipt: FileReceipt,
    actor: str,
    manager: str | None = None,
    take_older: bool = False,
    take_superseded: bool = False,
) -> None:
    problems = receipt.problems
    problems.clear()
    form = find_form(conn, receipt.form_id) if receipt.form_id else None
    if form is None:
        problems.append(
            _meta_problem(
                returned, "form_id", "excel.problem.unknown_form", form_id=receipt.form_id
            )
        )
        return
    newer = None if take_superseded else superseding_form(conn, form)
    if newer is not None:
        # handed out again since: both forms' returns would go into one session, the last
        # saved winning; the earlier form's return is refused, naming both
        problems.append(
            _meta_problem(
                returned,
                "form_id",
                "wb16.superseded",
                form_id=form.form_id,
                newer=newer.form_id,
                file=newer.file_name,
                issued=newer.issued_at.astimezone(JST).strftime("%Y-%m-%d %H:%M"),
            )
        )
        return
    receipt.checklist = form.checklist_id
    receipt.kind = form.kind
    org_code = conn.execute(
        select(_ORGS.c.code).where(_ORGS.c.id == form.organization_id)
    ).scalar_one()
    receipt.organization = org_code
    expected = {
        "checklist_id": form.checklist_id,
        "checklist_version": form.checklist_version,
        "kind": form.kind,
        "organization": org_code,
        "digest": form.digest,
    }
    # a per-person form is its person's: one whose respondent cell names another person is
    # refused, never filed as the form's person's answers (nor the other's)
    handed_to = ""
    if form.person_id is not None:
        handed_to = conn.execute(
            select(_PEOPLE.c.staff_number).where(_PEOPLE.c.id == form.person_id)
        ).scalar_one()
    given = returned.meta.get("respondent", "")
    if given != handed_to:
        problems.append(
            _meta_problem(
                returned, "respondent", "wb16.other_respondent", value=given, expected=handed_to
            )
        )
    for key, value in expected.items():
        if returned.meta.get(key, "") != value:
            problems.append(
                _meta_problem(
                    returned,
                    key,
                    "excel.problem.form_mismatch",
                    what=key,
                    value=returned.meta.get(key, ""),
                    expected=value,
                )
            )
    if problems:
        return
    if form.checklist_id not in catalog:
        problems.append(
            _meta_problem(
                returned,
                "checklist_id",
                "excel.problem.unknown_checklist",
                checklist=form.checklist_id,
            )
        )
        return
    checklist: Checklist = catalog.get(form.checklist_id)
    if checklist.version != form.checklist_version:
        problems.append(
            _meta_problem(
                returned,
                "checklist_version",
                "excel.problem.version_changed",
                checklist=checklist.id,
                old=form.checklist_version,
                new=checklist.version,
            )
        )
        return
    kind = FormKind(form.kind)
    if manager is not None and kind is not FormKind.ROSTER:
        # only a roster's hearings record who heard them: the name would be dropped unseen
        problems.append(_meta_problem(returned, "kind", f"manager_fix.not_roster.{kind.value}"))
        return
    layout = rebuild_layout(checklist, kind, form.structure)
    if layout is None or layout.digest() != form.digest:
        problems.append(
            _meta_problem(
                returned, "digest", "excel.problem.structure_changed", checklist=checklist.id
            )
        )
        return
    known: set[str] = set()
    people_ids: dict[str, int] = {}
    if kind is FormKind.ROSTER:
        numbers = [p.staff_number for p in layout.people]
        numbers += [v for c, v in returned.cells.items() if c.startswith("A") and c[1:].isdigit()]
        for start in range(0, len(numbers), 500):
            chunk = numbers[start : start + 500]
            for pid, number in conn.execute(
                select(_PEOPLE.c.id, _PEOPLE.c.staff_number).where(
                    _PEOPLE.c.staff_number.in_(chunk)
                )
            ):
                known.add(number)
                people_ids[number] = pid
    checked = check_cells(returned, layout, known)
    problems.extend(checked.problems)
    if not problems and not any(
        state.value is not None
        for answers in checked.answers.values()
        for state in answers.values()
    ):
        # nothing answered (walk8 M6): not a return, so the form stays 未回収 and is chased
        first = min(
            (c for c, target in layout.inputs.items() if target.part == "answer"),
            key=_row_column,
            default="",
        )
        problems.append(Problem(SHEET_ANSWERS, first, "tui8b.blank_return"))
    if problems:
        return
    today = datetime.now(JST).date()
    # each answer is dated when the department saved the workbook: a return older than the
    # answers stored (the first copy collected after its correction) takes none of them
    # back; the import skips those and lists them with their cell (None: a time unknown,
    # also one ahead of the clock: `save_time`)
    saved = returned.saved_at
    answer_cell = {
        (target.staff_number, target.item_id): coordinate
        for coordinate, target in layout.inputs.items()
        if target.part == "answer"
    }
    batches: list[ImportBatch] = []
    for staff, answers in checked.answers.items():
        if kind is FormKind.ROSTER:
            assert staff is not None
            respondent: int | None = people_ids[staff]
        else:
            respondent = form.person_id
        batches.append(
            _FormBatch(
                checklist=checklist,
                organization_id=form.organization_id,
                respondent_id=respondent,
                role=FORM_ROLES[kind],
                session_date=today,
                answers={
                    item_id: (state, saved, answer_cell.get((staff, item_id), ""))
                    for item_id, state in answers.items()
                },
                kind=kind,
                take_older=take_older,
            )
        )
    keys = [b.import_key for b in batches]
    if saved is None and _after_send_back(conn, form.sent_back_at, keys):
        # sent back after every stored answer, returned since: it can only be newer than
        # the send-back, so it is dated by the collect and applied
        now = datetime.now(JST)
        for batch in batches:
            batch.answers = {item: (e[0], now, *e[2:]) for item, e in batch.answers.items()}
        receipt.dated_by_collect = True
    if kind is FormKind.ROSTER and manager is not None:
        problems.extend(_other_manager(conn, keys, manager))
        if problems:
            return
    writer = ImportWriter(conn, actor)  # as `import_sessions`, keeping what it touched
    for batch in batches:
        writer.add(batch)
    counts = writer.finish()
    settle_status(conn, writer.touched)
    if kind is FormKind.ROSTER and manager is not None:
        conn.execute(
            _SESSIONS.update()
            .where(_SESSIONS.c.import_key.in_(keys), _SESSIONS.c.heard_by.is_(None))
            .values(heard_by=manager)
        )
    receipt.counts = counts
    receipt.answers = sum(len(a) for a in checked.answers.values())
    receipt.blank = checked.blank
    receipt.not_applicable = checked.not_applicable
    mark_returned(
        conn,
        form,
        changed=bool(counts.answers_added or counts.answers_updated),
        answers=receipt.answers,
        blank=receipt.blank,
        not_applicable=receipt.not_applicable,
    )
    receipt.imported = True


def _after_send_back(conn: Connection, sent_back: datetime | None, keys: list[str]) -> bool:
    """Whether the form was sent back (`selfcheck return`) after every answer stored in
    its sessions (`keys`): a return of unknown time collected now is then its correction."""
    if sent_back is None:
        return False
    latest = conn.execute(
        select(func.max(_ANSWERS.c.answered_at))
        .join(_SESSIONS, _SESSIONS.c.id == _ANSWERS.c.session_id)
        .where(_SESSIONS.c.import_key.in_(keys))
    ).scalar()
    return latest is None or _aware(latest) <= _aware(sent_back)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _row_column(coordinate: str) -> tuple[int, int, str]:
    letters = coordinate.rstrip("0123456789")
    return int(coordinate[len(letters) :] or 0), len(letters), letters


def _other_manager(conn: Connection, keys: list[str], manager: str) -> list[Problem]:
    """A hearing of the roster recorded before as heard by another manager: the file is
    refused rather than the name recorded changed (a hearing is heard by one manager).
    Names are compared as `same_name` does: 拠点 課長 and 拠点　課長 are one manager."""
    found: list[Problem] = []
    for start in range(0, len(keys), 500):
        query = (
            select(_PEOPLE.c.staff_number, _SESSIONS.c.heard_by)
            .join(_PEOPLE, _PEOPLE.c.id == _SESSIONS.c.respondent_id)
            .where(_SESSIONS.c.import_key.in_(keys[start : start + 500]))
            .where(_SESSIONS.c.heard_by.is_not(None))
        )
        for staff, recorded in conn.execute(query):
            if same_name(recorded, manager):  # one name written with other spaces or widths
                continue
            params = {"staff": staff, "recorded": recorded, "given": manager}
            found.append(Problem(SHEET_FORM, "", "trust3.other_manager", params))
    return found

"""What a signed reminder (督促状) must respect before it is numbered and recorded (rem10):

- its 文書番号 (監督第N号) is the next of the fiscal year among the reminders the register
  records *and* those the keys folder's ledger knows were issued from this database's
  history but the register lost (a database restored from a backup, `number_ledger`: a
  reminder's entry is anchored on the sessions of the plans it chased and the self-check
  forms it chased); each signed reminder is appended to that ledger;
- its date is not before the latest reminder of its fiscal year (numbers ascend with dates);
- a plan or form reminded on the same day is not reminded again under a new number (an
  English rendering of today's letter would be a second official letter): refused;
- `--force` never writes over the file the register records as another signed document.

Every check reads the database (and the ledger) afresh: the last ones run again in the
transaction that records the reminder, holding the write lock (`services/reminders.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.domain.doc_numbers import fiscal_year, format_number
from inspector.domain.documents import DocumentKind
from inspector.domain.era import format_date
from inspector.i18n import Translator
from inspector.reports.number_ledger import (
    LedgerEntry,
    LedgerProblem,
    LedgerUnreadable,
    append_entry,
    check_entries,
    entries_of,
    forgotten,
    ledger_path,
    problem_text,
    read_ledger,
    signed_at,
)
from inspector.store.repositories.reminders import Reminded, Reminders

if TYPE_CHECKING:
    from inspector.reports.reminder_data import ReminderData
    from inspector.reports.service_types import IssuedFile
    from inspector.services.reminders import Department
    from inspector.store.issued_document import IssuedDocument

KIND = DocumentKind.REMINDER.value


@dataclass
class ReminderLedger:
    """The keys folder's ledger as a reminder sees it: its trusted lines, the lines skipped
    (`problems`), and this database's session uids and form ids (the anchors)."""

    keys_dir: Path | None
    entries: list[LedgerEntry]
    problems: list[LedgerProblem]
    uids: dict[str, int]
    form_ids: frozenset[str]

    def lost(self, documents: Sequence[IssuedDocument]) -> list[LedgerEntry]:
        """The reminders issued from this database's history the register does not record."""
        return entries_of(forgotten(self.entries, KIND, documents), self.uids, self.form_ids)

    def warnings(self, lang: str) -> list[str]:
        return [problem_text(p, lang) for p in self.problems]

    def skipped_warning(self, numbers: Iterable[str], lang: str) -> str | None:
        numbers = list(numbers)
        if not numbers or self.keys_dir is None:
            return None
        return Translator(lang)(
            "docs9.numbers_skipped", numbers="、".join(numbers), ledger=ledger_path(self.keys_dir)
        )


def read_reminder_ledger(context: AppContext, number_format: str, prefix: str) -> ReminderLedger:
    from inspector.store.repositories.distributed_forms import forms as distributed

    keys_dir = context.settings.resolved_keys_dir
    problems: list[LedgerProblem] = []
    entries = read_ledger(keys_dir, problems, lang=context.settings.lang)
    if entries:
        path = ledger_path(keys_dir)
        entries = check_entries(entries, {KIND: (number_format, prefix)}, path, problems)
    uids: dict[str, int] = {}
    form_ids: frozenset[str] = frozenset()
    if any(e.kind == KIND for e in entries):
        uids = {s.uid: s.id for s in context.repo.sessions() if s.id is not None}
        form_ids = frozenset(f.form_id for f in distributed(context.engine))
    return ReminderLedger(keys_dir, entries, problems, uids, form_ids)


def next_number(
    documents: Sequence[IssuedDocument],
    lost: Sequence[LedgerEntry],
    day: date,
    prefix: str,
    template: str,
) -> tuple[str, int, int]:
    """(監督第N号, fiscal year, N): the next of the fiscal year of `day` among the reminders
    recorded and those the ledger knows (`lost`)."""
    year = fiscal_year(day)
    used = [
        d.serial for d in documents if d.kind == KIND and d.fiscal_year == year and d.serial
    ] + [e.serial for e in lost if e.fiscal_year == year]
    serial = max(used, default=0) + 1
    return format_number(template, prefix=prefix, serial=serial, day=day), year, serial


def latest_reminder(
    reminded: Iterable[Reminded], lost: Sequence[LedgerEntry], year: int
) -> tuple[date, str] | None:
    """(date, number) of the latest-dated reminder of fiscal year `year`: recorded (the
    date each letter bears, `reminder_item`), or known to the ledger; None when none."""
    found = [
        (r.reminded_on, r.number or r.doc_id)
        for r in reminded
        if fiscal_year(r.reminded_on) == year
    ]
    for e in lost:
        if e.fiscal_year == year and e.issued:
            try:
                found.append((date.fromisoformat(e.issued), e.number))
            except ValueError:
                continue
    return max(found, default=None)


def all_reminded(context: AppContext) -> list[Reminded]:
    """Every recorded reminder of every plan and form."""
    plans, forms = Reminders(context.engine).reminded()
    return [r for seen in (*plans.values(), *forms.values()) for r in seen]


def date_problem(
    reminded: Iterable[Reminded], lost: Sequence[LedgerEntry], day: date, lang: str
) -> str | None:
    """A signed reminder dated before the latest reminder of its fiscal year: refused
    (numbers ascend with dates, and a letter never cites a later one as earlier)."""
    latest = latest_reminder(reminded, lost, fiscal_year(day))
    if latest is None or latest[0] <= day:
        return None
    return Translator(lang)(
        "rem10.date_before_latest",
        date=format_date(day, lang),
        latest=format_date(latest[0], lang),
        number=latest[1],
    )


def recorded_file_problem(
    documents: Sequence[IssuedDocument],
    paths: Iterable[Path],
    lang: str,
    ledger: Sequence[LedgerEntry] = (),
    keys_dir: Path | None = None,
) -> str | None:
    """A target that is the file of a signed document the register records, or that the
    keys folder's ledger (`ledger`, read from `keys_dir`) names as a signed document the
    register does not know (a restored database, rev10 D2): never written over, even with
    --force (its signed original would be gone while still recorded)."""
    recorded = {d.path: d for d in documents if d.path and d.signer}
    known = {d.doc_id for d in documents}
    for path in paths:
        if not path.exists():
            continue
        where = path.expanduser().resolve()
        found = recorded.get(str(where))
        if found is not None:
            return Translator(lang)(
                "rem10.file_is_recorded", path=path, number=found.number or found.doc_id
            )
        entry = signed_at(ledger, where, known)
        if entry is not None and keys_dir is not None:
            return Translator(lang)(
                "rem11.file_in_ledger",
                path=path,
                number=entry.number,
                ledger=ledger_path(keys_dir),
            )
    return None


def ledger_files(context: AppContext) -> list[LedgerEntry]:
    """The ledger's lines as far as it can be read, for the signed files they name (for what
    is not numbered -- a draft, a workbook -- an unreadable ledger refuses nothing)."""
    try:
        return read_ledger(context.settings.resolved_keys_dir, lang=context.settings.lang)
    except LedgerUnreadable:
        return []


def draft_problem(context: AppContext, paths: Iterable[Path], lang: str) -> str | None:
    """A draft never takes the place of a signed letter either (the register's or the
    ledger's)."""
    keys_dir = context.settings.resolved_keys_dir
    documents = context.findings.documents()
    return recorded_file_problem(documents, paths, lang, ledger_files(context), keys_dir)


def keep_number(
    ledger: ReminderLedger,
    number: tuple[str, int, int],
    *,
    doc_id: str,
    lang: str,
    sessions: Sequence[str],
    forms: Sequence[str],
    issued: date,
    path: Path,
) -> str | None:
    """The reminder's number appended to the keys folder's ledger (best effort: the letter
    is issued and recorded by now); the reason when it could not be written."""
    keys_dir = ledger.keys_dir
    if keys_dir is None or not (keys_dir / "office").is_dir():
        return None
    entry = LedgerEntry(
        kind=KIND,
        number=number[0],
        fiscal_year=number[1],
        serial=number[2],
        doc_id=doc_id,
        lang=lang,
        sessions=tuple(sessions[:8]),
        forms=tuple(forms[:8]),
        issued=issued.isoformat(),
        path=str(path.expanduser().resolve()),
    )
    try:
        append_entry(keys_dir, entry)
    except OSError as exc:
        return str(exc)
    ledger.entries.append(entry)
    return None


def signing_problem(
    context: AppContext,
    departments: Sequence[Department],
    paths: Sequence[Path],
    issue_date: date,
    lang: str,
) -> str | None:
    """What refuses signed letters before a passphrase is asked or a file written: a date
    before the latest reminder of the fiscal year; a plan or form reminded on that day
    already (a second number the same day, e.g. an English rendering of today's letter);
    a target that is the file of another signed document the register records."""
    from inspector.reports.forms import load_form

    dirs = [context.settings.forms_dir] if context.settings.forms_dir else []
    form = load_form("reminder", "ja", dirs)
    documents = context.findings.documents()
    try:
        ledger = read_reminder_ledger(context, form.number_format, form.number_prefix)
    except LedgerUnreadable as exc:  # its numbers unknown: nothing signed (rev10 D1)
        return str(exc)
    problem = date_problem(all_reminded(context), ledger.lost(documents), issue_date, lang)
    if problem is not None:
        return problem
    for d in departments:
        if d.same_day:
            return Translator(lang)(
                "rem11.same_day",
                code=d.organization.code,
                name=d.organization.name,
                numbers="、".join(d.same_day),
                date=format_date(issue_date, lang),
            )
    everything = read_ledger(ledger.keys_dir, lang=lang)
    return recorded_file_problem(documents, paths, lang, everything, ledger.keys_dir)


def kept_in_ledger(
    context: AppContext,
    ledger: ReminderLedger,
    issued: IssuedFile,
    data: ReminderData,
    department: Department,
    out: Path,
    lang: str,
    warn: Callable[[str], None],
) -> None:
    """The signed letter's number appended to the keys folder's ledger (rem10 D1)."""
    recorded = next((d for d in context.findings.documents() if d.doc_id == issued.doc_id), None)
    if recorded is None or not recorded.number or not recorded.serial:
        return
    assert recorded.fiscal_year is not None
    problem = keep_number(
        ledger,
        (recorded.number, recorded.fiscal_year, recorded.serial),
        doc_id=issued.doc_id,
        lang=lang,
        sessions=department.sessions,
        forms=[f.form_id for f in data.forms],
        issued=data.issue_date,
        path=out,
    )
    if problem is not None:
        warn(Translator(context.settings.lang)("rem10.ledger_not_written", problem=problem))


__all__ = [
    "ReminderLedger",
    "all_reminded",
    "date_problem",
    "draft_problem",
    "keep_number",
    "kept_in_ledger",
    "latest_reminder",
    "ledger_files",
    "next_number",
    "read_reminder_ledger",
    "recorded_file_problem",
    "signing_problem",
]

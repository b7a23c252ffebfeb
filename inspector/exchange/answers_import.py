"""Importing the answers CSV (`inspector import-csv`; the format: `answers_csv`).

The file is streamed (`csvstream.RowStream`): each row is checked as it is read and only
what the write needs is kept, one small tuple per answer grouped by unit. The checks use
lookups made once per import (checklists and their items by id; organizations, people)
and memos of what a cell's text means for an item (the same 遵守 on 55,000 rows is
normalised once), not objects per row. The messages, their rows and their order are those
of the import before (`tests/exchange/_legacy_import.py` is the reference the tests
compare with): a row's first problem is reported, every bad row is, and nothing is
written when there is one (the transaction is rolled back).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from inspector.domain.answers import InvalidAnswer, parse_staff_type
from inspector.domain.business_days import japan_today
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState, PersonStatus, StaffType
from inspector.domain.organization_code import organization_code_problem
from inspector.exchange.answers_lookup import MEMO as _MEMO
from inspector.exchange.answers_lookup import ChecklistLookup as _ChecklistLookup
from inspector.exchange.answers_values import COLUMNS, JST, parse_time
from inspector.exchange.csvfile import ProblemLog, RowProblem
from inspector.exchange.csvstream import RowStream
from inspector.exchange.gc_pause import collector_paused
from inspector.exchange.org_checks import ambiguous_name
from inspector.i18n import Message, message_of
from inspector.store.imports import (
    ImportBatch,
    ImportCounts,
    ImportWriter,
    csv_import_key,
    people_keys,
)
from inspector.store.repository import OrganizationInput, PersonInput, Repository
from inspector.store.transaction import BoundRepository, retry_on_conflict, write_transaction
from inspector.store.undated_sessions import UndatedUnit, outranked

_UNSEEN: Any = object()  # not in a memo yet


@dataclass
class ImportReport:
    rows: int
    counts: ImportCounts
    organizations_created: int = 0
    people_created: int = 0
    outranked: list[tuple[str, str, str, date]] = field(default_factory=list)
    """The sessions made from rows without a time only, dated by the import, that count as
    newer than a dated session of their unit: (checklist, organization code, respondent's
    staff number or "", that session's date)."""


def import_answers(
    repo: Repository,
    catalog: ChecklistCatalog,
    path: Path,
    *,
    create_missing: bool = False,
    actor: str = "import",
    take_older: bool = False,
) -> ImportReport:
    """`take_older`: a row older than the stored answer, or without a time, replaces it
    all the same (`import-csv --take-older`); otherwise such a row is skipped and listed."""

    def attempt() -> ImportReport:
        # One transaction from the first lookup to the last answer, the organizations and
        # people it creates included: an error or a kill anywhere leaves the database as it
        # was, and a second import of the same file waits, then finds this one's sessions.
        with write_transaction(repo) as bound:
            found = _Import(bound, catalog, create_missing, actor)
            found.take_older = take_older
            return found.run(path, rows)

    with collector_paused():  # no cycles to collect: ~15 % of the import's CPU
        # An unreadable file or a mixed encoding is refused before the transaction is begun.
        rows = RowStream(path, COLUMNS, optional=[], unescape=True)
        return retry_on_conflict(attempt)


# A unit: (checklist, organization id or "new:code", respondent)
Unit_ = tuple[str, int | str, str]
# unit -> item -> (state, time, row)
Grouped = dict[Unit_, dict[str, tuple[AnswerState, datetime | None, int]]]
# (checklist, item, answer, reason, answered_at) -> (checklist, state or None, time, item)
_CellKey = tuple[str, str, str, str, str]
_Cell = tuple[_ChecklistLookup, AnswerState | None, datetime | None, str]


class _Import:
    def __init__(
        self, repo: BoundRepository, catalog: ChecklistCatalog, create_missing: bool, actor: str
    ) -> None:
        self.repo = repo
        self.catalog = catalog
        self.create_missing = create_missing
        self.actor = actor
        self.take_older = False  # `import_answers`'s: rows older or without a time taken
        self.orgs = repo.organization_lookup()
        self.ambiguous = repo.ambiguous_organization_names()
        self.people = people_keys(repo.connection)
        self.code_of = repo.organization_code_by_id()
        self.problems = ProblemLog()  # the first ones listed, every one counted
        self.new_orgs: dict[str, OrganizationInput] = {}
        self.new_people: dict[str, PersonInput] = {}
        # respondent not yet in the database -> (staff type, row) of the first row giving one
        self.given_types: dict[str, tuple[StaffType, int]] = {}
        self.grouped: Grouped = {}
        # (checklist, organization, respondent, staff type) as the row gives them -> unit
        self.units: dict[tuple[str, str, str, str], Unit_] = {}
        self.checklists: dict[str, _ChecklistLookup | None] = {}
        self.org_checked: dict[str, RowProblem | None] = {}
        self.staff_types: dict[str, StaffType | str] = {}
        self.times: dict[str, datetime | str | None] = {}
        self.states: dict[tuple[str | None, tuple[str, ...], str, str], AnswerState] = {}
        # (checklist, item, answer, reason, answered_at) of a row without a note, found
        # good -> (checklist, state or None for an empty answer, time, the item's id)
        self.cells: dict[_CellKey, _Cell] = {}

    def run(self, path: Path, rows: RowStream) -> ImportReport:
        for number, values in rows:
            # a bad cell is reported alone; the values are not checked (the count, not the
            # log's truth: a Python call per row)
            if not rows.problems.total:
                self._check(number, values)
        if self.problems:
            raise self.problems.refusal(path)
        return self._write(rows.rows)

    def _checklist(self, checklist_id: str) -> _ChecklistLookup | None:
        try:
            return self.checklists[checklist_id]
        except KeyError:
            pass
        found = None
        if checklist_id in self.catalog:
            found = _ChecklistLookup(self.catalog.get(checklist_id))
        self.checklists[checklist_id] = found
        return found

    def _refuse(self, number: int, message: str | Message) -> None:
        self.problems.add(RowProblem(number, message))

    def _check(self, number: int, values: list[str]) -> None:
        org_key, respondent, staff_type_raw, checklist_id, item_id, raw, reason, note, at = values
        # memo look-ups inline: this runs once per row of a large file. A row's cells but
        # its unit's, once found good, give the same item, state and time on every row that
        # holds them: one look-up (the unit is checked before them, as on the first row).
        # Not for a row with a note: notes differ from row to row, and would only fill it.
        cell = None if note else self.cells.get((checklist_id, item_id, raw, reason, at))
        if cell is not None:
            unit = self.units.get((checklist_id, org_key, respondent, staff_type_raw))
            if unit is None:
                unit = self._unit(number, cell[0], org_key, respondent, staff_type_raw)
                if unit is None:
                    return
            if cell[1] is None:
                return  # an empty answer: nothing to import
            answers = self.grouped.get(unit)
            if answers is None:
                answers = self.grouped[unit] = {}
            item_key = cell[3]  # the checklist's string: the row's would be kept per answer
            first = answers.get(item_key)
            if first is not None:
                self._refuse(
                    number,
                    Message("more.answers_csv.answered_twice", item=item_key, row=first[2]),
                )
                return
            answers[item_key] = (cell[1], cell[2], number)
            return
        lookup = self.checklists.get(checklist_id) or self._checklist(checklist_id)
        if lookup is None:
            self._refuse(number, Message("errors.csv.unknown_checklist", checklist=checklist_id))
            return
        item = lookup.items.get(item_id)
        if item is None:
            message = Message("errors.csv.unknown_item", item=item_id, checklist=checklist_id)
            self._refuse(number, message)
            return
        unit = self.units.get((checklist_id, org_key, respondent, staff_type_raw))
        if unit is None:
            unit = self._unit(number, lookup, org_key, respondent, staff_type_raw)
            if unit is None:
                return
        value = lookup.answers.get((item_id, raw), _UNSEEN)
        if value is _UNSEEN:
            value = lookup.answer(item, raw)
        if isinstance(value, InvalidAnswer):
            self._refuse(
                number,
                Message("more.answers_csv.item", item=item.id, problem=message_of(value)),
            )
            return
        answered_at = self.times.get(at, _UNSEEN)
        if answered_at is _UNSEEN:
            answered_at = self._time(at)
        if isinstance(answered_at, str):
            self._refuse(number, answered_at)
            return
        reasons, reason_text = lookup.reason(item, reason) if reason else ((), "")
        if value is None and not reasons and not reason_text and not note:
            self._cell((checklist_id, item_id, raw, reason, at), (lookup, None, None, item.id))
            return  # an empty answer: nothing to import
        state = self.states.get((value, reasons, reason_text, note))
        if state is None:
            state = self._state(value, reasons, reason_text, note)
        if not note:
            cell = (lookup, state, answered_at, item.id)
            self._cell((checklist_id, item_id, raw, reason, at), cell)
        answers = self.grouped.get(unit)
        if answers is None:
            answers = self.grouped[unit] = {}
        first = answers.get(item.id)
        if first is not None:
            self._refuse(
                number,
                Message("more.answers_csv.answered_twice", item=item.id, row=first[2]),
            )
            return
        answers[item.id] = (state, answered_at, number)

    def _unit(
        self,
        number: int,
        lookup: _ChecklistLookup,
        org_key: str,
        respondent: str,
        staff_type_raw: str,
    ) -> Unit_ | None:
        """The unit a row answers for, after the checks of its organization, respondent and
        staff type (None: refused). A unit of a known organization and person is kept for
        the next rows that name it the same way: nothing in the file changes its checks."""
        checklist_id = lookup.checklist.id
        if not org_key:
            self._refuse(number, Message("errors.csv.empty_organization"))
            return None
        orgs = self.orgs
        if (org_key not in orgs and org_key not in self.new_orgs) or org_key in self.ambiguous:
            problem = self._organization_problem(org_key)
            if problem is not None:
                self._refuse(number, problem.message)
                return None
        given = self._staff_type(staff_type_raw) if staff_type_raw else None
        if given is not None and not isinstance(given, StaffType):  # why it is no type
            self._refuse(number, given)
            return None
        if lookup.per_respondent:
            if not self._respondent_fits(number, checklist_id, org_key, respondent, given):
                return None
        elif respondent:
            self._refuse(
                number,
                Message("more.answers_csv.respondent_given", checklist=checklist_id),
            )
            return None
        # The unit is the resolved organization, so "120" and "情報政策課" are one unit.
        unit = (checklist_id, orgs.get(org_key, f"new:{org_key}"), respondent)
        if org_key in orgs and (not respondent or respondent in self.people):
            self.units[(checklist_id, org_key, respondent, staff_type_raw)] = unit
        return unit

    def _organization_problem(self, org_key: str) -> RowProblem | None:
        """Why rows naming `org_key` (not a known organization, or an ambiguous name) are
        refused; None when they are not (it is added with --create-missing)."""
        if org_key in self.org_checked:
            return self.org_checked[org_key]
        problem: RowProblem | None = None
        if shared := ambiguous_name(org_key, self.ambiguous):
            problem = RowProblem(0, shared)
        elif org_key not in self.orgs and org_key not in self.new_orgs:
            if not self.create_missing:
                message = Message("errors.csv.unknown_organization", organization=org_key)
                problem = RowProblem(0, message)
            elif bad_code := organization_code_problem(org_key):
                problem = RowProblem(0, bad_code)
            else:
                self.new_orgs[org_key] = OrganizationInput(org_key, org_key)
        self.org_checked[org_key] = problem
        return problem

    def _respondent_fits(
        self,
        number: int,
        checklist_id: str,
        org_key: str,
        respondent: str,
        staff_type: StaffType | None,
    ) -> bool:
        if not respondent:
            self._refuse(
                number, Message("more.answers_csv.respondent_empty", checklist=checklist_id)
            )
            return False
        known = self.people.get(respondent)
        orgs = self.orgs
        if known is not None and org_key in orgs and known.organization_id != orgs[org_key]:
            home = self.code_of.get(known.organization_id or -1, "none")
            self._refuse(
                number,
                Message(
                    "more.answers_csv.other_organization",
                    respondent=respondent,
                    home=home,
                    organization=org_key,
                ),
            )
            return False
        if known is None and respondent not in self.new_people:
            if not self.create_missing:
                self._refuse(
                    number,
                    Message("more.answers_csv.unknown_respondent", respondent=respondent),
                )
                return False
            self.new_people[respondent] = PersonInput(
                respondent, respondent, org_key, StaffType.REGULAR, PersonStatus.ACTIVE
            )
        if staff_type is None:
            return True
        # The roster owns a person's type: a different one is reported, not applied.
        if known is not None:
            if staff_type is not known.staff_type:
                self._refuse(
                    number,
                    Message(
                        "more.answers_csv.staff_type_differs",
                        respondent=respondent,
                        stored=known.staff_type.value,
                        given=staff_type.value,
                    ),
                )
                return False
            return True
        first = self.given_types.setdefault(respondent, (staff_type, number))
        if first[0] is not staff_type:
            self._refuse(
                number,
                Message(
                    "more.answers_csv.staff_type_twice",
                    respondent=respondent,
                    given=staff_type.value,
                    first=first[0].value,
                    row=first[1],
                ),
            )
            return False
        return True

    def _cell(self, key: _CellKey, cell: _Cell) -> None:
        if len(self.cells) > _MEMO:
            self.cells.clear()
        self.cells[key] = cell

    def _staff_type(self, raw: str) -> StaffType | str:
        found = self.staff_types.get(raw)
        if found is None:
            try:
                found = parse_staff_type(raw)
            except ValueError as exc:
                found = message_of(exc)
            self.staff_types[raw] = found
        return found

    def _time(self, raw: str) -> datetime | str | None:
        try:
            return self.times[raw]
        except KeyError:
            pass
        if len(self.times) > _MEMO:
            self.times.clear()
        try:
            found: datetime | str | None = parse_time(raw)
        except ValueError as exc:
            found = message_of(exc)
        self.times[raw] = found
        return found

    def _state(
        self, value: str | None, reasons: tuple[str, ...], reason_text: str, note: str
    ) -> AnswerState:
        key = (value, reasons, reason_text, note)
        state = self.states.get(key)
        if state is None:
            if len(self.states) > _MEMO:
                self.states.clear()
            state = self.states[key] = AnswerState(
                value=value, reasons=reasons, reason_text=reason_text, note=note
            )
        return state

    def _write(self, rows: int) -> ImportReport:
        repo = self.repo
        orgs = self.orgs
        if self.new_orgs:
            repo.upsert_organizations(list(self.new_orgs.values()))
            orgs = repo.organization_lookup()
        if self.new_people:
            code_of = repo.organization_code_by_id()
            repo.upsert_people(
                [
                    PersonInput(
                        p.staff_number,
                        p.name,
                        code_of[orgs[p.organization_code]] if p.organization_code else None,
                        # the type a row gives (any row, not only the first); regular if none
                        self.given_types.get(p.staff_number, (StaffType.REGULAR, 0))[0],
                        p.status,
                    )
                    for p in self.new_people.values()
                ]
            )
            self.people = people_keys(repo.connection)
        grouped = self.grouped
        outranked = self._outranked(orgs)
        writer = ImportWriter(repo.connection, self.actor)
        for key in list(grouped):
            # each unit's answers leave memory as they are handed to the writer
            checklist_id, org_ref, respondent = key
            answers = grouped.pop(key)
            lookup = self.checklists[checklist_id]
            assert lookup is not None
            times = [t for _, t, _ in answers.values() if t is not None]
            writer.add(
                ImportBatch(
                    checklist=lookup.checklist,
                    organization_id=org_ref if isinstance(org_ref, int) else orgs[org_ref[4:]],
                    respondent_id=self.people[respondent].id if respondent else None,
                    role=lookup.role,
                    session_date=max(times).astimezone(JST).date() if times else japan_today(),
                    answers=answers,  # (state, time, row): the writer reads the first two
                    take_older=self.take_older,
                )
            )
        counts = writer.finish()
        report = ImportReport(rows, counts, len(self.new_orgs), len(self.new_people))
        report.outranked = outranked
        return report

    def _outranked(self, orgs: dict[str, int]) -> list[tuple[str, str, str, date]]:
        """The units answered by rows without a time only whose new session, dated today,
        would count as newer than a dated one (`ImportReport.outranked`)."""
        units: list[UndatedUnit] = []
        for (checklist_id, org_ref, respondent), answers in self.grouped.items():
            if any(t is not None for _, t, _ in answers.values()):
                continue
            org_id = org_ref if isinstance(org_ref, int) else orgs[org_ref[4:]]
            person = self.people[respondent].id if respondent else None
            units.append(
                UndatedUnit(
                    csv_import_key(checklist_id, org_id, person), checklist_id, org_id, person
                )
            )
        if not units:
            return []
        staff_of = {key.id: number for number, key in self.people.items()}
        code_of = self.repo.organization_code_by_id()
        return [
            (u.checklist_id, code_of[u.organization_id], staff_of.get(u.respondent_id or -1, ""), when)
            for u, when in outranked(self.repo.connection, units, japan_today())
        ]  # fmt: skip

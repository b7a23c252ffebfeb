"""Roster import: organizations (code,name,parent,tags) and people
(staff_number,name,organization,staff_type,status).

A column the import does not know is an error, not ignored: a misspelt `staff_type` or
`status` would otherwise make everyone a regular, active member of staff without a word.
An export that carries more columns (an HR system's) is read with `ignore_extra=True`
(`--ignore-extra-columns`), which leaves the others out and says which; a column that is
a close match to a known one the file lacks (`statsu`) stays an error even then.

An optional column the file does not have leaves the stored values alone (a new row gets
the default). An empty cell of an organization's parent or tags means none. An empty
staff_type or status cell of a person already stored leaves the stored value alone, as a
missing column does (a blank cell never turns a temporary employee regular); for a new
person it means the default: regular, active. Each field changed of a stored person is
logged (`person_change`) and listed in the receipt (`UpsertCounts.changes`). So a column is optional only when the header leaves it out:
a row with fewer cells than its header is refused (a row cut short would otherwise make
a temporary employee regular, or take an organization's tags away), and so is a file
whose last line, without a line end, is short or ends just after a comma.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from pathlib import Path

from inspector.domain.answers import parse_staff_type
from inspector.domain.model import PersonStatus, StaffType
from inspector.domain.organization_code import organization_code_problem
from inspector.exchange.csvfile import CsvProblems, RowProblem, read_rows
from inspector.exchange.org_checks import ambiguous_name, organization_conflicts
from inspector.i18n import Message, message_of
from inspector.store.repository import (
    KEEP,
    Keep,
    OrganizationInput,
    PersonInput,
    Repository,
    UpsertCounts,
)
from inspector.store.transaction import write_transaction

ORG_COLUMNS = ["code", "name", "parent", "tags"]
PEOPLE_COLUMNS = ["staff_number", "name", "organization", "staff_type", "status"]

IGNORE_EXTRA_OPTION = "--ignore-extra-columns"
"""The command-line option of the imports that leaves out columns they do not know."""

Warn = Callable[[str], None]


def read_known_rows(
    path: Path,
    required: list[str],
    optional: list[str],
    *,
    ignore_extra: bool = False,
    warn: Warn | None = None,
) -> list[dict[str, str]]:
    """The rows of a file whose columns are `required` and maybe `optional`.

    Any other column, or a value beyond the named columns, is a problem (`CsvProblems`);
    an unknown column's problem names `IGNORE_EXTRA_OPTION`. With `ignore_extra`, the
    other columns are left out and `warn` is told which, except one that is a close
    match to a known column the file lacks: that is a misspelling, still a problem.

    A row has a key for each column of the file, so `name in row` says whether the file
    has an optional column."""
    if ignore_extra:
        rows = read_rows(path, required)
        known = [*required, *optional]
        header = list(rows[0]) if rows else []
        extra = [name for name in header if name not in known]
        absent = [k for k in known if k not in header]
        misspelt = [
            RowProblem(
                1,
                Message(
                    "more.rosters.misspelt_column",
                    name=name,
                    close=close[0],
                    option=IGNORE_EXTRA_OPTION,
                ),
            )
            for name in extra
            if (close := difflib.get_close_matches(name, absent, n=1))
        ]
        if misspelt:
            raise CsvProblems(path, misspelt)
        if extra and warn is not None:
            warn(Message("more.rosters.left_out", path=path, columns=", ".join(extra)))
        return rows
    try:
        return read_rows(path, required, optional)
    except CsvProblems as exc:
        problems = [
            RowProblem(
                p.row,
                Message("more.rosters.with_hint", message=p.message, option=IGNORE_EXTRA_OPTION),
            )
            if p.row == 1 and p.message.startswith("unknown column")
            else p
            for p in exc.problems
        ]
        raise CsvProblems(exc.path, problems) from None


_STATUS = {
    "active": PersonStatus.ACTIVE,
    "在職": PersonStatus.ACTIVE,
    "on_leave": PersonStatus.ON_LEAVE,
    "休職": PersonStatus.ON_LEAVE,
    "transferred": PersonStatus.TRANSFERRED,
    "異動": PersonStatus.TRANSFERRED,
    "retired": PersonStatus.RETIRED,
    "退職": PersonStatus.RETIRED,
}


def import_organizations(
    repo: Repository, path: Path, *, ignore_extra: bool = False, warn: Warn | None = None
) -> UpsertCounts:
    """All rows or none; parents may be defined anywhere in the file or already exist.

    Without a `parent` or `tags` column the stored parents or tags stay as they are; an
    empty cell means no parent, no tags."""
    rows = read_known_rows(
        path, ORG_COLUMNS[:2], ORG_COLUMNS[2:], ignore_extra=ignore_extra, warn=warn
    )
    known = repo.organization_lookup()
    ambiguous = repo.ambiguous_organization_names()
    code_of = repo.organization_code_by_id()
    codes_in_file = {r.get("code", "") for r in rows}
    problems: list[RowProblem] = []
    inputs: list[OrganizationInput] = []
    numbers: list[int] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        code, name, parent = row.get("code", ""), row.get("name", ""), row.get("parent", "")
        if not code:
            problems.append(RowProblem(number, Message("more.rosters.empty_code")))
            continue
        if bad_code := organization_code_problem(code):
            problems.append(RowProblem(number, bad_code))
            continue
        if code in seen:
            problems.append(RowProblem(number, Message("more.rosters.code_twice", code=code)))
        seen.add(code)
        if not name:
            problems.append(RowProblem(number, Message("more.rosters.org_no_name", code=code)))
        parent_code: str | Keep | None = KEEP if "parent" not in row else None
        if parent:
            if parent in codes_in_file:
                parent_code = parent
            elif shared := ambiguous_name(parent, ambiguous):
                problems.append(RowProblem(number, Message("more.rosters.parent", problem=shared)))
            elif parent in known:
                parent_code = code_of[known[parent]]
            else:
                problems.append(
                    RowProblem(number, Message("more.rosters.unknown_parent", parent=parent))
                )
            if parent_code == code:
                problems.append(RowProblem(number, Message("more.rosters.own_parent")))
        tags = (
            tuple(t for t in row["tags"].replace(";", " ").replace(",", " ").split() if t)
            if "tags" in row
            else None
        )
        inputs.append(OrganizationInput(code, name, parent_code, tags))
        numbers.append(number)
    pairs = list(zip(numbers, inputs, strict=True))
    problems += organization_conflicts(repo.organizations(), pairs)
    if problems:
        raise CsvProblems(path, sorted(problems, key=lambda p: p.row))
    with write_transaction(repo) as bound:
        # Conflicts with what is stored are judged inside the write transaction, so a
        # second import running at once cannot slip a clashing code in between.
        conflicts = organization_conflicts(bound.organizations(), pairs)
        if conflicts:
            raise CsvProblems(path, sorted(conflicts, key=lambda p: p.row))
        return bound.upsert_organizations(inputs)


def import_people(
    repo: Repository,
    path: Path,
    create_missing: bool = False,
    *,
    ignore_extra: bool = False,
    warn: Warn | None = None,
    actor: str = "",
) -> UpsertCounts:
    """All rows or none. Without a `staff_type` or `status` column, or with an empty cell
    in it, a stored person's type and status stay as they are (a new person is regular and
    active). Each change is logged by `actor` and listed in the counts' `changes`."""
    rows = read_known_rows(
        path, PEOPLE_COLUMNS[:3], PEOPLE_COLUMNS[3:], ignore_extra=ignore_extra, warn=warn
    )
    lookup = repo.organization_lookup()
    ambiguous = repo.ambiguous_organization_names()
    code_of = repo.organization_code_by_id()
    problems: list[RowProblem] = []
    inputs: list[PersonInput] = []
    new_orgs: dict[str, OrganizationInput] = {}
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        staff_number, name = row.get("staff_number", ""), row.get("name", "")
        org_key = row.get("organization", "")
        if not staff_number:
            problems.append(RowProblem(number, Message("more.rosters.empty_staff_number")))
            continue
        if staff_number in seen:
            problems.append(
                RowProblem(
                    number, Message("more.rosters.staff_number_twice", staff_number=staff_number)
                )
            )
        seen.add(staff_number)
        if not name:
            problems.append(
                RowProblem(
                    number, Message("more.rosters.person_no_name", staff_number=staff_number)
                )
            )
        org_code: str | None = None
        if org_key:
            if shared := ambiguous_name(org_key, ambiguous):
                problems.append(RowProblem(number, shared))
            elif org_key in lookup:
                org_code = code_of[lookup[org_key]]
            elif create_missing:
                if bad_code := organization_code_problem(org_key):
                    problems.append(RowProblem(number, bad_code))
                new_orgs.setdefault(org_key, OrganizationInput(org_key, org_key))
                org_code = org_key
            else:
                problems.append(
                    RowProblem(
                        number, Message("more.rosters.unknown_organization", organization=org_key)
                    )
                )
        staff_type: StaffType | None = None
        if row.get("staff_type", "").strip():  # empty: the stored one (new: regular)
            try:
                staff_type = parse_staff_type(row["staff_type"])
            except ValueError as exc:
                problems.append(RowProblem(number, message_of(exc)))
                continue
        status: PersonStatus | None = None
        if given := row.get("status", "").strip():  # empty: the stored one (new: active)
            status = _STATUS.get(given.lower()) or _STATUS.get(given)
            if status is None:
                problems.append(
                    RowProblem(
                        number,
                        Message("more.rosters.unknown_status", status=given),
                    )
                )
                continue
        inputs.append(PersonInput(staff_number, name, org_code, staff_type, status))
    if problems:
        raise CsvProblems(path, problems)
    # One transaction: the organizations made for the file are not left without its people.
    with write_transaction(repo) as bound:
        if new_orgs:
            bound.upsert_organizations(list(new_orgs.values()))
        return bound.upsert_people(inputs, actor)

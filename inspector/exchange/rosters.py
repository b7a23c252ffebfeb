"""Roster import: organizations (code,name,parent,tags) and people
(staff_number,name,organization,staff_type,status)."""

from __future__ import annotations

from pathlib import Path

from inspector.domain.answers import parse_staff_type
from inspector.domain.model import PersonStatus
from inspector.exchange.csvfile import CsvProblems, RowProblem, read_rows
from inspector.store.repository import OrganizationInput, PersonInput, Repository, UpsertCounts

ORG_COLUMNS = ["code", "name", "parent", "tags"]
PEOPLE_COLUMNS = ["staff_number", "name", "organization", "staff_type", "status"]

_STATUS = {
    "active": PersonStatus.ACTIVE,
    "在職": PersonStatus.ACTIVE,
    "on_leave": PersonStatus.ON_LEAVE,
    "休職": PersonStatus.ON_LEAVE,
    "transferred": PersonStatus.TRANSFERRED,
    "異動": PersonStatus.TRANSFERRED,
    "retired": PersonStatus.RETIRED,
    "退職": PersonStatus.RETIRED,
    "": PersonStatus.ACTIVE,
}


def import_organizations(repo: Repository, path: Path) -> UpsertCounts:
    """All rows or none; parents may be defined anywhere in the file or already exist."""
    rows = read_rows(path, ["code", "name"])
    known = repo.organization_lookup()
    code_of = repo.organization_code_by_id()
    codes_in_file = {r.get("code", "") for r in rows}
    problems: list[RowProblem] = []
    inputs: list[OrganizationInput] = []
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        code, name, parent = row.get("code", ""), row.get("name", ""), row.get("parent", "")
        if not code:
            problems.append(RowProblem(number, "empty code"))
            continue
        if code in seen:
            problems.append(RowProblem(number, f"code '{code}' appears twice in the file"))
        seen.add(code)
        if not name:
            problems.append(RowProblem(number, f"organization '{code}' has no name"))
        parent_code: str | None = None
        if parent:
            if parent in codes_in_file:
                parent_code = parent
            elif parent in known:
                parent_code = code_of[known[parent]]
            else:
                problems.append(RowProblem(number, f"unknown parent organization '{parent}'"))
            if parent_code == code:
                problems.append(RowProblem(number, "an organization cannot be its own parent"))
        tags = tuple(
            t for t in (row.get("tags", "").replace(";", " ").replace(",", " ").split()) if t
        )
        inputs.append(OrganizationInput(code, name, parent_code, tags))
    if problems:
        raise CsvProblems(path, problems)
    return repo.upsert_organizations(inputs)


def import_people(repo: Repository, path: Path, create_missing: bool = False) -> UpsertCounts:
    rows = read_rows(path, ["staff_number", "name", "organization"])
    lookup = repo.organization_lookup()
    code_of = repo.organization_code_by_id()
    problems: list[RowProblem] = []
    inputs: list[PersonInput] = []
    new_orgs: dict[str, OrganizationInput] = {}
    seen: set[str] = set()
    for number, row in enumerate(rows, start=2):
        staff_number, name = row.get("staff_number", ""), row.get("name", "")
        org_key = row.get("organization", "")
        if not staff_number:
            problems.append(RowProblem(number, "empty staff_number"))
            continue
        if staff_number in seen:
            problems.append(
                RowProblem(number, f"staff number '{staff_number}' appears twice in the file")
            )
        seen.add(staff_number)
        if not name:
            problems.append(RowProblem(number, f"person '{staff_number}' has no name"))
        org_code: str | None = None
        if org_key:
            if org_key in lookup:
                org_code = code_of[lookup[org_key]]
            elif create_missing:
                new_orgs.setdefault(org_key, OrganizationInput(org_key, org_key))
                org_code = org_key
            else:
                problems.append(
                    RowProblem(
                        number, f"unknown organization '{org_key}' (use --create-missing to add it)"
                    )
                )
        try:
            staff_type = parse_staff_type(row.get("staff_type", "") or "regular")
        except ValueError as exc:
            problems.append(RowProblem(number, str(exc)))
            continue
        status = _STATUS.get(row.get("status", "").strip().lower()) or _STATUS.get(
            row.get("status", "").strip()
        )
        if status is None:
            problems.append(
                RowProblem(
                    number,
                    f"unknown status '{row.get('status')}' (active, on_leave, transferred, retired)",
                )
            )
            continue
        inputs.append(PersonInput(staff_number, name, org_code, staff_type, status))
    if problems:
        raise CsvProblems(path, problems)
    if new_orgs:
        repo.upsert_organizations(list(new_orgs.values()))
    return repo.upsert_people(inputs)

"""The answers import as it was before issue 17 (per-row dicts, the whole file in memory,
one write at the end), kept verbatim as the reference the new streaming import is compared
with (`test_import_equivalence.py`). Only the imports and the write call differ: the write
is this file's copy of the old `write_import`, on the same transaction's connection."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlmodel import SQLModel

from inspector.domain.answers import InvalidAnswer, normalize_answer, parse_staff_type
from inspector.domain.business_days import japan_today
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist, Item, Unit
from inspector.domain.dates import check_plausible
from inspector.domain.model import (
    AnswerState,
    PersonStatus,
    Role,
    SessionKind,
    SessionSource,
    SessionStatus,
    StaffType,
)
from inspector.domain.organization_code import organization_code_problem
from inspector.exchange.cells import unescape_formula
from inspector.exchange.csvfile import CsvProblems, RowProblem, read_rows
from inspector.exchange.org_checks import ambiguous_name
from inspector.i18n import Message
from inspector.store.imports import ImportCounts, csv_import_key
from inspector.store.repositories.answers import state_of
from inspector.store.repository import OrganizationInput, PersonInput, Repository
from inspector.store.transaction import BoundRepository, retry_on_conflict, write_transaction
from inspector.store.types import utcnow

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
        raise ValueError(
            f"'{raw}' is not a date and time (use ISO 8601, e.g. 2025-03-31T10:00:00+09:00)"
        ) from None
    if value.tzinfo is None:
        value = value.replace(tzinfo=JST)
    try:
        check_plausible(value)
    except ValueError as exc:
        raise ValueError(f"answered_at {exc} (accepted: from 1900 to now)") from None
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


def legacy_import_answers(
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
                problems.append(RowProblem(number, str(exc)))
                continue
        if checklist.unit is Unit.RESPONDENT:
            if not respondent:
                problems.append(
                    RowProblem(
                        number,
                        f"checklist '{checklist_id}' is answered per person: respondent is empty",
                    )
                )
                continue
            known = people.get(respondent)
            if known is not None and org_key in orgs and known.organization_id != orgs[org_key]:
                home = code_of.get(known.organization_id or -1, "none")
                problems.append(
                    RowProblem(
                        number,
                        f"respondent '{respondent}' belongs to organization '{home}', not '{org_key}'",
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
                            f"unknown respondent '{respondent}' (use --create-missing to add the person)",
                        )
                    )
                    continue
            # The roster owns a person's type: a different one is reported, not applied.
            if staff_type is not None and known is not None:
                if staff_type is not known.staff_type:
                    problems.append(
                        RowProblem(
                            number,
                            f"respondent '{respondent}' is '{known.staff_type.value}' in the "
                            f"database, not '{staff_type.value}' (leave staff_type empty or "
                            "correct it; `inspector people import` changes a person)",
                        )
                    )
                    continue
            elif staff_type is not None:
                first = given_types.setdefault(respondent, (staff_type, number))
                if first[0] is not staff_type:
                    problems.append(
                        RowProblem(
                            number,
                            f"respondent '{respondent}' is '{staff_type.value}' here but "
                            f"'{first[0].value}' at row {first[1]}",
                        )
                    )
                    continue
        elif respondent:
            problems.append(
                RowProblem(
                    number,
                    f"checklist '{checklist_id}' is answered per organization: respondent must be empty",
                )
            )
            continue
        try:
            value = normalize_answer(item, row["answer"])
        except InvalidAnswer as exc:
            problems.append(RowProblem(number, f"item '{item.id}': {exc}"))
            continue
        try:
            answered_at = parse_time(row["answered_at"])
        except ValueError as exc:
            problems.append(RowProblem(number, str(exc)))
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
                    f"item '{item.id}' answered twice for the same unit (first at row {answers[item.id][2]})",
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
                # the day in Japan since time5 (was the machine's `date.today()`)
                session_date=max(times).astimezone(JST).date() if times else japan_today(),
                answers={item_id: (state, when) for item_id, (state, when, _) in answers.items()},
            )
        )
    assert isinstance(repo, BoundRepository)
    counts = write_import(repo.connection, batches, actor)
    return ImportReport(len(rows), counts, len(new_orgs), len(new_people))


def _role(checklist: Checklist) -> Role:
    return Role.OPERATOR if checklist.unit is Unit.RESPONDENT else Role.HEAD


# --- the old write (inspector/store/imports.py before issue 17) ---

# The tables as Core tables (typed, unlike the models' own `__table__`).
_SESSIONS = SQLModel.metadata.tables["inspection_session"]
_ANSWERS = SQLModel.metadata.tables["answer"]
_CHANGES = SQLModel.metadata.tables["answer_change"]
_CHUNK = 500  # bound parameters per IN (...) query


@dataclass
class ImportBatch:
    """One imported session's answers: item id -> (state, answered_at or None)."""

    checklist: Checklist
    organization_id: int
    respondent_id: int | None
    role: Role
    session_date: date
    answers: dict[str, tuple[AnswerState, datetime | None]]

    @property
    def import_key(self) -> str:
        return csv_import_key(self.checklist.id, self.organization_id, self.respondent_id)


def write_import(conn: Connection, batches: Sequence[ImportBatch], actor: str) -> ImportCounts:
    """Merge the batches into the imported session of each unit (made when missing), on
    `conn`, which must already hold the write transaction. Re-importing the same file
    changes nothing; a changed answer is updated and logged with its old value."""
    counts = ImportCounts()
    now = utcnow()
    keys = list(dict.fromkeys(b.import_key for b in batches))
    existing: dict[str, int] = {}
    for start in range(0, len(keys), _CHUNK):
        chunk = keys[start : start + _CHUNK]
        for sid, key in conn.execute(
            select(_SESSIONS.c.id, _SESSIONS.c.import_key).where(_SESSIONS.c.import_key.in_(chunk))
        ):
            existing[key] = sid
    # New sessions are inserted in one executemany, then their ids read back by key.
    fresh = {b.import_key: b for b in batches if b.import_key not in existing}
    if fresh:
        conn.execute(
            insert(_SESSIONS),
            [
                {
                    "uid": str(uuid.uuid4()),
                    "import_key": key,
                    "checklist_id": b.checklist.id,
                    "checklist_version": b.checklist.version,
                    "organization_id": b.organization_id,
                    "respondent_id": b.respondent_id,
                    "role": b.role.value,
                    "kind": SessionKind.SELF_CHECK.value,
                    "session_date": b.session_date,
                    "status": SessionStatus.COMPLETED.value,
                    "source": SessionSource.CSV.value,
                    "created_at": now,
                    "completed_at": now,
                    "not_independent": False,
                }
                for key, b in fresh.items()
            ],
        )
        new_keys = list(fresh)
        for start in range(0, len(new_keys), _CHUNK):
            chunk = new_keys[start : start + _CHUNK]
            for sid, key in conn.execute(
                select(_SESSIONS.c.id, _SESSIONS.c.import_key).where(
                    _SESSIONS.c.import_key.in_(chunk)
                )
            ):
                existing[key] = sid
        counts.sessions_added += len(fresh)
    new_answers: list[dict[str, Any]] = []
    new_changes: list[dict[str, Any]] = []
    for batch in batches:
        session_id = existing[batch.import_key]
        current: dict[str, Any] = {}
        if batch.import_key not in fresh:
            current = {
                r.item_id: r
                for r in conn.execute(select(_ANSWERS).where(_ANSWERS.c.session_id == session_id))
            }
        for item_id, (state, answered_at) in batch.answers.items():
            when = answered_at or now
            row = current.get(item_id)
            if row is None:
                new_answers.append(
                    {
                        "session_id": session_id,
                        "item_id": item_id,
                        "value": state.value,
                        "reasons": list(state.reasons),
                        "reason_text": state.reason_text,
                        "note": state.note,
                        "evidence": list(state.evidence),
                        "answered_by": actor,
                        "answered_at": when,
                    }
                )
                new_changes.append(
                    _change_dict(session_id, item_id, AnswerState(), state, actor, when)
                )
                counts.answers_added += 1
                continue
            old = state_of(row)
            if old == state:
                counts.answers_unchanged += 1
                continue
            conn.execute(
                update(_ANSWERS)
                .where(_ANSWERS.c.id == row.id)
                .values(
                    value=state.value,
                    reasons=list(state.reasons),
                    reason_text=state.reason_text,
                    note=state.note,
                    evidence=list(state.evidence),
                    answered_by=actor,
                    answered_at=when,
                )
            )
            new_changes.append(_change_dict(session_id, item_id, old, state, actor, now))
            counts.answers_updated += 1
    _bulk_insert(conn, _ANSWERS, new_answers)
    _bulk_insert(conn, _CHANGES, new_changes)
    return counts


def _bulk_insert(conn: Connection, table: Any, rows: list[dict[str, Any]]) -> None:
    """executemany of many rows. On SQLite the values go through each column type's own
    bind processor (memoised: imported rows repeat the same times and empty lists) and
    straight to the driver, which is several times faster than a Core insert's per-row
    processing; elsewhere a plain Core insert."""
    if not rows:
        return
    if conn.dialect.name != "sqlite":
        conn.execute(insert(table), rows)
        return
    columns = list(rows[0])
    processors: list[tuple[Callable[[Any], Any], dict[Any, Any]] | None] = []
    for name in columns:
        processor = table.c[name].type.bind_processor(conn.dialect)
        processors.append((processor, {}) if processor is not None else None)

    def convert(index: int, value: Any) -> Any:
        entry = processors[index]
        if entry is None or value is None:
            return value
        processor, memo = entry
        if isinstance(value, list):
            # most are [] or a few reason ids: a tuple is a cheaper memo key than JSON
            key: Any = ("list", *value) if all(isinstance(v, str) for v in value) else None
            if key is None:
                key = json.dumps(value, sort_keys=True)
        elif isinstance(value, dict):
            key = json.dumps(value, sort_keys=True)
        else:
            key = value
        try:
            return memo[key]
        except KeyError:
            memo[key] = result = processor(value)
            return result

    sql = (
        f"INSERT INTO {table.name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
    )
    conn.exec_driver_sql(
        sql, [tuple(convert(i, row[c]) for i, c in enumerate(columns)) for row in rows]
    )


def _change_dict(
    session_id: int, item_id: str, old: AnswerState, new: AnswerState, actor: str, when: datetime
) -> dict[str, Any]:
    return {
        "session_id": session_id,
        "item_id": item_id,
        "action": "import",
        "old_value": old.value,
        "new_value": new.value,
        "old_state": None if old.is_empty else old.to_json(),
        "new_state": new.to_json(),
        "changed_by": actor,
        "changed_at": when,
        "undoes_id": None,
    }

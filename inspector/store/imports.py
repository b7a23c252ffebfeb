"""The write of an answers import: sessions found by their identity, answers merged.

An imported session is identified by its checklist, organization and respondent: the
column `import_key` holds that identity and is unique (migration 0006), so two imports of
the same file, however they interleave, can never make two sessions of one unit. The
lookup runs inside the import's write transaction (`inspector.store.transaction`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, insert, select, update
from sqlmodel import SQLModel

import inspector.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from inspector.domain.checklist import Checklist
from inspector.domain.model import (
    AnswerState,
    Role,
    SessionKind,
    SessionSource,
    SessionStatus,
)
from inspector.store.repositories.answers import state_of
from inspector.store.types import utcnow

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


@dataclass
class ImportCounts:
    sessions_added: int = 0
    answers_added: int = 0
    answers_updated: int = 0
    answers_unchanged: int = 0


def csv_import_key(checklist_id: str, organization_id: int, respondent_id: int | None) -> str:
    """The identity of the CSV-imported session of a unit. The two ids come last and hold
    no '/', so different units never share a key whatever the checklist id holds.
    Migration 0006 builds the same text for the sessions already imported."""
    respondent = "-" if respondent_id is None else str(respondent_id)
    return f"csv:{checklist_id}/{organization_id}/{respondent}"


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

"""The write of an answers import: sessions found by their identity, answers merged.

An imported session is identified by its checklist, organization and respondent: the
column `import_key` holds that identity and is unique (migration 0006), so two imports of
the same file, however they interleave, can never make two sessions of one unit. The
lookup runs inside the import's write transaction (`inspector.store.transaction`).

The write takes the sessions a few thousand answers at a time (`ImportWriter`): one
query finds their sessions, one reads the answers they already have, and the new and
changed answers and their change log go to the driver's executemany as plain tuples,
each value converted by its column's own type once per distinct value. Memory stays that
of one chunk whatever the size of the import, and the time near that of the inserts.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, select, text
from sqlmodel import SQLModel

import inspector.store.tables  # noqa: F401  (registers the tables on SQLModel.metadata)
from inspector.domain.checklist import Checklist
from inspector.domain.model import (
    AnswerState,
    Role,
    SessionKind,
    SessionSource,
    SessionStatus,
    StaffType,
)
from inspector.store.session_counters import Plans, columns_of
from inspector.store.types import utcnow

# The tables as Core tables (typed, unlike the models' own `__table__`).
_SESSIONS = SQLModel.metadata.tables["inspection_session"]
_PEOPLE = SQLModel.metadata.tables["person"]
_ORGS = SQLModel.metadata.tables["organization"]
_ANSWERS = SQLModel.metadata.tables["answer"]
_CHANGES = SQLModel.metadata.tables["answer_change"]
_CHUNK = 500  # bound parameters per IN (...) query
_ROWS = 5000  # answers written per round of queries (`ImportWriter`)
_MEMO = 4096  # distinct values kept converted per column, then the memo starts again


@dataclass
class ImportBatch:
    """One imported session's answers: item id -> (state, answered_at or None, ...): what
    follows the two is the caller's (the CSV import keeps each answer's row there)."""

    checklist: Checklist
    organization_id: int
    respondent_id: int | None
    role: Role
    session_date: date
    answers: Mapping[str, tuple[Any, ...]]
    take_older: bool = False
    """Apply an answer even when it was answered before the stored one (an Excel return
    taken on purpose: `selfcheck collect --take-older`); each is counted in `taken`."""
    kept: tuple[str, ...] = ("evidence",)
    """The `AnswerState` fields the source has no column for (a CSV row or a workbook cell
    carries no evidence): an updated answer keeps their stored values, and an answer equal
    but for them is unchanged."""

    @property
    def import_key(self) -> str:
        return csv_import_key(self.checklist.id, self.organization_id, self.respondent_id)


class OlderRow(NamedTuple):
    """An answer not applied: it was answered before the one stored (`where`: what the
    caller keeps after the answer's state and time, the CSV's line number)."""

    where: Any
    item_id: str
    answered_at: datetime | None
    """None: the row gave no time (unknown, so never taken as newer than a stored answer)."""
    stored_at: datetime


@dataclass
class ImportCounts:
    sessions_added: int = 0
    answers_added: int = 0
    answers_updated: int = 0
    answers_unchanged: int = 0
    answers_older: int = 0
    """Answers older than the stored ones: not applied (the newer answer wins, as in a
    bundle), not logged."""
    older: list[OlderRow] = field(default_factory=list)
    """The first `OLDER_SHOWN` of them, in the order met."""
    taken: list[OlderRow] = field(default_factory=list)
    """Answers applied although older than the stored ones (`ImportBatch.take_older`), all
    of them (a form's answers: a few hundred at most), each updated and logged."""
    undated: int = 0
    """Answers the source gave no time for: a new one is dated by the import; one that
    would replace a different stored answer is counted as older (its time is unknown)."""
    undated_older: int = 0
    """Of `answers_older`, those the source gave no time for (not older: of unknown time)."""


OLDER_SHOWN = 5


def csv_import_key(checklist_id: str, organization_id: int, respondent_id: int | None) -> str:
    """The identity of the CSV-imported session of a unit. The two ids come last and hold
    no '/', so different units never share a key whatever the checklist id holds.
    Migration 0006 builds the same text for the sessions already imported."""
    respondent = "-" if respondent_id is None else str(respondent_id)
    return f"csv:{checklist_id}/{organization_id}/{respondent}"


class PersonKey(NamedTuple):
    """What an import checks a respondent against."""

    id: int
    organization_id: int | None
    staff_type: StaffType


def people_keys(conn: Connection) -> dict[str, PersonKey]:
    """Every person by staff number, read with Core (no objects per person: an office
    database may hold 50,000)."""
    p = _PEOPLE.c
    query = select(p.staff_number, p.id, p.organization_id, p.staff_type)
    return {
        number: PersonKey(pid, org, StaffType(kind))
        for number, pid, org, kind in conn.execute(query)
    }


def write_import(conn: Connection, batches: Iterable[ImportBatch], actor: str) -> ImportCounts:
    """Merge the batches into the imported session of each unit (made when missing), on
    `conn`, which must already hold the write transaction. Re-importing the same file
    changes nothing; a changed answer is updated and logged with its old value. The
    batches may come from a generator: they are taken a chunk at a time."""
    writer = ImportWriter(conn, actor)
    for batch in batches:
        writer.add(batch)
    return writer.finish()


class ImportWriter:
    """`write_import` a batch at a time; `finish` writes what is left and returns the counts.
    `touched` holds the id of every session the import made or changed."""

    def __init__(self, conn: Connection, actor: str, rows: int = _ROWS) -> None:
        self.conn = conn
        self.actor = actor
        self.rows = rows
        self.now = utcnow()
        self.counts = ImportCounts()
        self.touched: set[int] = set()
        self._pending: list[ImportBatch] = []
        self._pending_rows = 0
        self._answers = _Statement(conn, _ANSWERS, _ANSWER_COLUMNS)
        self._changes = _Statement(conn, _CHANGES, _CHANGE_COLUMNS)
        self._updates = _Statement(conn, _ANSWERS, _UPDATE_COLUMNS, update_by="id")
        self._counters = _Statement(conn, _SESSIONS, _COUNTER_COLUMNS, update_by="id")
        self._made = _Statement(conn, _SESSIONS, _SESSION_COLUMNS)
        self._plans = Plans()
        self._tags: dict[int, frozenset[str]] = {}
        self._stamps: dict[datetime, Any] = {}
        self._jsons: dict[AnswerState, tuple[Any, Any, Any, Any, Any, Any]] = {}
        # the same, by the state object's identity (the state kept, so its id is not reused):
        # the importers hand one object per distinct state, and a frozen dataclass's hash
        # is a Python call per answer
        self._by_id: dict[int, tuple[AnswerState, tuple[Any, Any, Any, Any, Any, Any]]] = {}

    def add(self, batch: ImportBatch) -> None:
        self._pending.append(batch)
        self._pending_rows += len(batch.answers)
        if self._pending_rows >= self.rows:
            self._flush()

    def finish(self) -> ImportCounts:
        """Write what is pending, still inside the caller's transaction. Every session
        whose answers changed has had its counters (kept by the store for the lists)
        written with its answers, in the same transaction."""
        self._flush()
        return self.counts

    def _flush(self) -> None:
        batches, self._pending, self._pending_rows = self._pending, [], 0
        if not batches:
            return
        sessions, fresh = self._sessions(batches)
        current = self._current_answers([sessions[k] for k in sessions if k not in fresh])
        now, actor, counts = self.now, self.actor, self.counts
        stamp = self._stamp
        json_of = self._json
        stamps, by_id = self._stamps, self._by_id
        added: list[tuple[Any, ...]] = []
        changed: list[tuple[Any, ...]] = []
        log: list[tuple[Any, ...]] = []
        # each changed session's answers after this flush, to count it
        held: dict[int, tuple[ImportBatch, dict[str, str | None]]] = {}
        add, put = added.append, log.append
        for batch in batches:
            session_id = sessions[batch.import_key]
            answers = batch.answers
            stored = current.get(session_id)
            if stored is None:  # no answer yet (every session made now): all answers are new
                for item_id, entry in answers.items():
                    # values as the driver takes them, each distinct one converted once
                    when = entry[1]
                    if when is None:  # unknown: dated by the import
                        when = now
                        counts.undated += 1
                    at = stamps.get(when) or stamp(when)
                    state = entry[0]
                    kept = by_id.get(id(state))
                    converted = kept[1] if kept and kept[0] is state else json_of(state)
                    value, reasons, said, note, evidence, new = converted
                    add((session_id, item_id, value, reasons, said, note, evidence, actor, at))
                    put((session_id, item_id, "import", None, value, None, new, actor, at, None))
                values = {item_id: entry[0].value for item_id, entry in answers.items()}
                self.touched.add(session_id)
                held[session_id] = (batch, values)
                continue
            changes = 0
            applied: dict[str, str | None] = {}  # item -> value, of the answers applied
            for item_id, entry in answers.items():
                state = entry[0]
                when = entry[1]
                if when is None:  # unknown, not now: never newer than a stored answer
                    counts.undated += 1
                    when = now
                at = stamps.get(when) or stamp(when)
                kept = by_id.get(id(state))
                converted = kept[1] if kept and kept[0] is state else json_of(state)
                value, reasons, said, note, evidence, new = converted
                row = stored.get(item_id)
                if row is None:
                    add((session_id, item_id, value, reasons, said, note, evidence, actor, at))
                    put((session_id, item_id, "import", None, value, None, new, actor, at, None))
                    applied[item_id] = state.value
                    changes += 1
                    continue
                answer_id, old, stored_at = row
                same = old == state
                if not same and batch.kept:  # what the source cannot carry stays
                    state = _keep(state, old, batch.kept)
                    value, reasons, said, note, evidence, new = json_of(state)
                    same = old == state
                if same:
                    counts.answers_unchanged += 1
                    continue
                if stored_at is not None and (entry[1] is None or entry[1] < stored_at):
                    # answered before the stored answer (or when, unknown): applying it could
                    # take the newer answer back (an older file imported again); kept out, said
                    where = entry[2] if len(entry) > 2 else None
                    if batch.take_older:  # unless asked for: applied, logged, and said
                        counts.taken.append(OlderRow(where, item_id, entry[1], stored_at))
                    else:
                        counts.answers_older += 1
                        counts.undated_older += entry[1] is None
                        if len(counts.older) < OLDER_SHOWN:
                            counts.older.append(OlderRow(where, item_id, entry[1], stored_at))
                        continue
                applied[item_id] = state.value
                changed.append((value, reasons, said, note, evidence, actor, at, answer_id))
                old_state = None if old == AnswerState() else json_of(old)[5]
                put(
                    (session_id, item_id, "import", old.value, value, old_state, new,
                     actor, stamp(now), None)
                )  # fmt: skip
                counts.answers_updated += 1
                changes += 1
            if changes:
                self.touched.add(session_id)
                # its stored answers (all of them, read for the merge) with the batch's over
                # them: counted without reading them back
                if session_id not in held:
                    held[session_id] = (batch, {item: r[1].value for item, r in stored.items()})
                held[session_id][1].update(applied)
        counts.answers_added += len(added)
        self._answers.run(added)
        self._updates.run(changed)
        self._changes.run(log)
        self._counters.run(self._counted(held))

    def _counted(
        self, held: dict[int, tuple[ImportBatch, dict[str, str | None]]]
    ) -> list[tuple[Any, ...]]:
        """The counter columns' rows (by session id) of the sessions with these answers."""
        tags = self._tags
        unknown = {batch.organization_id for batch, _ in held.values()} - tags.keys()
        o = _ORGS.c
        for start in range(0, len(unknown), _CHUNK):
            chunk = sorted(unknown)[start : start + _CHUNK]
            query = select(o.id, o.tags).where(o.id.in_(chunk))
            tags.update((oid, frozenset(found or ())) for oid, found in self.conn.execute(query))
        rows: list[tuple[Any, ...]] = []
        for session_id, (batch, values) in held.items():
            checklist = batch.checklist
            plan = self._plans.plan(checklist, tags[batch.organization_id])
            columns = columns_of(checklist.digest, plan.count(values))
            rows.append((*(columns[name] for name in _COUNTER_COLUMNS), session_id))
        return rows

    def _stamp(self, when: datetime) -> Any:
        """A time as the driver is given it for the time columns (all of one type)."""
        if len(self._stamps) > _MEMO:
            self._stamps.clear()
        found = self._stamps[when] = self._answers.convert("answered_at", when)
        return found

    def _json(self, state: AnswerState) -> tuple[Any, Any, Any, Any, Any, Any]:
        """The state's value, reasons, reason text, note, evidence and whole state as their
        columns store them."""
        if len(self._by_id) > _MEMO:
            self._by_id.clear()
        found = self._jsons.get(state)  # an equal state already converted
        if found is None:
            if len(self._jsons) > _MEMO:
                self._jsons.clear()
            found = self._jsons[state] = (
                state.value,
                self._answers.convert("reasons", list(state.reasons)),
                state.reason_text,
                state.note,
                self._answers.convert("evidence", list(state.evidence)),
                self._changes.convert("new_state", state.to_json()),
            )
        self._by_id[id(state)] = (state, found)
        return found

    def _sessions(self, batches: list[ImportBatch]) -> tuple[dict[str, int], set[str]]:
        """The session id of each batch's unit, the sessions missing made (one executemany);
        and the keys of those made now."""
        keys = list(dict.fromkeys(b.import_key for b in batches))
        existing = self._session_ids(keys)
        fresh = {b.import_key: b for b in batches if b.import_key not in existing}
        if fresh:
            made = self._made
            at = made.convert("created_at", self.now)
            csv, completed = SessionSource.CSV.value, SessionStatus.COMPLETED.value
            kind, no = SessionKind.SELF_CHECK.value, made.convert("not_independent", False)
            made.run(
                [
                    (str(uuid.uuid4()), key, b.checklist.id, b.checklist.version,
                     b.organization_id, b.respondent_id, b.role.value, kind,
                     made.convert("session_date", b.session_date), completed, csv, at, at, no)
                    for key, b in fresh.items()
                ]
            )  # fmt: skip
            existing.update(self._session_ids(list(fresh)))
            self.counts.sessions_added += len(fresh)
            self.touched.update(existing[key] for key in fresh)
        return existing, set(fresh)

    def _session_ids(self, keys: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        column = _SESSIONS.c.import_key
        marker = _MARKERS.get(self.conn.dialect.paramstyle)
        for start in range(0, len(keys), _CHUNK):
            chunk = keys[start : start + _CHUNK]
            if marker is None:
                query = select(_SESSIONS.c.id, column).where(column.in_(chunk))
                rows = self.conn.execute(query)
            else:  # the driver's own query: SQLAlchemy's IN takes longer than the read
                ins = ", ".join([marker] * len(chunk))
                sql = f"SELECT id, import_key FROM {_SESSIONS.name} WHERE import_key IN ({ins})"
                rows = self.conn.exec_driver_sql(sql, tuple(chunk))
            found.update((key, sid) for sid, key in rows)
        return found

    def _current_answers(self, session_ids: list[int]) -> dict[int, dict[str, Any]]:
        """session -> item -> (answer id, state, answered at) of the sessions' stored
        answers."""
        current: dict[int, dict[str, Any]] = {}
        a = _ANSWERS.c
        columns = (a.id, a.session_id, a.item_id, a.value, a.reasons, a.reason_text, a.note)
        for start in range(0, len(session_ids), _CHUNK):
            chunk = session_ids[start : start + _CHUNK]
            query = select(*columns, a.evidence, a.answered_at).where(a.session_id.in_(chunk))
            for aid, sid, item, value, reasons, said, note, evidence, at in self.conn.execute(
                query
            ):
                state = AnswerState(
                    value=value,
                    reasons=tuple(reasons or ()),
                    reason_text=said or "",
                    note=note or "",
                    evidence=tuple(evidence or ()),
                )
                current.setdefault(sid, {})[item] = (aid, state, at)
        return current


def _keep(state: AnswerState, old: AnswerState, names: tuple[str, ...]) -> AnswerState:
    """`state` with the stored values of the fields `names`."""
    stored = {name: getattr(old, name) for name in names}
    return replace(state, **stored)


_ANSWER_COLUMNS = (
    "session_id", "item_id", "value", "reasons", "reason_text", "note", "evidence",
    "answered_by", "answered_at",
)  # fmt: skip
_UPDATE_COLUMNS = (
    "value", "reasons", "reason_text", "note", "evidence", "answered_by", "answered_at",
)  # fmt: skip
_SESSION_COLUMNS = (
    "uid", "import_key", "checklist_id", "checklist_version", "organization_id",
    "respondent_id", "role", "kind", "session_date", "status", "source", "created_at",
    "completed_at", "not_independent",
)  # fmt: skip
_COUNTER_COLUMNS = (
    "answered_count", "applicable_count", "broken_count", "not_applicable_count", "counted_with",
)  # fmt: skip
_CHANGE_COLUMNS = (
    "session_id", "item_id", "action", "old_value", "new_value", "old_state", "new_state",
    "changed_by", "changed_at", "undoes_id",
)  # fmt: skip
# What each paramstyle calls a positional parameter.
_MARKERS = {"qmark": "?", "format": "%s", "pyformat": "%s"}


class _Statement:
    """An INSERT (or an UPDATE by `update_by`) of `columns`, run as the driver's
    executemany of tuples, the values given as the column types' own bind processing makes
    them (`convert`: times in UTC as the column stores them, JSON as sorted text). A driver with another paramstyle than SQLite's and
    psycopg's gets the same values through `text()`."""

    def __init__(
        self, conn: Connection, table: Any, columns: tuple[str, ...], update_by: str = ""
    ) -> None:
        self.conn = conn
        self.table = table
        self.columns = columns
        self.update_by = update_by
        dialect = conn.dialect
        # the dialect's own form of each type, as a Core statement would use it (on SQLite,
        # a time becomes the text with microseconds `types.SQLITE_STORAGE_FORMAT` fixes)
        self.processors: dict[str, Callable[[Any], Any] | None] = {
            name: table.c[name].type.dialect_impl(dialect).bind_processor(dialect)
            for name in columns
        }
        marker = _MARKERS.get(dialect.paramstyle)
        # the driver's own placeholders; for another paramstyle, named ones through text()
        self.sql = self._sql(marker) if marker else None
        self.named = text(self._sql(":{}")) if not marker else None

    def _sql(self, marker: str) -> str:
        """The statement with `marker` for each value ("{}" in it: the value's position)."""
        params = [marker.format(f"p{n}") for n in range(len(self.columns) + 1)]
        if self.update_by:
            pairs = zip(self.columns, params, strict=False)
            assignments = ", ".join(f"{name} = {param}" for name, param in pairs)
            where = f"{self.update_by} = {params[len(self.columns)]}"
            return f"UPDATE {self.table.name} SET {assignments} WHERE {where}"
        markers = ", ".join(params[: len(self.columns)])
        return f"INSERT INTO {self.table.name} ({', '.join(self.columns)}) VALUES ({markers})"

    def convert(self, name: str, value: Any) -> Any:
        """`value` as the driver is given it for column `name`."""
        processor = self.processors[name]
        if processor is None or value is None:
            return value
        return processor(value)

    def run(self, rows: list[tuple[Any, ...]]) -> None:
        """The statement for each row; the values must be converted (`convert`) already."""
        if not rows:
            return
        if self.sql is not None:
            self.conn.exec_driver_sql(self.sql, rows)
        else:
            assert self.named is not None
            self.conn.execute(self.named, [{f"p{n}": v for n, v in enumerate(r)} for r in rows])

"""A findings notice read and recorded with the standard library's `sqlite3`.

Importing SQLAlchemy and the SQLModel tables costs about 0.27 s, a third of a signed
notice from the shell. On a plain SQLite file at the newest revision (`open_plain`'s
rule; anything else takes the ORM path, which makes, migrates or unlocks the database, and
PostgreSQL always does) the notice's content is read here, as the repositories read it
(`repositories/sessions.py`, `roster.py`, `answers.py`, `findings.py`), and the issued
document recorded as `IssuedDocuments.record_document` records it: in one write transaction
taken with `BEGIN IMMEDIATE` before the register is read, the caller's `check` run on the
register holding the lock, the row written with the ORM's formats (`UTCDateTime`'s text,
dates as ISO text), committed durably (WAL, synchronous=FULL), run again as a whole when a
unique key collided (`retry_on_conflict`), failures in the same words (`DbGuard`).
`tests/store/test_plain_notice.py` keeps the two paths equal.
"""

from __future__ import annotations

import json
import random
import sqlite3
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from inspector.domain.findings import (
    Finding,
    FindingKind,
    ImprovementPlan,
    MeasureEntry,
    MeasureStatus,
)
from inspector.domain.model import (
    AnswerState,
    InspectionSession,
    Organization,
    Role,
    SessionKind,
    SessionSource,
    SessionStatus,
)
from inspector.domain.revocation import RevokedCertificate
from inspector.store.errors import DatabaseError, NotFound, describe_db_failure, integrity_failure
from inspector.store.issued_document import IssuedDocument
from inspector.store.plain_read import BUSY_TIMEOUT_S, open_plain, plain_sqlite_path

CONFLICT_ATTEMPTS = 8  # as `locking.CONFLICT_ATTEMPTS`


def instant(value: str | None) -> datetime | None:
    """A `UTCDateTime` read back as the ORM does (SQLAlchemy's `fromisoformat`, then UTC)."""
    if value is None:
        return None
    moment = datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def stored_instant(value: datetime) -> str:
    """A time as `UTCDateTime` writes it on SQLite (`types.SQLITE_STORAGE_FORMAT`)."""
    if value.tzinfo is None:
        raise ValueError("naive datetime given; store timezone-aware times only")
    return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f+00:00")


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _json(value: str | None) -> Any:
    return None if value is None else json.loads(value)


@contextmanager
def _guard() -> Iterator[None]:
    """`DbGuard`'s words for the driver's failures."""
    try:
        yield
    except sqlite3.OperationalError as exc:
        raise DatabaseError(describe_db_failure(exc)) from exc
    except sqlite3.IntegrityError as exc:
        raise DatabaseError(integrity_failure(exc) or str(exc)) from exc


_SESSION = (
    "id, uid, checklist_id, checklist_version, organization_id, respondent_id, role, kind, "
    "session_date, status, source, inspector_name, inspector_organization_id, created_at, "
    "completed_at, not_independent, heard_by"
)
_FINDING = (
    "id, uid, kind, title, text, organization_id, session_id, items, answers, evidence, "
    "requested_measure, created_by, created_at, layout, requested_deadline, withdrawn_at, "
    "withdrawn_by, withdrawn_reason"
)
_DOCUMENT = (
    "id, doc_id, kind, session_id, organization_id, content_hash, signer, file_sha256, path, "
    "issued_by, issued_at, number, fiscal_year, serial, reissue_of"
)


def _session(row: tuple[Any, ...]) -> InspectionSession:
    (sid, uid, checklist_id, version, org, respondent, role, kind, day, status, source,
     inspector, inspector_org, created, completed, not_independent, heard_by) = row  # fmt: skip
    session_date = _day(day)
    created_at = instant(created)
    assert session_date is not None and created_at is not None
    return InspectionSession(
        id=sid,
        uid=uid,
        checklist_id=checklist_id,
        checklist_version=version,
        organization_id=org,
        respondent_id=respondent,
        role=Role(role),
        kind=SessionKind(kind),
        session_date=session_date,
        status=SessionStatus(status),
        source=SessionSource(source),
        inspector_name=inspector,
        inspector_organization_id=inspector_org,
        created_at=created_at,
        completed_at=instant(completed),
        not_independent=bool(not_independent),
        heard_by=heard_by,
    )


def _finding(row: tuple[Any, ...]) -> Finding:
    (fid, uid, kind, title, text, org, sid, items, answers, evidence, measure, created_by,
     created, layout, deadline, withdrawn_at, withdrawn_by, reason) = row  # fmt: skip
    created_at = instant(created)
    assert created_at is not None
    return Finding(
        id=fid,
        uid=uid,
        kind=FindingKind(kind),
        title=title,
        text=text,
        organization_id=org,
        session_id=sid,
        items=tuple(_json(items) or ()),
        answers=dict(_json(answers) or {}),
        evidence=tuple(_json(evidence) or ()),
        requested_measure=measure,
        created_by=created_by,
        created_at=created_at,
        layout=_json(layout),
        requested_deadline=_day(deadline),
        withdrawn_at=instant(withdrawn_at),
        withdrawn_by=withdrawn_by,
        withdrawn_reason=reason or "",
    )


def _document(row: tuple[Any, ...]) -> IssuedDocument:
    values = list(row)
    values[10] = instant(values[10])
    return IssuedDocument(*values)


@dataclass(frozen=True)
class _Answer:
    """What the notice reads of an answer: its state (`Answer.state`)."""

    state: AnswerState


class PlainNoticeStore:
    """`RepositoryLike` and `FindingsLike` (reports/service_types.py) of one plain SQLite
    file: the reads a notice makes, and its record. One read-only connection, outside any
    transaction between statements (each read sees what is committed, as the ORM's
    sessions do); the record takes a connection of its own."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    def _rows(self, sql: str, args: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        with _guard():
            return self.conn.execute(sql, args).fetchall()

    # -- RepositoryLike -------------------------------------------------------------------

    def organizations(self) -> list[Organization]:
        rows = self._rows("SELECT id, code, name, parent_id, tags FROM organization ORDER BY code")
        return [
            Organization(id=i, code=c, name=n, parent_id=p, tags=frozenset(_json(t) or ()))
            for i, c, n, p, t in rows
        ]

    def session(self, session_id: int) -> InspectionSession:
        rows = self._rows(f"SELECT {_SESSION} FROM inspection_session WHERE id = ?", (session_id,))
        if not rows:
            raise NotFound(f"session #{session_id}")
        return _session(rows[0])

    def sessions(
        self,
        *,
        checklist_id: str | None = None,
        organization_id: int | None = None,
        limit: int | None = None,
    ) -> list[InspectionSession]:
        """Newest first."""
        sql, args = f"SELECT {_SESSION} FROM inspection_session WHERE 1", list[Any]()
        if checklist_id is not None:
            sql += " AND checklist_id = ?"
            args.append(checklist_id)
        if organization_id is not None:
            sql += " AND organization_id = ?"
            args.append(organization_id)
        sql += " ORDER BY created_at DESC, id DESC"
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [_session(r) for r in self._rows(sql, tuple(args))]

    def answers(self, session_id: int) -> Mapping[str, _Answer]:
        rows = self._rows(
            "SELECT item_id, value, reasons, reason_text, note, evidence FROM answer "
            "WHERE session_id = ?",
            (session_id,),
        )
        return {
            item: _Answer(
                AnswerState(
                    value=value,
                    reasons=tuple(_json(reasons) or ()),
                    reason_text=reason_text or "",
                    note=note or "",
                    evidence=tuple(_json(evidence) or ()),
                )
            )
            for item, value, reasons, reason_text, note, evidence in rows
        }

    # -- FindingsLike ---------------------------------------------------------------------

    def findings(
        self, *, session_id: int | None = None, organization_id: int | None = None
    ) -> list[Finding]:
        """Oldest first, withdrawn ones left out (as `FindingRepository.findings`)."""
        sql, args = f"SELECT {_FINDING} FROM finding WHERE withdrawn_at IS NULL", list[Any]()
        if session_id is not None:
            sql += " AND session_id = ?"
            args.append(session_id)
        if organization_id is not None:
            sql += " AND organization_id = ?"
            args.append(organization_id)
        return [_finding(r) for r in self._rows(sql + " ORDER BY id", tuple(args))]

    def plans_for(self, finding_id: int) -> list[ImprovementPlan]:
        rows = self._rows(
            "SELECT id, uid, finding_id, measures, responsible_organization_id, "
            "responsible_person, deadline, created_at FROM improvement_plan "
            "WHERE finding_id = ? ORDER BY deadline, id",
            (finding_id,),
        )
        entries: dict[int, list[MeasureEntry]] = {r[0]: [] for r in rows}
        if rows:
            marks = ", ".join("?" * len(rows))
            for eid, plan, status, day, text, by, at, euid in self._rows(
                "SELECT id, plan_id, status, entry_date, text, recorded_by, recorded_at, uid "
                f"FROM measure_entry WHERE plan_id IN ({marks})",
                tuple(r[0] for r in rows),
            ):
                entry_date, recorded_at = _day(day), instant(at)
                assert entry_date is not None and recorded_at is not None
                entries[plan].append(
                    MeasureEntry(
                        eid, plan, MeasureStatus(status), entry_date, text, by, recorded_at, euid
                    )
                )
        plans = []
        for pid, uid, fid, measures, org, person, deadline, created in rows:
            due, created_at = _day(deadline), instant(created)
            assert due is not None and created_at is not None
            plans.append(
                ImprovementPlan(
                    id=pid,
                    uid=uid,
                    finding_id=fid,
                    measures=measures,
                    responsible_organization_id=org,
                    responsible_person=person,
                    deadline=due,
                    created_at=created_at,
                    entries=tuple(sorted(entries[pid], key=lambda e: (e.entry_date, e.id))),
                )
            )
        return plans

    def plans_with_findings(
        self, organization_id: int | None = None
    ) -> list[tuple[Finding, ImprovementPlan]]:
        raise NotImplementedError("a notice lists no plans across organizations")

    def documents(self, session_id: int | None = None) -> list[IssuedDocument]:
        sql, args = f"SELECT {_DOCUMENT} FROM issued_document", tuple[Any, ...]()
        if session_id is not None:
            sql, args = sql + " WHERE session_id = ?", (session_id,)
        return [_document(r) for r in self._rows(sql + " ORDER BY id", args)]

    def revocations(self) -> list[RevokedCertificate]:
        """The office's revocations (`RevocationRepository.all`)."""
        rows = self._rows(
            "SELECT serial, revoked_at, reason, name, fingerprint, revoked_by, reason_code "
            "FROM certificate_revocation ORDER BY id"
        )
        result = []
        for serial, at, reason, name, fingerprint, by, code in rows:
            revoked_at = instant(at)
            assert revoked_at is not None
            result.append(
                RevokedCertificate(
                    serial=int(serial, 16),
                    revoked_at=revoked_at,
                    reason=reason,
                    name=name,
                    fingerprint=fingerprint,
                    revoked_by=by,
                    source="database",
                    reason_code=code,
                )
            )
        return result

    # -- the record -----------------------------------------------------------------------

    def record_document(
        self,
        *,
        doc_id: str,
        kind: str,
        content_hash: str,
        issued_by: str,
        session_id: int | None = None,
        organization_id: int | None = None,
        signer: str | None = None,
        file_sha256: str | None = None,
        path: str | None = None,
        number: tuple[str, int, int] | None = None,
        reissue_of: str | None = None,
        check: Callable[[list[IssuedDocument]], None] | None = None,
    ) -> IssuedDocument:
        """As `IssuedDocuments.record_document`: `check` runs inside the write transaction,
        holding the write lock, on the register as it is then, and raises to record
        nothing; a unique key taken meanwhile runs the whole again."""
        number_, fiscal_year, serial = number or (None, None, None)
        fields: dict[str, Any] = {
            "doc_id": doc_id,
            "kind": kind,
            "content_hash": content_hash,
            "issued_by": issued_by,
            "session_id": session_id,
            "organization_id": organization_id,
            "signer": signer,
            "file_sha256": file_sha256,
            "path": path,
            "reissue_of": reissue_of,
            "number": number_,
            "fiscal_year": fiscal_year,
            "serial": serial,
        }

        def once() -> IssuedDocument:
            with _guard(), self._write() as conn:
                if check is not None:
                    rows = conn.execute(f"SELECT {_DOCUMENT} FROM issued_document ORDER BY id")
                    check([_document(r) for r in rows.fetchall()])
                issued_at = datetime.now(UTC)
                columns = [*fields, "issued_at"]
                cursor = conn.execute(
                    f"INSERT INTO issued_document ({', '.join(columns)}) "
                    f"VALUES ({', '.join('?' * len(columns))})",
                    (*fields.values(), stored_instant(issued_at)),
                )
                assert cursor.lastrowid is not None
                return IssuedDocument(id=cursor.lastrowid, issued_at=issued_at, **fields)

        for attempt in range(CONFLICT_ATTEMPTS):
            try:
                return once()
            except DatabaseError as exc:
                cause = exc.__cause__
                unique = isinstance(cause, sqlite3.IntegrityError) and (
                    "unique constraint failed" in str(cause).lower()
                )
                if attempt == CONFLICT_ATTEMPTS - 1 or not unique:
                    raise
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
        raise AssertionError("unreachable")

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A connection in a write transaction begun with `BEGIN IMMEDIATE` (the engine's
        pragmas: WAL, foreign keys, synchronous=FULL, the busy timeout): committed when the
        block ends, rolled back when it raises (`locking.write_connection`)."""
        conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA foreign_keys=ON")
            conn.execute("PRAGMA synchronous=FULL")
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.rollback()
                raise
            conn.commit()
        finally:
            conn.close()

    def close(self) -> None:
        self.conn.close()


@contextmanager
def plain_notice_store(
    url: str, passphrase: str | None, *, narrow_modes: bool = True
) -> Iterator[PlainNoticeStore | None]:
    """The plain store of `url` while the block runs, or None when the ORM path must open
    the database (`open_plain`'s rule: not a plain SQLite file at the newest revision)."""
    path = plain_sqlite_path(url)
    with open_plain(url, passphrase, narrow_modes=narrow_modes) as conn:
        if conn is None or path is None:
            yield None
            return
        conn.isolation_level = None  # no transaction held between reads
        yield PlainNoticeStore(path, conn)


__all__ = ["PlainNoticeStore", "instant", "plain_notice_store", "stored_instant"]

"""The repository: the only place that reads and writes the tables. Returns domain objects.

Each public write is one transaction, committed before the call returns: with SQLite's
synchronous=FULL an acknowledged answer survives a crash of the process or the machine.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any, Final

from sqlalchemy import Connection, Engine, bindparam, delete, insert, select, update
from sqlalchemy.exc import OperationalError
from sqlmodel import Session as DbSession

from inspector.domain.checklist import Checklist
from inspector.domain.findings import independence_conflict
from inspector.domain.model import (
    Answer,
    AnswerChange,
    AnswerState,
    InspectionSession,
    Organization,
    Person,
    PersonStatus,
    Role,
    SessionKind,
    SessionSource,
    SessionStatus,
    StaffType,
)
from inspector.store.errors import DatabaseError, NotFound, SessionReadOnly
from inspector.store.imports import ImportBatch, ImportCounts
from inspector.store.locking import retry_on_conflict, write_connection
from inspector.store.tables import (
    AnswerChangeRow,
    AnswerRow,
    OrganizationRow,
    PersonRow,
    SessionEventRow,
    SessionRow,
)
from inspector.store.types import utcnow


class Keep(Enum):
    """The type of `KEEP`."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP
"""An upsert's "leave the stored value alone" (for a new row, the default) where `None`
means something else, as an organization's `parent_code` (`None`: no parent)."""


@dataclass(frozen=True)
class OrganizationInput:
    """`parent_code`: `None` for none, `KEEP` (the default) to leave the stored parent;
    `tags`: `None` (the default) to leave the stored tags, `()` for none. A new
    organization has no parent and no tags unless given."""

    code: str
    name: str
    parent_code: str | Keep | None = KEEP
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PersonInput:
    """`None` for `staff_type` or `status` leaves the stored value alone; a new person is
    then regular and active."""

    staff_number: str
    name: str
    organization_code: str | None
    staff_type: StaffType | None = None
    status: PersonStatus | None = None


@dataclass(frozen=True)
class UpsertCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0


def _org(row: OrganizationRow) -> Organization:
    assert row.id is not None
    return Organization(
        id=row.id,
        code=row.code,
        name=row.name,
        parent_id=row.parent_id,
        tags=frozenset(row.tags or ()),
    )


def _person(row: PersonRow) -> Person:
    assert row.id is not None
    return Person(
        id=row.id,
        staff_number=row.staff_number,
        name=row.name,
        organization_id=row.organization_id,
        staff_type=StaffType(row.staff_type),
        status=PersonStatus(row.status),
    )


def _session(row: SessionRow) -> InspectionSession:
    assert row.id is not None
    return InspectionSession(
        id=row.id,
        uid=row.uid,
        checklist_id=row.checklist_id,
        checklist_version=row.checklist_version,
        organization_id=row.organization_id,
        respondent_id=row.respondent_id,
        role=Role(row.role),
        kind=SessionKind(row.kind),
        session_date=row.session_date,
        status=SessionStatus(row.status),
        source=SessionSource(row.source),
        inspector_name=row.inspector_name,
        inspector_organization_id=row.inspector_organization_id,
        created_at=row.created_at,
        completed_at=row.completed_at,
        not_independent=bool(row.not_independent),
    )


def _state(row: AnswerRow | None) -> AnswerState:
    if row is None:
        return AnswerState()
    return AnswerState(
        value=row.value,
        reasons=tuple(row.reasons or ()),
        reason_text=row.reason_text or "",
        note=row.note or "",
        evidence=tuple(row.evidence or ()),
    )


def _answer(row: AnswerRow) -> Answer:
    return Answer(
        session_id=row.session_id,
        item_id=row.item_id,
        state=_state(row),
        answered_by=row.answered_by,
        answered_at=row.answered_at,
    )


_ANSWERS = AnswerRow.__table__
_SELECT_ANSWER = select(_ANSWERS).where(
    _ANSWERS.c.session_id == bindparam("sid"), _ANSWERS.c.item_id == bindparam("item")
)
_SELECT_STATUS = select(SessionRow.__table__.c.status).where(
    SessionRow.__table__.c.id == bindparam("sid")
)


def _state_of(row: Any) -> AnswerState:
    """The state of an `answer` row read with Core (None: not answered)."""
    if row is None:
        return AnswerState()
    return AnswerState(
        value=row.value,
        reasons=tuple(row.reasons or ()),
        reason_text=row.reason_text or "",
        note=row.note or "",
        evidence=tuple(row.evidence or ()),
    )


def _write_state(
    conn: Connection,
    session_id: int,
    item_id: str,
    row: Any,
    old: AnswerState,
    new: AnswerState,
    actor: str,
    action: str,
    undoes_id: int | None,
) -> None:
    """Write the answer's new state (delete it when empty) and its change-log entry."""
    now = utcnow()
    if new.is_empty:
        if row is not None:
            conn.execute(delete(_ANSWERS).where(_ANSWERS.c.id == row.id))
    else:
        values = {
            "value": new.value,
            "reasons": list(new.reasons),
            "reason_text": new.reason_text,
            "note": new.note,
            "evidence": list(new.evidence),
            "answered_by": actor,
            "answered_at": now,
        }
        if row is None:
            conn.execute(insert(_ANSWERS).values(session_id=session_id, item_id=item_id, **values))
        else:
            conn.execute(update(_ANSWERS).where(_ANSWERS.c.id == row.id).values(**values))
    conn.execute(
        insert(AnswerChangeRow.__table__).values(
            session_id=session_id,
            item_id=item_id,
            action=action,
            old_value=old.value,
            new_value=new.value,
            old_state=None if old.is_empty else old.to_json(),
            new_state=None if new.is_empty else new.to_json(),
            changed_by=actor,
            changed_at=now,
            undoes_id=undoes_id,
        )
    )


class Repository:
    """Reads and writes organizations, people, sessions, answers and the change log."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def _db(self) -> DbSession:
        return DbSession(self.engine, expire_on_commit=False)

    # -- organizations ------------------------------------------------------------------

    def organizations(self) -> list[Organization]:
        with self._db() as db:
            rows = db.exec(select(OrganizationRow).order_by(OrganizationRow.code)).scalars()  # type: ignore[call-overload]
            return [_org(r) for r in rows]

    def organization(self, organization_id: int) -> Organization:
        with self._db() as db:
            row = db.get(OrganizationRow, organization_id)
            if row is None:
                raise NotFound(f"organization #{organization_id}")
            return _org(row)

    def find_organization(self, code_or_name: str) -> Organization | None:
        """By code first, then by exact name."""
        key = code_or_name.strip()
        with self._db() as db:
            row = (
                db.exec(select(OrganizationRow).where(OrganizationRow.code == key))
                .scalars()
                .first()
            )  # type: ignore[call-overload]
            if row is None:
                row = (
                    db.exec(select(OrganizationRow).where(OrganizationRow.name == key))
                    .scalars()
                    .first()
                )  # type: ignore[call-overload]
            return _org(row) if row is not None else None

    def upsert_organizations(self, inputs: Sequence[OrganizationInput]) -> UpsertCounts:
        """Add or update by code in one transaction; parents may come later in the same list.

        An organization counts as updated when its name, tags or parent changed."""
        added: set[str] = set()
        changed: set[str] = set()
        with self._db() as db:
            existing = {r.code: r for r in db.exec(select(OrganizationRow)).scalars()}  # type: ignore[call-overload]
            for item in inputs:
                row = existing.get(item.code)
                if row is None:
                    row = OrganizationRow(
                        code=item.code, name=item.name, tags=sorted(item.tags or ())
                    )
                    db.add(row)
                    existing[item.code] = row
                    added.add(item.code)
                    continue
                tags = sorted(row.tags or ()) if item.tags is None else sorted(item.tags)
                if row.name != item.name or sorted(row.tags or ()) != tags:
                    row.name = item.name
                    row.tags = tags
                    db.add(row)
                    changed.add(item.code)
            db.flush()
            for item in inputs:
                if item.parent_code is KEEP:
                    continue
                row = existing[item.code]
                parent_id = existing[item.parent_code].id if item.parent_code else None
                if row.parent_id != parent_id:
                    row.parent_id = parent_id
                    db.add(row)
                    changed.add(item.code)
            db.commit()
        codes = {item.code for item in inputs}
        updated = changed - added
        return UpsertCounts(len(added), len(updated), len(codes - added - updated))

    def organization_codes(self) -> dict[str, int]:
        with self._db() as db:
            return {
                code: oid
                for oid, code in db.exec(select(OrganizationRow.id, OrganizationRow.code)).all()
            }  # type: ignore[call-overload]

    def organization_code_by_id(self) -> dict[int, str]:
        return {oid: code for code, oid in self.organization_codes().items()}

    def organization_lookup(self) -> dict[str, int]:
        """Code and name to id, for resolving imported rows in bulk."""
        with self._db() as db:
            rows = db.exec(
                select(OrganizationRow.id, OrganizationRow.code, OrganizationRow.name)
            ).all()  # type: ignore[call-overload]
        lookup: dict[str, int] = {}
        for oid, _code, name in rows:
            lookup.setdefault(name, oid)
        for oid, code, _name in rows:
            lookup[code] = oid
        return lookup

    # -- people -------------------------------------------------------------------------

    def people(self, organization_id: int | None = None) -> list[Person]:
        with self._db() as db:
            query = select(PersonRow).order_by(PersonRow.staff_number)
            if organization_id is not None:
                query = query.where(PersonRow.organization_id == organization_id)
            return [_person(r) for r in db.exec(query).scalars()]  # type: ignore[call-overload]

    def person(self, person_id: int) -> Person:
        with self._db() as db:
            row = db.get(PersonRow, person_id)
            if row is None:
                raise NotFound(f"person #{person_id}")
            return _person(row)

    def find_person(self, staff_number: str) -> Person | None:
        with self._db() as db:
            row = (
                db.exec(select(PersonRow).where(PersonRow.staff_number == staff_number.strip()))
                .scalars()
                .first()
            )  # type: ignore[call-overload]
            return _person(row) if row is not None else None

    def upsert_people(self, inputs: Sequence[PersonInput]) -> UpsertCounts:
        """Add or update by staff number in one transaction; a staff type or status of
        `None` leaves the stored one alone."""
        added = updated = unchanged = 0
        with self._db() as db:
            orgs = {
                code: oid
                for oid, code in db.exec(select(OrganizationRow.id, OrganizationRow.code)).all()  # type: ignore[call-overload]
            }
            existing = {r.staff_number: r for r in db.exec(select(PersonRow)).scalars()}  # type: ignore[call-overload]
            for item in inputs:
                org_id = orgs.get(item.organization_code) if item.organization_code else None
                values: dict[str, Any] = {"name": item.name, "organization_id": org_id}
                if item.staff_type is not None:
                    values["staff_type"] = item.staff_type.value
                if item.status is not None:
                    values["status"] = item.status.value
                row = existing.get(item.staff_number)
                if row is None:
                    defaults = {
                        "staff_type": StaffType.REGULAR.value,
                        "status": PersonStatus.ACTIVE.value,
                    }
                    row = PersonRow(staff_number=item.staff_number, **(defaults | values))
                    db.add(row)
                    existing[item.staff_number] = row
                    added += 1
                elif any(getattr(row, k) != v for k, v in values.items()):
                    for key, value in values.items():
                        setattr(row, key, value)
                    db.add(row)
                    updated += 1
                else:
                    unchanged += 1
            db.commit()
        return UpsertCounts(added, updated, unchanged)

    # -- sessions -----------------------------------------------------------------------

    def start_session(
        self,
        checklist: Checklist,
        organization_id: int,
        *,
        role: Role,
        kind: SessionKind,
        respondent_id: int | None = None,
        inspector_name: str | None = None,
        inspector_organization_id: int | None = None,
        session_date: date | None = None,
        source: SessionSource = SessionSource.LOCAL,
        uid: str | None = None,
    ) -> InspectionSession:
        """A new open session. A visit by an inspector of the audited organization (or of a
        division above it) is marked `not_independent`; callers warn before starting it."""
        organizations = {o.id: o for o in self.organizations()}
        not_independent = (
            independence_conflict(
                inspector_organization_id, organizations[organization_id], organizations
            )
            if organization_id in organizations
            else False
        )
        row = SessionRow(
            uid=uid or str(uuid.uuid4()),
            checklist_id=checklist.id,
            checklist_version=checklist.version,
            organization_id=organization_id,
            respondent_id=respondent_id,
            role=role.value,
            kind=kind.value,
            session_date=session_date or date.today(),
            status=SessionStatus.OPEN.value,
            source=source.value,
            inspector_name=inspector_name,
            inspector_organization_id=inspector_organization_id,
            not_independent=not_independent,
        )
        with self._guard(), self._db() as db:
            db.add(row)
            db.commit()
            return _session(row)

    def session(self, session_id: int) -> InspectionSession:
        with self._db() as db:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise NotFound(f"session #{session_id}")
            return _session(row)

    def sessions(
        self,
        *,
        checklist_id: str | None = None,
        organization_id: int | None = None,
        limit: int | None = None,
    ) -> list[InspectionSession]:
        """Newest first."""
        with self._db() as db:
            query = select(SessionRow).order_by(SessionRow.created_at.desc(), SessionRow.id.desc())  # type: ignore[attr-defined, union-attr]
            if checklist_id is not None:
                query = query.where(SessionRow.checklist_id == checklist_id)
            if organization_id is not None:
                query = query.where(SessionRow.organization_id == organization_id)
            if limit is not None:
                query = query.limit(limit)
            return [_session(r) for r in db.exec(query).scalars()]  # type: ignore[call-overload]

    def complete_session(self, session_id: int, actor: str) -> InspectionSession:
        return self._set_status(session_id, SessionStatus.COMPLETED, actor, "complete", "")

    def reopen_session(self, session_id: int, actor: str, note: str = "") -> InspectionSession:
        return self._set_status(session_id, SessionStatus.OPEN, actor, "reopen", note)

    def _set_status(
        self, session_id: int, status: SessionStatus, actor: str, action: str, note: str
    ) -> InspectionSession:
        now = utcnow()
        with self._guard(), self._db() as db:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise NotFound(f"session #{session_id}")
            row.status = status.value
            row.completed_at = now if status is SessionStatus.COMPLETED else None
            db.add(row)
            db.add(
                SessionEventRow(
                    session_id=session_id, action=action, actor=actor, at=now, note=note
                )
            )
            db.commit()
            return _session(row)

    def session_events(self, session_id: int) -> list[tuple[str, str, datetime, str]]:
        with self._db() as db:
            rows = db.exec(
                select(SessionEventRow)
                .where(SessionEventRow.session_id == session_id)
                .order_by(SessionEventRow.id)  # type: ignore[arg-type]
            ).scalars()  # type: ignore[call-overload]
            return [(r.action, r.actor, r.at, r.note) for r in rows]

    # -- answers ------------------------------------------------------------------------

    def answers(self, session_id: int) -> dict[str, Answer]:
        with self._db() as db:
            rows = db.exec(select(AnswerRow).where(AnswerRow.session_id == session_id)).scalars()  # type: ignore[call-overload]
            return {r.item_id: _answer(r) for r in rows}

    def answer_counts(self, session_ids: Iterable[int]) -> dict[int, dict[str, str | None]]:
        """session id -> item -> value, for many sessions in one query."""
        ids = list(session_ids)
        result: dict[int, dict[str, str | None]] = {sid: {} for sid in ids}
        if not ids:
            return result
        with self._db() as db:
            rows = db.exec(
                select(AnswerRow.session_id, AnswerRow.item_id, AnswerRow.value).where(
                    AnswerRow.session_id.in_(ids)  # type: ignore[union-attr, attr-defined]
                )
            ).all()  # type: ignore[call-overload]
        for sid, item_id, value in rows:
            result[sid][item_id] = value
        return result

    def save_answer(
        self,
        session_id: int,
        item_id: str,
        change: Callable[[AnswerState], AnswerState],
        actor: str,
        action: str = "answer",
    ) -> AnswerState:
        """Apply `change` to the item's current state and commit it with a change-log entry.

        Returns the new state. Nothing is written when the state does not change. Raises
        `SessionReadOnly` for a completed session, `DatabaseError` when the write fails.
        This is the hot path of the runner, so it is plain Core on one connection: a few
        cached statements and one commit (the ORM session cost several milliseconds).
        """

        # The write lock is taken before the answer is read, so writers of one item take
        # turns and each change is applied to, and logged against, the one before it.
        def attempt() -> AnswerState:
            with write_connection(self.engine) as conn:
                self._check_writable(conn, session_id)
                row = conn.execute(_SELECT_ANSWER, {"sid": session_id, "item": item_id}).first()
                old = _state_of(row)
                new = change(old)
                if new == old:
                    return old
                _write_state(conn, session_id, item_id, row, old, new, actor, action, None)
                return new

        with self._guard():
            return retry_on_conflict(attempt)

    def undo_last(self, session_id: int, actor: str) -> str | None:
        """Revert the newest change not yet undone; returns its item id, or None.

        The undo is itself a change-log entry, so the log keeps both the answer and its undo.
        """
        changes = AnswerChangeRow.__table__.c
        with self._guard(), write_connection(self.engine) as conn:
            self._check_writable(conn, session_id)
            log = conn.execute(
                select(changes.id, changes.item_id, changes.old_state, changes.undoes_id)
                .where(changes.session_id == session_id)
                .order_by(changes.id.desc())
            ).all()
            undone = {c.undoes_id for c in log if c.undoes_id is not None}
            target = next((c for c in log if c.undoes_id is None and c.id not in undone), None)
            if target is None:
                return None
            row = conn.execute(_SELECT_ANSWER, {"sid": session_id, "item": target.item_id}).first()
            restored = AnswerState.from_json(target.old_state)
            _write_state(
                conn,
                session_id,
                target.item_id,
                row,
                _state_of(row),
                restored,
                actor,
                "undo",
                target.id,
            )
            return str(target.item_id)

    @staticmethod
    def _check_writable(conn: Connection, session_id: int) -> None:
        status = conn.execute(_SELECT_STATUS, {"sid": session_id}).scalar()
        if status is None:
            raise NotFound(f"session #{session_id}")
        if status == SessionStatus.COMPLETED.value:
            raise SessionReadOnly(f"session #{session_id} is completed")

    def changes(self, session_id: int) -> list[AnswerChange]:
        with self._db() as db:
            rows = db.exec(
                select(AnswerChangeRow)
                .where(AnswerChangeRow.session_id == session_id)
                .order_by(AnswerChangeRow.id)  # type: ignore[arg-type]
            ).scalars()  # type: ignore[call-overload]
            return [
                AnswerChange(
                    id=r.id or 0,
                    session_id=r.session_id,
                    item_id=r.item_id,
                    action=r.action,
                    old=AnswerState.from_json(r.old_state),
                    new=AnswerState.from_json(r.new_state),
                    changed_by=r.changed_by,
                    changed_at=r.changed_at,
                )
                for r in rows
            ]

    # -- bulk import --------------------------------------------------------------------

    def import_sessions(self, batches: Sequence[ImportBatch], actor: str) -> ImportCounts:
        """Write many imported sessions in ONE write transaction: all of them or none (see
        `inspector.store.imports.write_import`)."""
        from inspector.store.transaction import write_transaction

        with write_transaction(self) as bound:
            return bound.import_sessions(batches, actor)

    # -- errors -------------------------------------------------------------------------

    @staticmethod
    def _guard() -> _DbGuard:
        return _DbGuard()


class _DbGuard:
    """Turns low-level database failures into `DatabaseError` with a message a user can act on."""

    def __enter__(self) -> None:
        return None

    def __exit__(self, exc_type: Any, exc: BaseException | None, tb: Any) -> None:
        if isinstance(exc, OperationalError):
            raise DatabaseError(describe_db_failure(exc)) from exc


def describe_db_failure(exc: BaseException) -> str:
    text = str(getattr(exc, "orig", None) or exc).lower()
    if "locked" in text or "busy" in text:
        return "the database is locked by another program; the answer was not saved"
    if "readonly" in text or "read-only" in text:
        return "the database file is read-only; the answer was not saved"
    if "disk" in text and ("full" in text or "i/o" in text):
        return "the disk is full or failing; the answer was not saved"
    return f"database error: {str(getattr(exc, 'orig', None) or exc).splitlines()[0]}"


__all__ = [
    "KEEP",
    "ImportBatch",
    "ImportCounts",
    "Keep",
    "NotFound",
    "OrganizationInput",
    "PersonInput",
    "Repository",
    "SessionReadOnly",
    "UpsertCounts",
]

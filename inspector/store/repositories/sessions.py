"""Inspection sessions and their event log: a session is started open, completed and
reopened; each completion and reopening is an event row (who, when, why).

A visit by an inspector of the audited organization, or of a division above it, is
marked `not_independent` when it starts (read against the roster).
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import select

from inspector.domain.business_days import japan_today
from inspector.domain.checklist import Checklist
from inspector.domain.findings import independence_conflict
from inspector.domain.model import (
    InspectionSession,
    Role,
    SessionKind,
    SessionSource,
    SessionStatus,
)
from inspector.i18n import Message
from inspector.store.errors import NotFound
from inspector.store.repositories.base import RepositoryBase
from inspector.store.repositories.roster import read_organizations
from inspector.store.session_counters import counters_of
from inspector.store.tables import SessionEventRow, SessionRow
from inspector.store.types import utcnow


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
        heard_by=row.heard_by,
    )


class SessionRepository(RepositoryBase):
    """Starts, reads, completes and reopens sessions; reads their events."""

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
        heard_by: str | None = None,
    ) -> InspectionSession:
        """A new open session. A visit by an inspector of the audited organization (or of a
        division above it) is marked `not_independent`; callers warn before starting it.
        `heard_by`: a hearing's manager."""
        # The tags the counters are counted with are read under the write lock (shared, as
        # an answer save): an organization retagged meanwhile (it takes the lock
        # exclusively) then recounts this session after it is committed, not before.
        with self._write_db(shared=True) as db:
            organizations = {o.id: o for o in read_organizations(db)}
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
                session_date=session_date or japan_today(),
                status=SessionStatus.OPEN.value,
                source=source.value,
                inspector_name=inspector_name,
                inspector_organization_id=inspector_organization_id,
                not_independent=not_independent,
                heard_by=heard_by,
            )
            # no answers yet: what applies from the start (the organization's tags)
            organization = organizations.get(organization_id)
            for name, value in counters_of(
                checklist, {}, organization.tags if organization else ()
            ).items():
                setattr(row, name, value)
            db.add(row)
            db.commit()
            return _session(row)

    def session(self, session_id: int) -> InspectionSession:
        with self._guard(), self._db() as db:
            row = db.get(SessionRow, session_id)
            if row is None:
                raise NotFound(Message("time5.record.session", id=session_id))
            return _session(row)

    def sessions(
        self,
        *,
        checklist_id: str | None = None,
        organization_id: int | None = None,
        limit: int | None = None,
    ) -> list[InspectionSession]:
        """Newest first."""
        with self._guard(), self._db() as db:
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
                raise NotFound(Message("time5.record.session", id=session_id))
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
        with self._guard(), self._db() as db:
            rows = db.exec(
                select(SessionEventRow)
                .where(SessionEventRow.session_id == session_id)
                .order_by(SessionEventRow.id)  # type: ignore[arg-type]
            ).scalars()  # type: ignore[call-overload]
            return [(r.action, r.actor, r.at, r.note) for r in rows]


__all__ = ["SessionRepository"]

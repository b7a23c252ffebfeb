"""The ID/password hearing: the roster of an organization with each person's hearing session,
and the follow-up classification of the cases (append-only: a reclassification is a new row,
the newest row of a session is the current one).

Also the one rule both the CLI and the interface use to start or resume a self-check.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import Engine, select
from sqlmodel import Session as DbSession

from inspector.domain.checklist import Checklist
from inspector.domain.hearing import (
    Classification,
    PersonHearing,
    hearing_questions,
    hearing_status,
    yes_questions,
)
from inspector.domain.model import (
    InspectionSession,
    PersonStatus,
    Role,
    SessionKind,
    SessionStatus,
)
from inspector.i18n import Message
from inspector.store.errors import NotFound
from inspector.store.repositories.base import DbGuard
from inspector.store.repository import Repository
from inspector.store.tables import HearingClassificationRow, SessionRow
from inspector.store.types import utcnow


def _classification(row: HearingClassificationRow) -> Classification:
    assert row.id is not None
    return Classification(
        id=row.id,
        session_id=row.session_id,
        case_id=row.case_id,
        detailed_hearing=bool(row.detailed_hearing),
        note=row.note or "",
        classified_by=row.classified_by,
        classified_at=row.classified_at,
    )


@dataclass(frozen=True)
class SelfCheckStart:
    session: InspectionSession
    resumed: bool


def start_or_resume_self_check(
    repo: Repository,
    checklist: Checklist,
    organization_id: int,
    *,
    role: Role,
    respondent_id: int | None,
    session_date: date | None = None,
) -> SelfCheckStart:
    """The open self-check of the same checklist, organization, respondent and role, or a
    new one. Completed self-checks are not resumed: a new one is started."""
    for session in repo.sessions(checklist_id=checklist.id, organization_id=organization_id):
        if (
            session.kind is SessionKind.SELF_CHECK
            and session.status is SessionStatus.OPEN
            and session.respondent_id == respondent_id
            and session.role is role
        ):
            return SelfCheckStart(session, resumed=True)
    session = repo.start_session(
        checklist,
        organization_id,
        role=role,
        kind=SessionKind.SELF_CHECK,
        respondent_id=respondent_id,
        session_date=session_date,
    )
    return SelfCheckStart(session, resumed=False)


class HearingRepository:
    """Reads the hearing roster; appends and reads case classifications."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.repo = Repository(engine)

    def _db(self) -> DbSession:
        return DbSession(self.engine, expire_on_commit=False)

    # -- the roster --------------------------------------------------------------------------

    def person_session(
        self, checklist: Checklist, organization_id: int, person_id: int
    ) -> InspectionSession | None:
        """The person's newest hearing session in the organization (open or completed), of
        role head: the head hears the person. A self-check the person answered alone (role
        operator) is not the hearing."""
        for session in self.repo.sessions(
            checklist_id=checklist.id, organization_id=organization_id
        ):
            if session.respondent_id == person_id and session.role is Role.HEAD:
                return session
        return None

    def start_or_resume(
        self,
        checklist: Checklist,
        organization_id: int,
        person_id: int,
        *,
        session_date: date | None = None,
        heard_by: str | None = None,
    ) -> SelfCheckStart:
        """The person's hearing session (newest, even completed), or a new one in the
        role head (the person as respondent); `heard_by`: who hears, recorded as given
        (the hearing screen passes its user's name, shown as 聴取者)."""
        session = self.person_session(checklist, organization_id, person_id)
        if session is not None:
            return SelfCheckStart(session, resumed=True)
        session = self.repo.start_session(
            checklist,
            organization_id,
            role=Role.HEAD,
            kind=SessionKind.SELF_CHECK,
            respondent_id=person_id,
            session_date=session_date,
            heard_by=heard_by,
        )
        return SelfCheckStart(session, resumed=False)

    def roster(self, checklist: Checklist, organization_id: int) -> list[PersonHearing]:
        """The active staff of the organization by staff number, each with their newest
        hearing session, its status, the questions answered "yes" and the current case."""
        people = [p for p in self.repo.people(organization_id) if p.status is PersonStatus.ACTIVE]
        newest: dict[int, InspectionSession] = {}
        for session in self.repo.sessions(
            checklist_id=checklist.id, organization_id=organization_id
        ):
            if session.respondent_id is not None and session.role is Role.HEAD:
                newest.setdefault(session.respondent_id, session)
        session_ids = [s.id for s in newest.values()]
        answers = self.repo.answer_counts(session_ids)
        current = self.current(session_ids)
        questions = hearing_questions(checklist)
        rows: list[PersonHearing] = []
        for person in people:
            heard = newest.get(person.id)
            if heard is None:
                rows.append(PersonHearing(person, None, hearing_status({}, questions)))
                continue
            values = answers.get(heard.id, {})
            rows.append(
                PersonHearing(
                    person=person,
                    session_id=heard.id,
                    status=hearing_status(values, questions, completed=heard.is_completed),
                    yes=yes_questions(values, questions),
                    classification=current.get(heard.id),
                    heard_by=heard.heard_by,
                )
            )
        return rows

    # -- classification ----------------------------------------------------------------------

    def classify(
        self,
        session_id: int,
        case_id: str,
        *,
        detailed_hearing: bool,
        note: str,
        actor: str,
    ) -> Classification:
        """Append a classification of the session's case; it becomes the current one."""
        with DbGuard(), self._db() as db:
            if db.get(SessionRow, session_id) is None:
                raise NotFound(Message("time5.record.session", id=session_id))
            row = HearingClassificationRow(
                session_id=session_id,
                case_id=case_id,
                detailed_hearing=detailed_hearing,
                note=note.strip(),
                classified_by=actor,
                classified_at=utcnow(),
            )
            db.add(row)
            db.commit()
            return _classification(row)

    def current(self, session_ids: list[int] | None = None) -> dict[int, Classification]:
        """Session id -> its newest classification (all sessions when `session_ids` is None).

        Newest by `classified_at`, not by row id: a classification made on a laptop arrives
        at the office in a bundle after the office's own, later ones."""
        if session_ids is not None and not session_ids:
            return {}
        with self._db() as db:
            query = select(HearingClassificationRow).order_by(
                HearingClassificationRow.classified_at,  # type: ignore[arg-type]
                HearingClassificationRow.id,  # type: ignore[arg-type]
            )
            if session_ids is not None:
                query = query.where(
                    HearingClassificationRow.session_id.in_(session_ids)  # type: ignore[attr-defined]
                )
            newest: dict[int, Classification] = {}
            for row in db.exec(query).scalars():  # type: ignore[call-overload]
                newest[row.session_id] = _classification(row)
            return newest

    def history(self, session_id: int) -> list[Classification]:
        """Every classification of the session, oldest first."""
        with self._db() as db:
            rows = db.exec(
                select(HearingClassificationRow)
                .where(HearingClassificationRow.session_id == session_id)
                .order_by(
                    HearingClassificationRow.classified_at,  # type: ignore[arg-type]
                    HearingClassificationRow.id,  # type: ignore[arg-type]
                )
            ).scalars()  # type: ignore[call-overload]
            return [_classification(r) for r in rows]


__all__ = [
    "HearingRepository",
    "SelfCheckStart",
    "start_or_resume_self_check",
]

"""Read-side helpers the screens run in thread workers. They call Repository methods only."""

from __future__ import annotations

from dataclasses import dataclass

from inspector.context import AppContext
from inspector.domain.checklist import Checklist
from inspector.domain.errors import UnknownChecklist
from inspector.domain.model import (
    AnswerState,
    InspectionSession,
    Organization,
    Person,
    SessionSummary,
)
from inspector.domain.progress import progress


def recent_sessions(
    context: AppContext, limit: int = 200, within: int | None = None
) -> list[SessionSummary]:
    """Newest sessions with answered / applicable and noncompliant counts. `within` (a
    session id): only the sessions of its organization and checklist, and of its
    respondent when it has one (a self-check opened by `inspector selfcheck` shows no
    colleague's session)."""
    repo = context.repo
    if within is None:
        sessions = repo.sessions(limit=limit)
    else:
        own = repo.session(within)
        sessions = [
            s
            for s in repo.sessions(
                checklist_id=own.checklist_id, organization_id=own.organization_id, limit=limit
            )
            if s.respondent_id == own.respondent_id and s.kind is own.kind
        ]
    organizations = {o.id: o for o in repo.organizations()}
    people = {p.id: p for p in repo.people()}
    values = repo.answer_counts([s.id for s in sessions])
    summaries: list[SessionSummary] = []
    for session in sessions:
        organization = organizations.get(session.organization_id) or Organization(
            id=session.organization_id, code="?", name="?"
        )
        checklist = _checklist(context, session.checklist_id)
        if checklist is None:
            answered = sum(1 for v in values[session.id].values() if v is not None)
            total, noncompliant, title = answered, 0, session.checklist_id
        else:
            counts = progress(checklist, values[session.id], organization.tags)
            answered, total = counts.answered, counts.applicable
            noncompliant = counts.noncompliant
            title = checklist.title.get(context.t.lang)
        summaries.append(
            SessionSummary(
                session=session,
                organization=organization,
                respondent=people.get(session.respondent_id)
                if session.respondent_id is not None
                else None,
                answered=answered,
                total=total,
                noncompliant=noncompliant,
                checklist_title=title,
            )
        )
    # Sessions still open come first (they are the ones to resume), each group newest first.
    summaries.sort(key=lambda summary: summary.session.is_completed)
    return summaries


@dataclass(frozen=True)
class SessionBundle:
    """Everything the runner and the summary need about one session."""

    session: InspectionSession
    checklist: Checklist
    organization: Organization
    respondent: Person | None
    states: dict[str, AnswerState]
    events: list[tuple[str, str, str]]


def load_session(context: AppContext, session_id: int) -> SessionBundle:
    """Raises NotFound, UnknownChecklist or DatabaseError."""
    repo = context.repo
    session = repo.session(session_id)
    checklist = context.catalog.get(session.checklist_id)
    organization = repo.organization(session.organization_id)
    respondent = repo.person(session.respondent_id) if session.respondent_id is not None else None
    states = {item_id: answer.state for item_id, answer in repo.answers(session_id).items()}
    events = [(action, actor, note) for action, actor, _at, note in repo.session_events(session_id)]
    return SessionBundle(session, checklist, organization, respondent, states, events)


def _checklist(context: AppContext, checklist_id: str) -> Checklist | None:
    try:
        return context.catalog.get(checklist_id)
    except UnknownChecklist:
        return None

"""Read-side helpers the screens run in thread workers. They call Repository methods only."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from inspector.context import AppContext
from inspector.domain.checklist import Checklist
from inspector.domain.model import (
    AnswerState,
    InspectionSession,
    Organization,
    Person,
    SessionKind,
)


@dataclass(frozen=True)
class SessionBundle:
    """Everything the runner and the summary need about one session."""

    session: InspectionSession
    checklist: Checklist
    organization: Organization
    respondent: Person | None
    states: dict[str, AnswerState]
    events: list[tuple[str, str, datetime, str]]
    """(action, actor, when, note) of the session's history, oldest first."""
    finding_items: frozenset[str] = field(default_factory=frozenset)
    """The items named by the session's findings (not withdrawn); none on a self-check."""


def load_session(context: AppContext, session_id: int) -> SessionBundle:
    """Raises NotFound, UnknownChecklist or DatabaseError."""
    repo = context.repo
    session = repo.session(session_id)
    checklist = context.catalog.get(session.checklist_id)
    organization = repo.organization(session.organization_id)
    respondent = repo.person(session.respondent_id) if session.respondent_id is not None else None
    states = {item_id: answer.state for item_id, answer in repo.answers(session_id).items()}
    events = repo.session_events(session_id)
    found: frozenset[str] = frozenset()
    if session.kind is SessionKind.INSPECTION:  # a self-check has no finding
        findings = context.findings.findings(session_id=session_id)
        found = frozenset(item_id for finding in findings for item_id in finding.items)
    return SessionBundle(session, checklist, organization, respondent, states, events, found)

"""What the findings screen lists: each finding with its plans and visit, read in a
worker (`FindingsLoaded`); kept apart so the screen stays one readable file."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from inspector.context import AppContext
from inspector.domain.findings import Finding, ImprovementPlan
from inspector.domain.model import InspectionSession, Organization


@dataclass(frozen=True)
class FindingRow:
    finding: Finding
    plans: tuple[ImprovementPlan, ...]
    session: InspectionSession | None

    @property
    def plan(self) -> ImprovementPlan | None:
        """The plan with the earliest deadline."""
        return self.plans[0] if self.plans else None

    @property
    def not_independent(self) -> bool:
        return bool(self.session and self.session.not_independent)


@dataclass(frozen=True)
class FindingsData:
    rows: list[FindingRow]
    session: InspectionSession | None
    organizations: dict[int, Organization]


class FindingsLoaded(Message):
    def __init__(self, data: FindingsData) -> None:
        super().__init__()
        self.data = data


def load_findings(context: AppContext, session_id: int | None) -> FindingsData:
    """The findings of one session (every finding when None) with their plans."""
    repo, store = context.repo, context.findings
    session = repo.session(session_id) if session_id is not None else None
    findings = store.findings(session_id=session_id, include_withdrawn=True)
    plans: dict[int, list[ImprovementPlan]] = {}
    for finding, plan in store.plans_with_findings(include_withdrawn=True):
        plans.setdefault(finding.id, []).append(plan)
    sessions = {s.id: s for s in repo.sessions()} if session_id is None else {}
    if session is not None:
        sessions[session.id] = session
    rows = [
        FindingRow(
            finding=f,
            plans=tuple(sorted(plans.get(f.id, []), key=lambda p: (p.deadline, p.id))),
            session=sessions.get(f.session_id) if f.session_id is not None else None,
        )
        for f in findings
    ]
    organizations = {o.id: o for o in repo.organizations()}
    return FindingsData(rows, session, organizations)

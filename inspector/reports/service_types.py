"""What the document service works with: the repositories it reads through (protocols, so
reports never imports the store), and the values it hands back to the faces."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from inspector.domain.documents import DocumentKind
from inspector.domain.findings import Finding, ImprovementPlan, MeasureStatus
from inspector.domain.model import InspectionSession, Organization
from inspector.reports.errors import ReportProblem


class RepositoryLike(Protocol):
    def organizations(self) -> list[Organization]: ...
    def session(self, session_id: int) -> InspectionSession: ...
    def sessions(
        self,
        *,
        checklist_id: str | None = ...,
        organization_id: int | None = ...,
        limit: int | None = ...,
    ) -> list[InspectionSession]: ...
    def answers(self, session_id: int) -> Mapping[str, Any]: ...


class FindingsLike(Protocol):
    def findings(
        self, *, session_id: int | None = None, organization_id: int | None = None
    ) -> list[Finding]: ...
    def plans_with_findings(
        self, organization_id: int | None = None
    ) -> list[tuple[Finding, ImprovementPlan]]: ...
    def plans_for(self, finding_id: int) -> list[ImprovementPlan]: ...
    def record_document(
        self,
        *,
        doc_id: str,
        kind: str,
        content_hash: str,
        issued_by: str,
        session_id: int | None = ...,
        organization_id: int | None = ...,
        signer: str | None = ...,
        file_sha256: str | None = ...,
        path: str | None = ...,
        number: tuple[str, int, int] | None = ...,
        reissue_of: str | None = ...,
        check: Callable[[list[Any]], None] | None = ...,
    ) -> Any: ...
    def documents(self, session_id: int | None = None) -> Sequence[Any]: ...


class DocumentProblem(ReportProblem):
    """Nothing to put in the document, or the output cannot be written."""


@dataclass(frozen=True)
class IssuedFile:
    path: Path
    doc_id: str
    kind: DocumentKind
    content_hash: str
    signed: bool
    pages: int


@dataclass(frozen=True)
class PlanRow:
    """One line of the plans listing (TUI screen and `inspector plans`)."""

    finding: Finding
    plan: ImprovementPlan
    organization: Organization
    overdue: bool
    days_left: int
    not_independent: bool

    @property
    def status(self) -> MeasureStatus | None:
        return self.plan.status

    def to_json(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan.id,
            "finding_id": self.finding.id,
            "organization": self.organization.code,
            "organization_name": self.organization.name,
            "kind": self.finding.kind.value,
            "title": self.finding.title,
            "responsible_person": self.plan.responsible_person,
            "deadline": self.plan.deadline.isoformat(),
            "days_left": self.days_left,
            "status": self.status.value if self.status else None,
            "overdue": self.overdue,
            "not_independent": self.not_independent,
            "entries": len(self.plan.entries),
        }


__all__ = ["DocumentProblem", "FindingsLike", "IssuedFile", "PlanRow", "RepositoryLike"]

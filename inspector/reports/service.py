"""Gather a document's content from the repositories, build, sign, write and record it.

The thin layer between the faces (CLI, TUI) and the builders. It takes the repositories
as plain objects (anything with the methods named in the protocols of
`reports/service_types.py`), so this package does not import the store. Every function is
synchronous and safe to call from a worker thread; nothing is written until the signed
bytes exist, and the file appears by rename.

`DocumentService` is three parts, one module each: the lookups (`service_base.py`), the
gathering of each document's content (`gathering.py`) and the building, signing and
recording (`issuing.py`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from inspector.domain.documents import DocumentData, FollowupData, NoticeData, PlanFormData
from inspector.domain.findings import FindingKind
from inspector.reports.followup_number import answered_notices
from inspector.reports.gathering import DocumentGathering
from inspector.reports.issuing import NUMBERING_ROUNDS, DocumentIssuing
from inspector.reports.notice_rules import same_person
from inspector.reports.service_types import DocumentProblem, IssuedFile, PlanRow


class DocumentService(DocumentGathering, DocumentIssuing):
    """Documents for one database, in one language."""

    def notice_data(
        self, session_id: int, *, issue_date: date, reply_by: date | None = None
    ) -> NoticeData:
        """The notice, with the configured 職名 only beside the name it was configured
        for: the settings' title is the settings' inspector's, and a visit of another
        inspector must not print that person's name under it (else printed without one)."""
        data = super().notice_data(session_id, issue_date=issue_date, reply_by=reply_by)
        if data.title and not data.issuer and not self.title_is_for(data.inspector):
            data = replace(data, title="")
        return data

    def title_is_for(self, name: str) -> bool:
        """Whether the configured 職名 belongs to `name`: the configured inspector's, or
        anyone's while no inspector name is configured (an office of one inspector, whose
        configuration names only the title)."""
        configured = (self.inspector_name or "").strip()
        return not configured or same_person(name, configured)

    def plan_form_data(self, organization_id: int, *, issue_date: date) -> PlanFormData:
        """The plan form, naming the notices it answers (their 文書番号 and dates)."""
        data = super().plan_form_data(organization_id, issue_date=issue_date)
        documents = self.findings.documents()
        sessions = {e.finding.session_id for e in data.findings}
        # a notice is recorded on its visit's first session and covers the whole visit
        visit_of: dict[int, int] = {}
        for d in documents:
            if d.kind == "notice" and d.number and d.session_id is not None:
                for s in self.visit_sessions(self.repo.session(d.session_id)):
                    visit_of.setdefault(s.id, d.session_id)
        notices = answered_notices(documents, {visit_of[s] for s in sessions if s in visit_of})
        # the intro says every row was notified by the notices it names: only when true
        # (a finding of a visit without a notice keeps the plain intro)
        if not sessions <= visit_of.keys():
            notices = ()
        return replace(data, notices=notices)

    def followup_data(
        self, organization_id: int | None, *, issuer: str = "", **options: Any
    ) -> FollowupData:
        """The follow-up report with its sender: the municipality and the office, and who
        issues it (`issuer`, the signer; else the configured office head) with the 職名
        configured for the office head when it is that person, else none (never invented)."""
        data = super().followup_data(organization_id, **options)
        name = issuer or self.office_head or ""
        head = self.office_head or ""
        title = self.office_head_title if head and same_person(name, head) else ""
        return replace(data, municipality=self.municipality, issuer=name, issuer_title=title)


__all__ = [
    "NUMBERING_ROUNDS",
    "DocumentData",
    "DocumentProblem",
    "DocumentService",
    "FindingKind",
    "IssuedFile",
    "PlanRow",
]

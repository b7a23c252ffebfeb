"""Gather a document's content from the repositories: the notice of a visit, the plan form
of an organization, the follow-up report, the plans listing. Reads only: nothing here
builds a PDF, signs or writes.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from inspector.domain.documents import (
    ChecklistCounts,
    DocumentKind,
    FollowupData,
    FollowupEdition,
    FollowupGroup,
    NoticeData,
    PlanFormData,
    checklist_counts,
    new_doc_id,
)
from inspector.domain.findings import Finding, PlanFilter, filter_plans
from inspector.domain.model import InspectionSession, SessionKind
from inspector.i18n import Message
from inspector.reports.forms import load_form
from inspector.reports.notice_rules import (
    check_reply_by,
    default_reply_by,
    earlier_notice,
    named_inspector,
    office_head,
    with_requested_deadlines,
)
from inspector.reports.service_base import DocumentBase
from inspector.reports.service_types import DocumentProblem, PlanRow


class DocumentGathering(DocumentBase):
    """The content of each document, read through the repositories."""

    def visit_sessions(self, session: InspectionSession) -> list[InspectionSession]:
        """The inspection sessions of the same visit: organization, day and inspector."""
        same = [
            s
            for s in self.repo.sessions(organization_id=session.organization_id)
            if s.kind is SessionKind.INSPECTION
            and s.session_date == session.session_date
            and s.inspector_name == session.inspector_name
        ]
        return sorted(same or [session], key=lambda s: s.id)

    def notice_data(
        self, session_id: int, *, issue_date: date, reply_by: date | None = None
    ) -> NoticeData:
        session = self.repo.session(session_id)
        if session.kind is not SessionKind.INSPECTION:
            raise DocumentProblem(Message("more.documents.self_check", id=session_id))
        visit = self.visit_sessions(session)
        org = self.organizations[session.organization_id]
        counts: list[ChecklistCounts] = []
        findings: list[Finding] = []
        for s in visit:
            answers = {k: a.state.value for k, a in self.repo.answers(s.id).items()}
            if s.checklist_id in self.catalog:
                counts.append(
                    checklist_counts(
                        self.catalog.get(s.checklist_id), answers, org.tags, self.doc_lang
                    )
                )
            findings.extend(self.findings.findings(session_id=s.id))
        plans = {f.id: self.findings.plans_for(f.id) for f in findings}
        sessions = {s.id: s for s in visit}
        form = load_form("notice", self.doc_lang, self.forms_dirs)
        inspector = named_inspector(session.inspector_name, self.inspector_name, self.lang)
        if reply_by is not None:
            check_reply_by(reply_by, issue_date, self.lang)
        # one date for the body and the findings table: the explicit reply-by, else the
        # form's days after the notice (a finding's own or its plan's deadline first)
        due = reply_by or default_reply_by(issue_date, form)
        # a visit notified already: its notice is issued again as it was (docs9)
        documents = self.findings.documents()
        issued_before = earlier_notice(tuple(sessions), documents) is not None or any(
            set(sessions) & set(e.session_ids)
            for e in self.forgotten_numbers(DocumentKind.NOTICE.value, documents)
        )
        return NoticeData(
            doc_id=new_doc_id(DocumentKind.NOTICE, issue_date),
            organization=org,
            division=self._division(org),
            office=self.office_name(session),
            inspector=inspector,
            visit_date=session.session_date,
            issue_date=issue_date,
            reply_by=due,
            counts=tuple(counts),
            findings=with_requested_deadlines(
                self._on_paper(findings, plans, sessions),
                issue_date,
                due,
                self.lang,
                issued_before=issued_before,
            ),
            not_independent=any(s.not_independent for s in visit),
            session_ids=tuple(s.id for s in visit),
            municipality=self.municipality,
            title=self.title,
            # the form may have the office head issue and sign, not the inspector
            issuer=office_head(self.office_head, self.lang)
            if form.signed_by == "office_head"
            else "",
            issuer_title=self.office_head_title if form.signed_by == "office_head" else "",
        )

    def plan_form_data(self, organization_id: int, *, issue_date: date) -> PlanFormData:
        org = self.organizations[organization_id]
        findings = self.findings.findings(organization_id=organization_id)
        sessions = self._sessions_by_id()
        return PlanFormData(
            doc_id=new_doc_id(DocumentKind.PLAN_FORM, issue_date),
            organization=org,
            division=self._division(org),
            office=self.office_name(),
            issue_date=issue_date,
            findings=self._on_paper(
                findings, self._plans_by_finding(), sessions, self._notice_dates(sessions)
            ),
        )

    def followup_data(
        self,
        organization_id: int | None,
        *,
        issue_date: date,
        edition: FollowupEdition = FollowupEdition.PUBLIC,
        audit_type: str | None = None,
        theme: str | None = None,
        secrets: Sequence[str] = (),
    ) -> FollowupData:
        """The follow-up report: findings by organization, grouped by section. The public
        edition leaves out layouts, notes and `secrets` (key locations); the audit type and
        theme default to the form's."""
        from inspector.reports.followup_content import fiscal_year, public_paper, with_sections

        sessions = self._sessions_by_id()
        notice_dates = self._notice_dates(sessions)
        plans = self._plans_by_finding()
        findings = self.findings.findings(organization_id=organization_id)
        groups = []
        for org in sorted(self.organizations.values(), key=lambda o: o.code):
            own = [f for f in findings if f.organization_id == org.id]
            if not own:
                continue
            papers = with_sections(
                self._on_paper(own, plans, sessions, notice_dates),
                self.catalog,
                sessions,
                self.doc_lang,
            )
            if edition is FollowupEdition.PUBLIC:
                papers = tuple(public_paper(p, secrets, self.doc_lang) for p in papers)
            dates = sorted({p.visit_date for p in papers if p.visit_date is not None})
            groups.append(
                FollowupGroup(
                    organization=org,
                    findings=papers,
                    visit_dates=tuple(dates),
                    not_independent=any(p.not_independent for p in papers),
                    division=self._division(org),
                )
            )
        visits = [d for g in groups for d in g.visit_dates]
        form = load_form("followup", self.doc_lang, self.forms_dirs)
        return FollowupData(
            doc_id=new_doc_id(DocumentKind.FOLLOWUP, issue_date),
            office=self.office_name(),
            issue_date=issue_date,
            groups=tuple(groups),
            organization=self.organizations[organization_id] if organization_id else None,
            fiscal_year=fiscal_year(min(visits) if visits else issue_date),
            audit_type=audit_type or form.text("audit_type_default"),
            theme=theme or form.text("theme_default"),
            edition=edition,
        )

    def notice_session_ids(self, since: date) -> list[int]:
        """One session per visit (organization, day, inspector) since `since`, oldest first."""
        seen: set[tuple[int, date, str | None]] = set()
        result = []
        for s in sorted(self.repo.sessions(), key=lambda s: (s.session_date, s.id)):
            if s.kind is not SessionKind.INSPECTION or s.session_date < since:
                continue
            if not s.is_completed:
                continue
            key = (s.organization_id, s.session_date, s.inspector_name)
            if key not in seen:
                seen.add(key)
                result.append(s.id)
        return result

    # -- the plans listing ----------------------------------------------------------------

    def plan_rows(self, flt: PlanFilter, today: date) -> list[PlanRow]:
        """Plans across organizations, filtered and sorted by deadline."""
        sessions = self._sessions_by_id()
        pairs = filter_plans(self.findings.plans_with_findings(), flt, today)
        rows = []
        for finding, plan in pairs:
            session = sessions.get(finding.session_id) if finding.session_id else None
            rows.append(
                PlanRow(
                    finding=finding,
                    plan=plan,
                    organization=self.organizations[plan.responsible_organization_id],
                    overdue=plan.is_overdue(today),
                    days_left=plan.days_left(today),
                    not_independent=bool(session and session.not_independent),
                )
            )
        return rows

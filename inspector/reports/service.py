"""Gather a document's content from the repositories, build, sign, write and record it.

The thin layer between the faces (CLI, TUI) and the builders. It takes the repositories
as plain objects (anything with the methods named in the protocols below), so this package
does not import the store. Every function is synchronous and safe to call from a worker
thread; nothing is written until the signed bytes exist, and the file appears by rename.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.documents import (
    ChecklistCounts,
    DocumentData,
    DocumentKind,
    FindingOnPaper,
    FollowupData,
    FollowupEdition,
    FollowupGroup,
    NoticeData,
    PlanFormData,
    checklist_counts,
    content_hash,
    new_doc_id,
)
from inspector.domain.findings import (
    Finding,
    FindingKind,
    ImprovementPlan,
    PlanFilter,
    filter_plans,
)
from inspector.domain.model import InspectionSession, Organization, SessionKind
from inspector.i18n import Message, Translator
from inspector.output_files import OutputGuard
from inspector.reports.followup import build_followup
from inspector.reports.forms import load_form
from inspector.reports.keys import DEFAULT_OFFICE, Identity
from inspector.reports.layout_common import RenderedPdf
from inspector.reports.notice import build_notice
from inspector.reports.notice_rules import (
    IssueRefused,
    Numbering,
    NumberTaken,
    check_notice_signer,
    check_reply_by,
    default_reply_by,
    named_inspector,
    office_head,
    root_sha256,
    still_numbered,
    with_requested_deadlines,
)
from inspector.reports.plan_form import build_plan_form
from inspector.reports.service_types import (
    DocumentProblem,
    FindingsLike,
    IssuedFile,
    PlanRow,
    RepositoryLike,
)
from inspector.reports.signing import sign_pdf

# How often a notice is numbered again when other processes take its number meanwhile.
NUMBERING_ROUNDS = 8


class DocumentService:
    """Documents for one database, in one language."""

    def __init__(
        self,
        repo: RepositoryLike,
        findings: FindingsLike,
        catalog: ChecklistCatalog,
        *,
        lang: str = "ja",
        forms_dirs: Sequence[Path] = (),
        user: str = "inspector",
        inspector_name: str | None = None,
        municipality: str | None = None,
        office: str | None = None,
        title: str | None = None,
        office_head: str | None = None,
        office_head_title: str | None = None,
    ) -> None:
        self.repo = repo
        self.findings = findings
        self.catalog = catalog
        self.lang = lang
        self.forms_dirs = list(forms_dirs)
        self.user = user
        # who the documents name (settings); the login name `user` is never printed
        self.inspector_name = inspector_name
        self.municipality = municipality or ""
        self.office = office
        self.title = title or ""
        self.office_head = office_head
        self.office_head_title = office_head_title or ""
        self._orgs: dict[int, Organization] | None = None

    # -- lookups --------------------------------------------------------------------------

    @property
    def organizations(self) -> dict[int, Organization]:
        if self._orgs is None:
            self._orgs = {o.id: o for o in self.repo.organizations()}
        return self._orgs

    def organization_by_code(self, code: str) -> Organization:
        for org in self.organizations.values():
            if org.code == code or org.name == code:
                return org
        raise LookupError(Message("more.cards.unknown_organization", name=code))

    def _division(self, org: Organization) -> Organization | None:
        return self.organizations.get(org.parent_id) if org.parent_id is not None else None

    def office_name(self, session: InspectionSession | None = None) -> str:
        if self.office:
            return self.office
        if session is not None and session.inspector_organization_id in self.organizations:
            return self.organizations[session.inspector_organization_id].name
        for org in self.organizations.values():
            if "audit_office" in org.tags:
                return org.name
        return DEFAULT_OFFICE if self.lang == "ja" else "Audit Office"

    def _item_refs(
        self, finding: Finding, session: InspectionSession | None
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(short references, item texts): 「c-01（台帳と照合）」 names the item by its id and
        its checklist section; the item's full text is the norm, which the notice does not
        repeat next to the finding that states the deficiency."""
        if session is None or session.checklist_id not in self.catalog:
            return finding.items, ()
        checklist = self.catalog.get(session.checklist_id)
        sections = {s.id: s.title.get(self.lang) for s in checklist.sections}
        labels, texts = [], []
        for item_id in finding.items:
            if not checklist.has_item(item_id):
                labels.append(item_id)
                continue
            item = checklist.item(item_id)
            texts.append(item.text.get(self.lang))
            section = sections.get(item.section, "")
            if not section:
                labels.append(item_id)
            elif self.lang == "ja":
                labels.append(f"{item_id}（{section}）")
            else:
                labels.append(f"{item_id} ({section})")
        return tuple(labels), tuple(texts)

    def _sessions_by_id(self) -> dict[int, InspectionSession]:
        return {s.id: s for s in self.repo.sessions()}

    def _on_paper(
        self,
        findings: Iterable[Finding],
        plans: dict[int, list[ImprovementPlan]],
        sessions: dict[int, InspectionSession],
    ) -> tuple[FindingOnPaper, ...]:
        result = []
        for f in findings:
            session = sessions.get(f.session_id) if f.session_id is not None else None
            labels, texts = self._item_refs(f, session)
            result.append(
                FindingOnPaper(
                    finding=f,
                    plans=tuple(sorted(plans.get(f.id, []), key=lambda p: (p.deadline, p.id))),
                    item_labels=labels,
                    item_texts=texts,
                    visit_date=session.session_date if session else None,
                    not_independent=bool(session and session.not_independent),
                )
            )
        return tuple(result)

    def _plans_by_finding(
        self, organization_id: int | None = None
    ) -> dict[int, list[ImprovementPlan]]:
        plans: dict[int, list[ImprovementPlan]] = {}
        for finding, plan in self.findings.plans_with_findings(organization_id):
            plans.setdefault(finding.id, []).append(plan)
        return plans

    # -- gathering ------------------------------------------------------------------------

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
                    checklist_counts(self.catalog.get(s.checklist_id), answers, org.tags, self.lang)
                )
            findings.extend(self.findings.findings(session_id=s.id))
        plans = {f.id: self.findings.plans_for(f.id) for f in findings}
        sessions = {s.id: s for s in visit}
        form = load_form("notice", self.lang, self.forms_dirs)
        inspector = named_inspector(session.inspector_name, self.inspector_name, self.lang)
        default_due = default_reply_by(issue_date, form)
        if reply_by is not None:
            check_reply_by(reply_by, issue_date, self.lang)
        return NoticeData(
            doc_id=new_doc_id(DocumentKind.NOTICE, issue_date),
            organization=org,
            division=self._division(org),
            office=self.office_name(session),
            inspector=inspector,
            visit_date=session.session_date,
            issue_date=issue_date,
            reply_by=reply_by or default_due,
            counts=tuple(counts),
            findings=with_requested_deadlines(
                self._on_paper(findings, plans, sessions), issue_date, default_due, self.lang
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
        return PlanFormData(
            doc_id=new_doc_id(DocumentKind.PLAN_FORM, issue_date),
            organization=org,
            division=self._division(org),
            office=self.office_name(),
            issue_date=issue_date,
            findings=self._on_paper(findings, self._plans_by_finding(), self._sessions_by_id()),
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
        plans = self._plans_by_finding()
        findings = self.findings.findings(organization_id=organization_id)
        groups = []
        for org in sorted(self.organizations.values(), key=lambda o: o.code):
            own = [f for f in findings if f.organization_id == org.id]
            if not own:
                continue
            papers = with_sections(
                self._on_paper(own, plans, sessions), self.catalog, sessions, self.lang
            )
            if edition is FollowupEdition.PUBLIC:
                papers = tuple(public_paper(p, secrets, self.lang) for p in papers)
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
        form = load_form("followup", self.lang, self.forms_dirs)
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

    # -- building and issuing -------------------------------------------------------------

    def build(
        self,
        data: DocumentData,
        *,
        invariant: bool = False,
        draft: bool = False,
        root_fingerprint: str | None = None,
    ) -> RenderedPdf:
        """`draft`: a notice marked 案, without number, QR or signature block."""
        if isinstance(data, NoticeData):
            return build_notice(
                data,
                lang=self.lang,
                forms_dirs=self.forms_dirs,
                invariant=invariant,
                draft=draft,
                root_fingerprint=root_fingerprint,
            )
        if isinstance(data, PlanFormData):
            return build_plan_form(
                data, lang=self.lang, forms_dirs=self.forms_dirs, invariant=invariant
            )
        return build_followup(data, lang=self.lang, forms_dirs=self.forms_dirs, invariant=invariant)

    def issue(
        self,
        data: DocumentData,
        out: Path,
        identity: Identity | None,
        *,
        record: bool = True,
        guard: OutputGuard | None = None,
        numbering: Numbering | None = None,
        root_fingerprint: str | None = None,
    ) -> IssuedFile:
        """Build, sign (unless `identity` is None: a draft), write atomically under `guard`'s
        rules (default: never over an existing file), record (with `numbering`, the notice's
        文書番号)."""
        kind = (
            DocumentKind.NOTICE
            if isinstance(data, NoticeData)
            else DocumentKind.PLAN_FORM
            if isinstance(data, PlanFormData)
            else DocumentKind.FOLLOWUP
        )
        if identity is not None and isinstance(data, NoticeData):
            check_notice_signer(data, identity.name, self.lang)
        if identity is not None and isinstance(data, PlanFormData):
            raise IssueRefused(
                Translator(self.lang)("documents_signer.plan_form_signer", tried=identity.name)
            )
        out = out.expanduser()
        # Recorded while the file is still the temporary one: a failed record leaves
        # nothing at `out`. A notice's number is checked again in the transaction that
        # records it; taken meanwhile by another process, the notice is numbered, built and
        # signed again (each round means another notice was recorded).
        with (guard or OutputGuard()).temporary(out, mode=0o644) as tmp:
            for _round in range(NUMBERING_ROUNDS):
                rendered, payload = self._rendered(data, identity, kind, root_fingerprint)
                digest = content_hash(data)
                tmp.write_bytes(payload)
                if not record:
                    break
                try:
                    self._record(data, kind, digest, payload, out, identity, numbering)
                    break
                except NumberTaken as taken:
                    data, numbering = taken.data, taken.numbering
            else:
                raise IssueRefused(Translator(self.lang)("document_numbers.kept_taken"))
        return IssuedFile(out, data.doc_id, kind, digest, identity is not None, rendered.pages)

    def _rendered(
        self,
        data: DocumentData,
        identity: Identity | None,
        kind: DocumentKind,
        root_fingerprint: str | None,
    ) -> tuple[RenderedPdf, bytes]:
        rendered = self.build(
            data,
            draft=identity is None and isinstance(data, NoticeData),
            root_fingerprint=root_fingerprint
            or (root_sha256(identity.root) if identity is not None else None),
        )
        if identity is None:
            return rendered, rendered.data
        reason = load_form(kind.value, self.lang, self.forms_dirs).title
        return rendered, sign_pdf(rendered, identity, lang=self.lang, reason=reason)

    def _record(
        self,
        data: DocumentData,
        kind: DocumentKind,
        digest: str,
        payload: bytes,
        out: Path,
        identity: Identity | None,
        numbering: Numbering | None,
    ) -> None:
        session_id = data.session_ids[0] if isinstance(data, NoticeData) else None
        organization = (
            data.organization.id
            if isinstance(data, NoticeData | PlanFormData)
            else data.organization.id
            if data.organization
            else None
        )
        check = None
        if numbering is not None and isinstance(data, NoticeData):
            check = still_numbered(data, numbering, load_form("notice", self.lang, self.forms_dirs))
        self.findings.record_document(
            doc_id=data.doc_id,
            kind=kind.value,
            content_hash=digest,
            issued_by=self.user,
            session_id=session_id,
            organization_id=organization,
            signer=identity.name if identity else None,
            file_sha256=hashlib.sha256(payload).hexdigest(),
            path=str(out.resolve()),
            number=(
                (numbering.number, numbering.fiscal_year, numbering.serial) if numbering else None
            ),
            reissue_of=numbering.reissue_of if numbering else None,
            check=check,
        )

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


__all__ = [
    "DocumentProblem",
    "DocumentService",
    "FindingKind",
    "IssuedFile",
    "PlanRow",
]

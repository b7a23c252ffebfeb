"""The document service's lookups: the organizations of the roster, the office that
sends, and a finding as it goes on paper (its checklist items, plans and visit).

`DocumentService` (reports/service.py) is this, the gathering of each document's content
(reports/gathering.py) and the building, signing and recording (reports/issuing.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from pathlib import Path

from inspector.domain.business_days import japan_today
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.documents import FindingOnPaper
from inspector.domain.findings import Finding, ImprovementPlan, norm_texts
from inspector.domain.model import InspectionSession, Organization
from inspector.i18n import Message
from inspector.reports.keys import DEFAULT_OFFICE
from inspector.reports.number_ledger import (
    LedgerEntry,
    LedgerProblem,
    check_entries,
    entries_of,
    forgotten,
    ledger_formats,
    ledger_path,
    read_ledger,
)
from inspector.reports.service_types import FindingsLike, RepositoryLike


def issued_day(when: object) -> date:
    """The day a recorded document was issued, in Japan."""
    return japan_today(when) if isinstance(when, datetime) else date.fromisoformat(str(when)[:10])


class DocumentBase:
    """Documents for one database, in one language: what every document looks up."""

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
        doc_lang: str = "ja",
        keys_dir: Path | None = None,
    ) -> None:
        """`lang`: the messages'; `doc_lang`: the documents' own (Japanese unless asked,
        whatever the interface's language, docs9). `keys_dir`: where the ledger of the
        numbers issued is kept (`number_ledger`); None: none consulted or kept."""
        self.repo = repo
        self.findings = findings
        self.catalog = catalog
        self.lang = lang
        self.doc_lang = doc_lang
        self.keys_dir = keys_dir
        self._ledger: list[LedgerEntry] | None = None
        self._uids: dict[str, int] | None = None
        self.ledger_problem: str | None = None  # the ledger could not be written: why
        # lines of the ledger skipped as not trusted (rem10 D5): where, why
        self.ledger_problems: list[LedgerProblem] = []
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

    def forgotten_numbers(self, kind: str, documents: Sequence[object]) -> list[LedgerEntry]:
        """The documents of `kind` the ledger of the keys folder knows were issued from
        this database's history and the register (`documents`) does not record: a
        database restored from a backup (`number_ledger`). The sessions are read only when
        the ledger names a document the register does not know."""
        if self.keys_dir is None:
            return []
        candidates = forgotten(self._read_ledger(), kind, documents)
        if not candidates:
            return []
        if self._uids is None:
            self._uids = {s.uid: s.id for s in self.repo.sessions()}
        return entries_of(candidates, self._uids)

    def ledger_language(self, doc_id: str | None) -> str:
        """The language the ledger records for `doc_id`; Japanese when it has none (a
        document issued before the ledger: the default)."""
        found = next((e for e in self._read_ledger() if e.doc_id == doc_id), None)
        return found.lang if found is not None else "ja"

    def _read_ledger(self) -> list[LedgerEntry]:
        """The ledger's lines that are trusted: one whose number is not what its kind, fiscal
        year and serial format to (or with a control character) is skipped, said in
        `ledger_problems` (rem10 D5); read once."""
        if self._ledger is None:
            self.ledger_problems = []
            entries = read_ledger(self.keys_dir, self.ledger_problems, lang=self.lang)
            if self.keys_dir is not None and entries:
                formats = ledger_formats(self.forms_dirs, ("notice", "followup", "reminder"))
                path = ledger_path(self.keys_dir)
                entries = check_entries(entries, formats, path, self.ledger_problems)
            self._ledger = entries
        return self._ledger

    def forget_lookups(self) -> None:
        """The next lookup reads the database again (what was read before may be stale)."""
        self._orgs = None

    def organization_by_code(self, code: str) -> Organization:
        for org in self.organizations.values():
            if org.code == code or org.name == code:
                return org
        raise LookupError(Message("more.cards.unknown_organization", name=code))

    def _division(self, org: Organization) -> Organization | None:
        return self.organizations.get(org.parent_id) if org.parent_id is not None else None

    def office_name(self, session: InspectionSession | None = None) -> str:
        """The office that sends the documents: the configured one, else the roster's audit
        office. Never the inspector's own division, even on a visit where the inspector
        belongs to the audited organization (not independent): the office still sends it
        (`session` is kept for the callers)."""
        del session
        if self.office:
            return self.office
        for org in self.organizations.values():
            if "audit_office" in org.tags:
                return org.name
        return DEFAULT_OFFICE if self.doc_lang == "ja" else "Audit Office"

    def _item_refs(
        self, finding: Finding, session: InspectionSession | None
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(short references, item texts): 「c-01（台帳と照合）」 names the item by its id and
        its checklist section; the item's full text is the norm, which the notice does not
        repeat next to the finding that states the deficiency. The texts are given in every
        language the item has: a finding is written from the text the inspector saw (in
        Japanese, whatever language the document is printed in)."""
        if session is None or session.checklist_id not in self.catalog:
            return finding.items, ()
        checklist = self.catalog.get(session.checklist_id)
        sections = {s.id: s.title.get(self.doc_lang) for s in checklist.sections}
        labels, texts = [], []
        for item_id in finding.items:
            if not checklist.has_item(item_id):
                labels.append(item_id)
                continue
            item = checklist.item(item_id)
            texts += [t for t in norm_texts(checklist, item) if t not in texts]
            section = sections.get(item.section, "")
            if not section:
                labels.append(item_id)
            elif self.doc_lang == "ja":
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
        notice_dates: dict[int, date] | None = None,
    ) -> tuple[FindingOnPaper, ...]:
        """`notice_dates`: session id → the day the notice of its visit was issued (the
        plan form and the follow-up flag a plan deadline before it)."""
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
                    notice_date=(notice_dates or {}).get(f.session_id or 0),
                )
            )
        return tuple(result)

    def _notice_dates(self, sessions: dict[int, InspectionSession]) -> dict[int, date]:
        """Session id → the day (in Japan) the latest notice of its visit was issued: a
        notice is recorded on its visit's first session and covers the visit (organization,
        day, inspector); a re-issue counts, as it replaces the original."""
        by_visit: dict[tuple[int, date, str | None], date] = {}
        for d in self.findings.documents():
            first = sessions.get(d.session_id) if d.session_id is not None else None
            if d.kind != "notice" or first is None:
                continue
            key = (first.organization_id, first.session_date, first.inspector_name)
            day = issued_day(d.issued_at)
            by_visit[key] = max(day, by_visit.get(key, day))
        return {
            sid: by_visit[key]
            for sid, s in sessions.items()
            if (key := (s.organization_id, s.session_date, s.inspector_name)) in by_visit
        }

    def _plans_by_finding(
        self, organization_id: int | None = None
    ) -> dict[int, list[ImprovementPlan]]:
        plans: dict[int, list[ImprovementPlan]] = {}
        for finding, plan in self.findings.plans_with_findings(organization_id):
            plans.setdefault(finding.id, []).append(plan)
        return plans

"""What the printed documents say, as plain data, and its canonical content hash.

The findings notice (監査結果通知書), the improvement plan form (改善計画書) and the
follow-up report (措置状況報告) are each described by a frozen dataclass gathered from the
repositories. `content_hash` is the SHA-256 of the canonical JSON of that content
(sorted keys, UTF-8, no whitespace): it goes into the QR code and the database, so a
printed copy can be checked against what was issued.
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from urllib.parse import quote, unquote

from inspector.domain.checklist import Checklist
from inspector.domain.findings import Finding, ImprovementPlan
from inspector.domain.model import Organization


class DocumentKind(StrEnum):
    NOTICE = "notice"  # 監査結果通知書
    PLAN_FORM = "plan_form"  # 改善計画書
    FOLLOWUP = "followup"  # 措置状況報告
    REMINDER = "reminder"  # 督促状 (office9b)


_PREFIX = {
    DocumentKind.NOTICE: "N",
    DocumentKind.PLAN_FORM: "P",
    DocumentKind.FOLLOWUP: "F",
    DocumentKind.REMINDER: "R",
}


def new_doc_id(kind: DocumentKind, day: date) -> str:
    """A unique, readable document id such as N-20250331-3f2a9c1d."""
    return f"{_PREFIX[kind]}-{day:%Y%m%d}-{uuid.uuid4().hex[:8]}"


def kind_of_doc_id(doc_id: str) -> DocumentKind | None:
    """The kind a document id names by its prefix (`new_doc_id`); None: no kind inspector
    issues. The id is in the signed payload, so the kind read from it is signed too."""
    prefix, _, _rest = doc_id.partition("-")
    return next((kind for kind, p in _PREFIX.items() if p == prefix and _rest), None)


@dataclass(frozen=True)
class ChecklistCounts:
    """How one checklist was answered in a visit."""

    checklist_id: str
    title: str
    applicable: int
    answered: int
    compliant: int
    noncompliant: int
    not_applicable: int

    @property
    def unanswered(self) -> int:
        return self.applicable - self.answered


def checklist_counts(
    checklist: Checklist,
    answers: Mapping[str, str | None],
    org_tags: frozenset[str] | set[str],
    lang: str = "ja",
) -> ChecklistCounts:
    items = checklist.applicable_items(answers, org_tags)
    values = [answers.get(i.id) for i in items]
    # Compliance and yes/no items are judged (`Checklist.is_broken`, the one rule): a
    # hearing "yes" is as broken on paper as a "noncompliant".
    judged = [
        (i, answers.get(i.id))
        for i in items
        if checklist.broken_value(i) is not None and answers.get(i.id) is not None
    ]
    return ChecklistCounts(
        checklist_id=checklist.id,
        title=checklist.title.get(lang),
        applicable=len(items),
        answered=sum(1 for v in values if v is not None),
        compliant=sum(
            1 for i, v in judged if v != "not_applicable" and not checklist.is_broken(i, v)
        ),
        noncompliant=sum(1 for i, v in judged if checklist.is_broken(i, v)),
        not_applicable=sum(1 for _i, v in judged if v == "not_applicable"),
    )


@dataclass(frozen=True)
class FindingOnPaper:
    """A finding with its plans and the labels of its related checklist items."""

    finding: Finding
    plans: tuple[ImprovementPlan, ...] = ()
    item_labels: tuple[str, ...] = ()
    """Short references to the related items: the id and the checklist section (c-01（台帳と照合）)."""
    item_texts: tuple[str, ...] = ()
    """The related items' own texts (the norm), so that a notice does not print them again as
    the finding's subject."""
    visit_date: date | None = None
    not_independent: bool = False
    # the checklist section (着眼点) the finding's item belongs to, and its place in the
    # catalogue's order: the follow-up report groups findings by it ("" and 0: none)
    section: str = ""
    section_rank: int = 0
    requested_deadline: date | None = None
    """期限 the notice requests (set when the notice is gathered)."""
    notice_date: date | None = None
    """The day the notice of its visit was issued (the plan form and the follow-up report:
    a plan deadline before it is flagged 要確認, `domain.deadlines.plan_deadline_problem`);
    None: not notified yet, or the notice itself."""

    @property
    def deadline(self) -> date | None:
        """The notice's requested deadline, else the earliest plan deadline."""
        if self.requested_deadline is not None:
            return self.requested_deadline
        return min((p.deadline for p in self.plans), default=None)


@dataclass(frozen=True)
class NoticeData:
    """監査結果通知書: one visit (the inspection sessions of one organization on one day)."""

    doc_id: str
    organization: Organization
    office: str
    inspector: str
    visit_date: date
    issue_date: date
    reply_by: date
    counts: tuple[ChecklistCounts, ...]
    findings: tuple[FindingOnPaper, ...]
    division: Organization | None = None
    not_independent: bool = False
    session_ids: tuple[int, ...] = ()
    municipality: str = ""
    title: str = ""
    """The inspector's job title (職名) in the sender block."""
    number: str | None = None
    """文書番号 in the office's style; None for a draft."""
    reissue: bool = False
    """A re-issue of a notice already issued for the visit (再発行, same number)."""
    issuer: str = ""
    """Who issues and signs it when that is not the inspector (the office head), else ''."""
    issuer_title: str = ""

    @property
    def signer_name(self) -> str:
        """The person whose key alone may sign this notice: the one it names as issuer."""
        return self.issuer or self.inspector


@dataclass(frozen=True)
class PlanFormData:
    """改善計画書: one row per finding of one organization."""

    doc_id: str
    organization: Organization
    office: str
    issue_date: date
    findings: tuple[FindingOnPaper, ...]
    division: Organization | None = None
    notices: tuple[tuple[str, date], ...] = ()
    """The notices it answers: (文書番号, date issued), oldest first."""


class FollowupEdition(StrEnum):
    """Who the follow-up report is for: the public (published: no layouts, no key
    locations, no notes) or the office (`--internal`: with the layouts, 取扱注意)."""

    PUBLIC = "public"
    INTERNAL = "internal"


@dataclass(frozen=True)
class FollowupGroup:
    organization: Organization
    findings: tuple[FindingOnPaper, ...]
    visit_dates: tuple[date, ...] = ()
    not_independent: bool = False
    division: Organization | None = None


@dataclass(frozen=True)
class FollowupData:
    """措置状況報告: per finding, every dated measure entry; one organization or all."""

    doc_id: str
    office: str
    issue_date: date
    groups: tuple[FollowupGroup, ...] = field(default_factory=tuple)
    organization: Organization | None = None  # None: every organization
    fiscal_year: int | None = None  # the audit's fiscal year (April to March), by its start
    audit_type: str = ""  # 監査の種類 (行政監査, 情報セキュリティ監査 ...)
    theme: str = ""  # 監査のテーマ
    edition: FollowupEdition = FollowupEdition.PUBLIC
    municipality: str = ""
    number: str | None = None
    """文書番号 in the office's style (み監報第1号); None: not numbered (unsigned)."""
    issuer: str = ""
    """Who issues it (the signer), with the 職名 when configured."""
    issuer_title: str = ""
    copy: bool = False
    """A copy in another language of a report already issued under `number` (rev10 4):
    printed as such beside the number, so the two files are never taken for two reports."""


DocumentData = NoticeData | PlanFormData | FollowupData


# -- canonical content ---------------------------------------------------------------------


def _org(org: Organization | None) -> dict[str, Any] | None:
    return None if org is None else {"code": org.code, "name": org.name}


def _plan(plan: ImprovementPlan) -> dict[str, Any]:
    return {
        "uid": plan.uid,
        "measures": plan.measures,
        "responsible_person": plan.responsible_person,
        "deadline": plan.deadline.isoformat(),
        "entries": [
            {"status": e.status.value, "date": e.entry_date.isoformat(), "text": e.text}
            for e in plan.entries
        ],
    }


def _finding(entry: FindingOnPaper) -> dict[str, Any]:
    f = entry.finding
    section = {"section": entry.section} if entry.section else {}
    return {
        **section,
        "uid": f.uid,
        "kind": f.kind.value,
        "title": f.title,
        "text": f.text,
        "items": list(f.items),
        "requested_measure": f.requested_measure,
        "not_independent": entry.not_independent,
        "visit_date": entry.visit_date.isoformat() if entry.visit_date else None,
        "plans": [_plan(p) for p in entry.plans],
        # only when set: the hashes of documents issued before it existed stay as they were
        **(
            {"requested_deadline": entry.requested_deadline.isoformat()}
            if entry.requested_deadline
            else {}
        ),
        **({"notice_date": entry.notice_date.isoformat()} if entry.notice_date else {}),
    }


def canonical_content(data: DocumentData) -> dict[str, Any]:
    """The content that the hash covers: findings, plans, entries, dates (not the doc id)."""
    if isinstance(data, NoticeData):
        return {
            "kind": DocumentKind.NOTICE.value,
            "organization": _org(data.organization),
            "office": data.office,
            "inspector": data.inspector,
            "visit_date": data.visit_date.isoformat(),
            "issue_date": data.issue_date.isoformat(),
            "reply_by": data.reply_by.isoformat(),
            "not_independent": data.not_independent,
            "counts": [
                {
                    "checklist": c.checklist_id,
                    "applicable": c.applicable,
                    "answered": c.answered,
                    "compliant": c.compliant,
                    "noncompliant": c.noncompliant,
                    "not_applicable": c.not_applicable,
                }
                for c in data.counts
            ],
            "findings": [_finding(f) for f in data.findings],
            **{
                key: value
                for key, value in (
                    ("municipality", data.municipality),
                    ("title", data.title),
                    ("number", data.number),
                    ("reissue", data.reissue),
                    ("issuer", data.issuer),
                    ("issuer_title", data.issuer_title),
                )
                if value
            },
        }
    if isinstance(data, PlanFormData):
        return {
            "kind": DocumentKind.PLAN_FORM.value,
            "organization": _org(data.organization),
            "office": data.office,
            "issue_date": data.issue_date.isoformat(),
            "findings": [_finding(f) for f in data.findings],
        }
    return {
        "kind": DocumentKind.FOLLOWUP.value,
        "organization": _org(data.organization),
        "office": data.office,
        "issue_date": data.issue_date.isoformat(),
        "fiscal_year": data.fiscal_year,
        "audit_type": data.audit_type,
        "theme": data.theme,
        "edition": data.edition.value,
        **({"copy": True} if data.copy else {}),  # absent otherwise: earlier hashes hold
        "groups": [
            {
                "organization": _org(g.organization),
                "division": _org(g.division),
                "visit_dates": [d.isoformat() for d in g.visit_dates],
                "not_independent": g.not_independent,
                "findings": [_finding(f) for f in g.findings],
            }
            for g in data.groups
        ],
    }


def canonical_json(content: Mapping[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode(
        "utf-8"
    )


def content_hash(data: DocumentData) -> str:
    """SHA-256 (hex) of the canonical JSON of the document's content."""
    return hashlib.sha256(canonical_json(canonical_content(data))).hexdigest()


# -- the verification payload (QR code and PDF keywords) -----------------------------------
#
# v2 adds who the document names as its issuer (the person whose key alone may sign it, as
# printed in the sender block), percent-encoded so that the payload stays ASCII in the PDF's
# /Keywords and in the QR code. A verifier without the office database can then compare the
# signer's certificate (chained to the office root) with it; a certificate fingerprint could
# not be: only the database knows whose key a fingerprint is. "issuer=" empty: the document
# names no person (a follow-up report is sent by the office). v1 payloads (documents issued
# before) carry no issuer and still parse.

_PAYLOAD = re.compile(r"^inspector-doc:v1;id=([A-Za-z0-9_.-]+);sha256=([0-9a-f]{64})$")
_PAYLOAD_V2 = re.compile(
    r"^inspector-doc:v2;id=([A-Za-z0-9_.-]+);sha256=([0-9a-f]{64});issuer=([A-Za-z0-9%_.~-]*)$"
)


@dataclass(frozen=True)
class Payload:
    """A parsed verification payload. `issuer` None: a v1 payload, from before the issuer
    was signed; "": the document names no person as its issuer."""

    doc_id: str
    sha256: str
    issuer: str | None = None


def verification_payload(doc_id: str, sha256_hex: str, issuer: str | None = None) -> str:
    """The payload; with `issuer` (a name, or "" for none) the v2 form that signs it too."""
    if issuer is None:
        return f"inspector-doc:v1;id={doc_id};sha256={sha256_hex}"
    return f"inspector-doc:v2;id={doc_id};sha256={sha256_hex};issuer={quote(issuer, safe='')}"


def named_issuer(data: DocumentData) -> str:
    """Whom the document names as its issuer: a notice its signer (the inspector, or the
    office head who issues it); the plan form and the follow-up report name no person."""
    return data.signer_name if isinstance(data, NoticeData) else ""


def document_payload(data: DocumentData, sha256_hex: str) -> str:
    """The payload a document of `data` carries: its id, content hash and named issuer."""
    return verification_payload(data.doc_id, sha256_hex, named_issuer(data))


def read_payload(text: str) -> Payload | None:
    """A payload of either version, or None when `text` is not one."""
    text = text.strip()
    match = _PAYLOAD.match(text)
    if match:
        return Payload(match.group(1), match.group(2))
    match = _PAYLOAD_V2.match(text)
    if match is None:
        return None
    try:
        issuer = unquote(match.group(3), errors="strict")
    except UnicodeDecodeError:
        return None
    return Payload(match.group(1), match.group(2), issuer)


def parse_payload(text: str) -> tuple[str, str] | None:
    """(doc id, sha256) from a payload, or None when it is not one."""
    payload = read_payload(text)
    return (payload.doc_id, payload.sha256) if payload else None


__all__ = [
    "ChecklistCounts",
    "DocumentData",
    "DocumentKind",
    "FindingOnPaper",
    "FollowupData",
    "FollowupEdition",
    "FollowupGroup",
    "NoticeData",
    "Payload",
    "PlanFormData",
    "canonical_content",
    "canonical_json",
    "checklist_counts",
    "content_hash",
    "document_payload",
    "kind_of_doc_id",
    "named_issuer",
    "new_doc_id",
    "parse_payload",
    "read_payload",
    "verification_payload",
]

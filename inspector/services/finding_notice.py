"""Which signed notice a finding is printed on: editing it afterwards makes the issued
notice stale, so the interface says which notice and asks before saving (the notice
must then be re-issued, `report notice --reissue`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inspector.context import AppContext
from inspector.domain.dates import japan_time
from inspector.domain.findings import Finding


@dataclass(frozen=True)
class NoticeOfFinding:
    number: str
    """監第N号 (the document id when the notice has no number)."""
    issued_on: date
    """The day it was issued, in Japan time."""


def notice_of_finding(context: AppContext, finding: Finding) -> NoticeOfFinding | None:
    """The latest notice issued for the finding's visit after the finding was written;
    None when the finding is on no issued notice (a draft is no notice)."""
    from inspector.domain.documents import DocumentKind

    if finding.session_id is None or finding.withdrawn:
        return None
    from inspector.services.documents import document_service

    service = document_service(context)
    session = context.repo.session(finding.session_id)
    visit = {s.id for s in service.visit_sessions(session)}
    issued = [
        d
        for d in context.findings.documents()
        if d.kind == DocumentKind.NOTICE.value
        and d.session_id in visit
        and d.issued_at >= finding.created_at
    ]
    if not issued:
        return None
    last = issued[-1]
    return NoticeOfFinding(last.number or last.doc_id, japan_time(last.issued_at).date())


def check_key_passphrase(context: AppContext, signer: str, passphrase: bytes) -> None:
    """Unlock `signer`'s key once: raises `WrongPassphrase` (reports.keys) for a wrong
    passphrase, so that the interface asks again in place, before any work starts."""
    from inspector.reports.keys import load_identity

    load_identity(context.settings.resolved_keys_dir, signer, passphrase, check=False)


__all__ = ["NoticeOfFinding", "check_key_passphrase", "notice_of_finding"]

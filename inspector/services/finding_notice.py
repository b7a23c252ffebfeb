"""Which signed notice a finding is printed on: editing it afterwards makes the issued
notice stale, so the interface says which notice and asks before saving (the notice
must then be re-issued, `report notice --reissue`).

What the register records of an issued notice (`store/issued_document.py`) is its id,
number, issue time, signer, file hash and the SHA-256 of its canonical content
(`domain.documents.content_hash`, which covers each finding's uid); the PDF's payload
carries only the id, that hash and the issuer. The findings a notice printed are not
stored, so they cannot be read back. But the hash can be re-computed: the visit's notice
gathered as the database holds it now, with the recorded number and the issue day,

- has the recorded hash: the notice is exactly the database's content, and the finding is
  on it when it is among the findings gathered;
- has it once the finding is left out: the finding came after (added, or imported from a
  laptop whose finding is older than the notice), and is on no issued notice.

Otherwise the content has changed since (the notice is stale already, or was issued with
another date or reply date): the finding is taken to be on the latest notice issued after
it was written, by time, as before.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.domain.dates import japan_time
from inspector.domain.findings import Finding

if TYPE_CHECKING:
    from inspector.reports.service import DocumentService
    from inspector.store.issued_document import IssuedDocument


@dataclass(frozen=True)
class NoticeOfFinding:
    number: str
    """監第N号 (the document id when the notice has no number)."""
    issued_on: date
    """The day it was issued, in Japan time."""


def notice_of_finding(context: AppContext, finding: Finding) -> NoticeOfFinding | None:
    """The notice of the finding's visit the finding is printed on (the latest one), by
    its content where the recorded hash tells, else by time (see above); None when the
    finding is on no issued notice (a draft is no notice)."""
    from inspector.domain.documents import DocumentKind

    if finding.session_id is None or finding.withdrawn:
        return None
    from inspector.services.documents import document_service

    service = document_service(context)
    session = context.repo.session(finding.session_id)
    visit = {s.id for s in service.visit_sessions(session)}
    notices = [
        d
        for d in context.findings.documents()
        if d.kind == DocumentKind.NOTICE.value and d.session_id in visit
    ]
    if not notices:
        return None
    on = _on_by_content(service, finding, notices[-1])
    if on is None:  # by time: the latest notice issued after the finding was written
        notices = [d for d in notices if d.issued_at >= finding.created_at]
        on = bool(notices)
    if not on:
        return None
    last = notices[-1]
    return NoticeOfFinding(last.number or last.doc_id, japan_time(last.issued_at).date())


def _on_by_content(
    service: DocumentService, finding: Finding, notice: IssuedDocument
) -> bool | None:
    """Whether `finding` is on `notice` by its content hash: True or False when the visit's
    notice gathered now (with the finding, or without it) has the recorded hash; None when
    neither has (see the module's note)."""
    from inspector.domain.documents import content_hash
    from inspector.reports.errors import ReportProblem

    if notice.session_id is None:
        return None
    try:
        data = service.notice_data(
            notice.session_id, issue_date=japan_time(notice.issued_at).date()
        )
    except ReportProblem:  # no notice can be gathered now (a form or the settings)
        return None
    data = replace(data, number=notice.number, reissue=notice.reissue_of is not None)
    if content_hash(data) == notice.content_hash:
        return any(p.finding.uid == finding.uid for p in data.findings)
    others = tuple(p for p in data.findings if p.finding.uid != finding.uid)
    if len(others) == len(data.findings):
        return None  # not gathered (another visit's, withdrawn): nothing to leave out
    return False if content_hash(replace(data, findings=others)) == notice.content_hash else None


def check_key_passphrase(context: AppContext, signer: str, passphrase: bytes) -> None:
    """Unlock `signer`'s key once: raises `WrongPassphrase` (reports.keys) for a wrong
    passphrase, so that the interface asks again in place, before any work starts."""
    from inspector.reports.keys import load_identity

    load_identity(context.settings.resolved_keys_dir, signer, passphrase, check=False)


__all__ = ["NoticeOfFinding", "check_key_passphrase", "notice_of_finding"]

"""Build, sign, write and record a document: nothing is written until the signed bytes
exist, the file appears by rename, and a notice's content (gathered again) and number are
checked in the transaction that records it.

The builders of the plan form and the follow-up report, and the signing (pyHanko), load
only when such a document is built or a document signed: a draft notice needs none of
them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import cast

from inspector.domain.documents import (
    DocumentData,
    DocumentKind,
    FollowupData,
    NoticeData,
    PlanFormData,
    content_hash,
)
from inspector.i18n import Translator
from inspector.output_files import OutputGuard
from inspector.reports.forms import load_form
from inspector.reports.keys import Identity
from inspector.reports.layout_common import RenderedPdf
from inspector.reports.notice import build_notice
from inspector.reports.notice_rules import (
    IssueRefused,
    Numbering,
    NumberTaken,
    RecordedDocument,
    SignerMismatch,
    check_notice_signer,
    number_notice,
    root_sha256,
)
from inspector.reports.role_check import check_role_for
from inspector.reports.service_base import DocumentBase
from inspector.reports.service_types import IssuedFile

# How often a notice is numbered (or gathered) again when other processes take its number
# or change its content meanwhile.
NUMBERING_ROUNDS = 8


class ContentChanged(Exception):
    """While the notice was built and signed its content changed in the database (a finding
    withdrawn, added or edited, the inspector renamed): `data` and `numbering` are the
    notice as gathered and numbered again."""

    def __init__(self, data: NoticeData, numbering: Numbering | None) -> None:
        super().__init__(data.doc_id)
        self.data = data
        self.numbering = numbering


class DocumentIssuing(DocumentBase):
    """Build, sign (or not: a draft), write atomically and record."""

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
                lang=self.doc_lang,
                forms_dirs=self.forms_dirs,
                invariant=invariant,
                draft=draft,
                root_fingerprint=root_fingerprint,
            )
        if isinstance(data, PlanFormData):
            from inspector.reports.plan_form import build_plan_form

            return build_plan_form(
                data, lang=self.doc_lang, forms_dirs=self.forms_dirs, invariant=invariant
            )
        from inspector.reports.followup import build_followup

        return build_followup(
            data, lang=self.doc_lang, forms_dirs=self.forms_dirs, invariant=invariant
        )

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
        if identity is not None:  # a key of the wrong role would sign a forgery's twin
            check_role_for(kind, identity.certificate, self.lang)
        if identity is not None and isinstance(data, PlanFormData):
            raise IssueRefused(
                Translator(self.lang)("documents_signer.plan_form_signer", tried=identity.name)
            )
        out = out.expanduser()
        self._check_target(out, kind, numbering if identity is not None else None)
        # Recorded while the file is still the temporary one: a failed record leaves
        # nothing at `out`. A signed notice is gathered again and its number checked in the
        # transaction that records it (gathered before the passphrase was typed, it may be
        # stale): changed or its number taken meanwhile by another process, it is built and
        # signed again as it is now (each round means another process wrote meanwhile);
        # now naming someone other than the signer, it is refused.
        changed = False
        with (guard or OutputGuard()).temporary(out) as tmp:  # 0600, like the database
            for _round in range(NUMBERING_ROUNDS):
                rendered, payload = self._rendered(data, identity, kind, root_fingerprint)
                digest = content_hash(data)
                tmp.write_bytes(payload)
                if not record:
                    break
                try:
                    self._record(data, kind, digest, payload, out, identity, numbering)
                    if numbering is not None:
                        self._keep_number(data, kind, out, numbering)
                    break
                except (NumberTaken, ContentChanged) as taken:
                    changed = isinstance(taken, ContentChanged)
                    data, numbering = taken.data, taken.numbering
                    if identity is not None and isinstance(data, NoticeData):
                        # never signed by someone other than the person it now names
                        self._check_signer_still(data, identity)
            else:
                key = "notice_recheck.kept_changing" if changed else "document_numbers.kept_taken"
                raise IssueRefused(Translator(self.lang)(key))
        return IssuedFile(out, data.doc_id, kind, digest, identity is not None, rendered.pages)

    def _check_target(self, out: Path, kind: DocumentKind, numbering: Numbering | None) -> None:
        """Never over a file the register records as another signed document, --force or
        not (doc10): only a re-issue of it, same number and language, takes its place."""
        from inspector.reports.number_ledger import LedgerUnreadable, ledger_path
        from inspector.reports.registered_files import check_not_over_registered

        try:  # rev10 D2: also the files the ledger names (a restored database)
            ledger = self._read_ledger()
        except LedgerUnreadable:
            if numbering is not None:
                raise  # a signed document's numbers unknown: refused (rev10 D1)
            ledger = []  # a draft is not numbered
        check_not_over_registered(
            self.findings.documents(),
            out,
            kind=kind.value,
            numbering=numbering,
            doc_lang=self.doc_lang,
            language_of=self.ledger_language,
            lang=self.lang,
            ledger=ledger,
            ledger_file=ledger_path(self.keys_dir) if self.keys_dir else None,
        )

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
        from inspector.reports.signing import sign_pdf

        reason = load_form(kind.value, self.doc_lang, self.forms_dirs).title
        return rendered, sign_pdf(rendered, identity, lang=self.doc_lang, reason=reason)

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
        if identity is not None and isinstance(data, NoticeData):
            check = self._still_as_built(data, numbering)
        elif isinstance(data, FollowupData) and numbering is not None:
            check = self._number_still_free(data, numbering)
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

    def _check_signer_still(self, data: NoticeData, identity: Identity) -> None:
        """The notice gathered again names someone else: refused, nothing recorded."""
        try:
            check_notice_signer(data, identity.name, self.lang)
        except SignerMismatch as exc:
            message = Translator(self.lang)(
                "notice_recheck.signer_changed", named=exc.named, tried=exc.tried
            )
            raise SignerMismatch(message, named=exc.named, tried=exc.tried) from None

    def _still_as_built(
        self, data: NoticeData, numbering: Numbering | None
    ) -> Callable[[Sequence[RecordedDocument]], None]:
        """The check run on the register inside the write transaction that records a signed
        notice (`record_document(check=...)`), holding the write lock: the notice gathered
        again has the content that was built and signed, and its number is still the next
        one (or, for a re-issue, still its original's). Raises `ContentChanged` or
        `NumberTaken` with the notice gathered and numbered again, `AlreadyIssued` when
        another process issued the visit's notice meanwhile."""
        form = load_form("notice", self.doc_lang, self.forms_dirs)

        def check(documents: Sequence[RecordedDocument]) -> None:
            fresh = replace(self._gathered_again(data), doc_id=data.doc_id)
            fresh_numbering = None
            if numbering is not None:
                fresh, fresh_numbering = number_notice(
                    fresh,
                    form,
                    documents,
                    reissue=numbering.reissue,
                    forgotten=self.forgotten_numbers(DocumentKind.NOTICE.value, documents),
                    lang=self.lang,
                )
            if content_hash(fresh) != content_hash(data):
                raise ContentChanged(fresh, fresh_numbering)
            if fresh_numbering is not None and fresh_numbering != numbering:
                raise NumberTaken(fresh, fresh_numbering)

        return check

    def _number_still_free(
        self, data: FollowupData, numbering: Numbering
    ) -> Callable[[Sequence[RecordedDocument]], None]:
        """The check run in the write transaction that records a follow-up report: its
        number is still the next one (another report issued meanwhile took it: numbered,
        built and signed again with the next, `NumberTaken`), as for notices (rev8b M2)."""
        from inspector.reports.followup_number import number_followup

        form = load_form("followup", self.doc_lang, self.forms_dirs)

        def check(documents: Sequence[RecordedDocument]) -> None:
            if numbering.reissue_of is not None:  # a copy under its original's number
                return
            lost = self.forgotten_numbers(DocumentKind.FOLLOWUP.value, documents)
            fresh, fresh_numbering = number_followup(data, form, documents, lost)
            if fresh_numbering != numbering:
                raise NumberTaken(fresh, fresh_numbering)

        return check

    def _keep_number(
        self, data: DocumentData, kind: DocumentKind, out: Path, numbering: Numbering
    ) -> None:
        """The number recorded also in the keys folder's ledger (`number_ledger`), which a
        restore of the database does not take back. Best effort: the document is issued and
        recorded by now; a ledger that cannot be written is said, not fatal."""
        if self.keys_dir is None or not (self.keys_dir / "office").is_dir():
            return
        from inspector.reports.number_ledger import LedgerEntry, append_entry

        if isinstance(data, NoticeData):
            ids = data.session_ids
        elif isinstance(data, FollowupData):
            ids = _followup_sessions(data)
        else:
            return  # a plan form has no number
        uids = [self.repo.session(sid).uid for sid in ids[:8]]
        entry = LedgerEntry(
            kind=kind.value,
            number=numbering.number,
            fiscal_year=numbering.fiscal_year,
            serial=numbering.serial,
            doc_id=data.doc_id,
            lang=self.doc_lang,
            sessions=tuple(uids),
            issued=data.issue_date.isoformat(),
            path=str(out.resolve()),
            reissue_of=numbering.reissue_of,
        )
        try:
            append_entry(self.keys_dir, entry)
        except OSError as exc:
            self.ledger_problem = str(exc)

    def _gathered_again(self, data: NoticeData) -> NoticeData:
        """The notice of `data`'s visit as the database holds it now: read afresh, nothing
        carried over from the first gathering (an organization renamed meanwhile counts)."""
        from inspector.reports.gathering import DocumentGathering

        self.forget_lookups()
        gathering = cast(DocumentGathering, self)  # DocumentService is both parts
        return gathering.notice_data(
            data.session_ids[0], issue_date=data.issue_date, reply_by=data.reply_by
        )


def _followup_sessions(data: FollowupData) -> tuple[int, ...]:
    """The sessions of a follow-up report's findings, oldest first (the ledger names a few
    to tell this database's history from another's)."""
    ids = {
        e.finding.session_id
        for g in data.groups
        for e in g.findings
        if e.finding.session_id is not None
    }
    return tuple(sorted(ids))

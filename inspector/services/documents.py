"""Issue a document (`inspector report notice|plans|followup`, the findings screen's `n`),
write the consolidation's summary (`inspector report summary`) and list improvement plans
(`inspector plans`, the plans screen).

reportlab, pyHanko and cryptography load only when a function here runs, so importing this
module at start-up costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.domain.findings import PlanFilter
from inspector.i18n import Translator
from inspector.reports.errors import ReportProblem
from inspector.services.actors import auditor
from inspector.services.document_language import earlier_notice_number, say_ledger

if TYPE_CHECKING:
    from inspector.domain.checklist import Checklist
    from inspector.domain.consolidation import Consolidation
    from inspector.domain.documents import NoticeData
    from inspector.output_files import OutputGuard
    from inspector.reports.keys import Identity
    from inspector.reports.notice_rules import Numbering
    from inspector.reports.service import DocumentData, DocumentService, IssuedFile, PlanRow
    from inspector.store.plain_notice import PlainNoticeStore


class EmptyPassphrase(ReportProblem):
    """A signed document was asked for without a passphrase."""


def document_service(
    ctx: AppContext, plain: PlainNoticeStore | None = None, doc_lang: str = "ja"
) -> DocumentService:
    """The documents service for this run's database, language and forms (CLI and TUI).
    `plain`: a notice's reads and record through `sqlite3` (`store/plain_notice.py`), not
    the ORM's repositories. `doc_lang`: the documents' language, Japanese unless asked --
    the interface's language (`--lang`) only says the messages (walk8 M2)."""
    from inspector.reports.service import DocumentService

    settings = ctx.settings
    return DocumentService(
        plain if plain is not None else ctx.repo,
        plain if plain is not None else ctx.findings,
        ctx.catalog,
        lang=settings.lang,
        forms_dirs=[settings.forms_dir] if settings.forms_dir else [],
        user=auditor(settings),
        inspector_name=settings.inspector_name,
        municipality=settings.municipality,
        office=settings.office,
        title=settings.title,
        office_head=settings.office_head,
        office_head_title=settings.office_head_title,
        doc_lang=doc_lang,
        keys_dir=settings.resolved_keys_dir,
    )


def issue_notice(
    context: AppContext,
    session_id: int,
    out: Path,
    *,
    signer: str | None,
    passphrase: bytes | None,
    issue_date: date,
    step: Callable[[int], None] = lambda _n: None,
    force: bool = False,
    reissue: bool = False,
    doc_lang: str = "ja",
    other_language: bool = False,
    warn: Callable[[str], None] = lambda _m: None,
) -> IssuedFile:
    """Unlock the key, gather, build, sign, write and record the notice (unsigned and not
    recorded when `signer` is None). `warn` hears the number ledger's lines skipped, refused
    or not, and the numbers passed over, in the CLI's words (`say_ledger`, tui13). `step(n)`
    reports each of the four steps (0 key, 1 gather, 2 build, 3 done). Synchronous: the TUI runs it in a worker thread. `force`:
    the user agreed to replace an existing file (never the database, a key or a link).
    Refused before the key is unlocked when the signer is not the inspector the notice
    names, and when the visit has a notice already (unless `reissue`)."""
    from inspector.domain.documents import DocumentKind
    from inspector.reports.keys import load_identity
    from inspector.reports.notice_rules import check_notice_signer
    from inspector.reports.revocation import check_signer
    from inspector.reports.role_check import check_key_role
    from inspector.store.repositories.revocations import all_revocations

    identity = None
    step(0)
    service = document_service(context, doc_lang=doc_lang)
    data = service.notice_data(session_id, issue_date=issue_date)
    if signer is not None:
        check_notice_signer(data, signer, service.lang)
        # the key's role is in its public certificate: said before any passphrase
        check_key_role(
            context.settings.resolved_keys_dir, signer, DocumentKind.NOTICE, service.lang
        )
        try:
            numbered, numbering = _numbered(
                service, [data], reissue=reissue, other_language=other_language
            )[0]
        except Exception:
            say_ledger(service, warn)
            raise
        say_ledger(service, warn, numbering.skipped)
        if not passphrase:
            raise EmptyPassphrase("the passphrase is empty")
        identity = load_identity(context.settings.resolved_keys_dir, signer, passphrase)
        check_signer(context.settings.resolved_keys_dir, identity, all_revocations(context.engine))
        data = numbered
    step(1)
    step(2)
    guard = context.output_guard(force=force)
    if identity is not None:  # a copy in another language never over the original's file
        from inspector.services.document_language import check_copy_target

        check_copy_target(service, numbering, out)
    issued = service.issue(
        data,
        out,
        identity,
        record=identity is not None,
        guard=guard,
        numbering=numbering if identity is not None else None,
        root_fingerprint=_root_fingerprint(context),
    )
    step(3)
    return issued


@dataclass(frozen=True)
class PreparedNotices:
    """Notices gathered (and, for a signer, checked against the inspector each names and
    numbered) before a key is unlocked or a file written: `issue_notices(prepared=...)`
    issues them as they are instead of gathering, checking and numbering again. Each is
    still gathered again, and its number checked, in the transaction that records it
    (changed or its number taken meanwhile by another process, it is built and signed
    again; naming someone other than the signer by then, it is refused)."""

    service: DocumentService
    session_ids: tuple[int, ...]  # as asked for, one per notice
    batch: tuple[NoticeData, ...]
    signer: str | None = None
    numbered: tuple[tuple[NoticeData, Numbering], ...] = ()

    def where(self, keep: Callable[[NoticeData], bool]) -> PreparedNotices:
        """Only the notices `keep` accepts (before a signer is checked)."""
        pairs = [(sid, d) for sid, d in zip(self.session_ids, self.batch, strict=True) if keep(d)]
        return replace(
            self,
            session_ids=tuple(sid for sid, _d in pairs),
            batch=tuple(d for _sid, d in pairs),
            signer=None,
            numbered=(),
        )

    def signed_by(
        self, signer: str, *, reissue: bool = False, other_language: bool = False
    ) -> PreparedNotices:
        """Refused unless every notice names `signer`, and (unless `reissue`) when a visit
        has a notice already, and when a re-issue is in another language than its original
        (unless `other_language`); each notice with its 文書番号."""
        from inspector.reports.notice_rules import check_batch_signer

        check_batch_signer(self.batch, signer, self.service.lang)
        numbered = _numbered(
            self.service, list(self.batch), reissue=reissue, other_language=other_language
        )
        return replace(self, signer=signer, numbered=tuple(numbered))


def gather_notices(
    context: AppContext,
    session_ids: list[int],
    *,
    issue_date: date,
    reply_by: date | None = None,
    plain: PlainNoticeStore | None = None,
    doc_lang: str = "ja",
) -> PreparedNotices:
    """The notice of each visit, gathered once: refused when the inspector's name is unset
    or the deadline is before the notice date (`PreparedNotices.signed_by` checks a
    signer). `plain`: read (and later recorded) through `sqlite3`, not the ORM."""
    service = document_service(context, plain, doc_lang)
    batch = tuple(
        service.notice_data(sid, issue_date=issue_date, reply_by=reply_by) for sid in session_ids
    )
    return PreparedNotices(service, tuple(session_ids), batch)


def preflight_notices(
    context: AppContext,
    session_ids: list[int],
    signer: str | None,
    *,
    issue_date: date,
    reply_by: date | None = None,
    reissue: bool = False,
    doc_lang: str = "ja",
    other_language: bool = False,
) -> list[NoticeData]:
    """Every refusal of a notice batch before a key is unlocked or a file written: the
    inspector's name unset, a deadline before the notice date, a signer who is not the
    named inspector, a visit already issued without `reissue`, a signer's key whose
    certificate (public) has no inspector's role (`role_check.check_key_role`: each named
    inspector's when `signer` is None). Returns the notices' data."""
    from inspector.domain.documents import DocumentKind
    from inspector.reports.role_check import check_key_role

    prepared = gather_notices(
        context, session_ids, issue_date=issue_date, reply_by=reply_by, doc_lang=doc_lang
    )
    if signer is not None:
        prepared.signed_by(signer, reissue=reissue, other_language=other_language)
    keys_dir = context.settings.resolved_keys_dir
    for name in dict.fromkeys([signer] if signer else [d.signer_name for d in prepared.batch]):
        if name:
            check_key_role(keys_dir, name, DocumentKind.NOTICE, prepared.service.lang)
    return list(prepared.batch)


def _root_fingerprint(context: AppContext) -> str | None:
    """The office root's fingerprint, printed on every notice (drafts too, when there is one)."""
    from inspector.reports.keys import KeyProblem, has_root, load_root
    from inspector.reports.notice_rules import root_sha256

    keys_dir = context.settings.resolved_keys_dir
    try:
        return root_sha256(load_root(keys_dir)) if has_root(keys_dir) else None
    except KeyProblem:
        return None


def _numbered(
    service: DocumentService,
    batch: list[NoticeData],
    *,
    reissue: bool,
    other_language: bool = False,
) -> list[tuple[NoticeData, Numbering]]:
    """Each notice with its 文書番号 (or the number it is re-issued under); every refusal
    comes before anything is written: a re-issue in another language than its original
    too, unless `other_language` (--force: a copy under another file name)."""
    from inspector.domain.documents import DocumentKind
    from inspector.reports.forms import load_form
    from inspector.reports.notice_rules import AlreadyIssued, number_notice
    from inspector.services.document_language import same_language

    form = load_form("notice", service.doc_lang, service.forms_dirs)
    documents = service.findings.documents()
    lost = service.forgotten_numbers(DocumentKind.NOTICE.value, documents)
    result: list[tuple[NoticeData, Numbering]] = []
    issued: list[str] = []
    for data in batch:
        taken = [(n.fiscal_year, n.serial) for _d, n in result]
        try:
            numbered = number_notice(
                data, form, documents, reissue=reissue, taken=taken, forgotten=lost,
                lang=service.lang,
            )  # fmt: skip
            if not other_language:
                same_language(service, numbered[1])
            result.append(numbered)
        except AlreadyIssued as exc:
            if len(batch) == 1:
                raise
            issued.append(f"{data.organization.code} {data.visit_date.isoformat()}")
            del exc
    if issued:
        raise AlreadyIssued(
            Translator(service.lang)(
                "documents_signer.already_issued_batch", visits="、".join(issued[:10])
            )
        )
    return result


def _issue(
    service: DocumentService,
    data: DocumentData,
    out: Path,
    identity: Identity | None,
    guard: OutputGuard,
) -> IssuedFile:
    """Build, sign and write; recorded only when signed (a draft is not a document)."""
    return service.issue(data, out, identity, record=identity is not None, guard=guard)


def issue_notices(
    context: AppContext,
    session_ids: list[int],
    place: Callable[[str], Path],
    identity: Identity | None,
    *,
    issue_date: date,
    reply_by: date | None,
    guard: OutputGuard,
    doc_id_in_name: bool = False,
    step: Callable[[int], None] = lambda _n: None,
    reissue: bool = False,
    prepared: PreparedNotices | None = None,
    doc_lang: str = "ja",
    other_language: bool = False,
) -> list[IssuedFile]:
    """The findings notice of each visit (`inspector report notice --session ID | --all`),
    signed by `identity` and recorded (a draft, not recorded, when it is None). `place`
    turns a file name into the path to write; a batch puts the document id in the names.
    `step(n)` after each notice written. Every notice is gathered, its signer checked
    against the inspector it names and its number given before the first is written;
    `prepared`: the notices of `session_ids` as `gather_notices` (and `signed_by`) left
    them, not gathered or numbered again."""
    from inspector.reports.notice_rules import check_batch_signer

    if prepared is None or prepared.session_ids != tuple(session_ids):
        # (prepared for other sessions: gathered again, never issued for the wrong visits)
        prepared = gather_notices(
            context, session_ids, issue_date=issue_date, reply_by=reply_by, doc_lang=doc_lang
        )
    service = prepared.service
    numbered: list[tuple[NoticeData, Numbering | None]]
    if identity is None:
        numbered = [(data, None) for data in prepared.batch]
    elif prepared.signer is None:
        numbered = list(
            prepared.signed_by(
                identity.name, reissue=reissue, other_language=other_language
            ).numbered
        )
    else:
        # the key unlocked is checked against each notice, even when prepared for a name
        check_batch_signer(prepared.batch, identity.name, service.lang)
        numbered = list(prepared.numbered)
    fingerprint = _root_fingerprint(context)
    written: list[IssuedFile] = []
    targets = []
    for data, numbering in numbered:
        name = f"notice_{data.organization.code}_{data.visit_date:%Y%m%d}"
        name += f"_{data.doc_id}" if doc_id_in_name else ""
        name += ("" if service.doc_lang == "ja" else f"_{service.doc_lang}") + ".pdf"
        target = place(name)
        if numbering is not None:  # an English copy never over the Japanese original
            from inspector.services.document_language import check_copy_target

            check_copy_target(service, numbering, target)
        targets.append(target)
    for (data, numbering), target in zip(numbered, targets, strict=True):
        written.append(
            service.issue(
                data,
                target,
                identity,
                record=identity is not None,
                guard=guard,
                numbering=numbering,
                root_fingerprint=fingerprint,
            )
        )
        step(len(written))
    return written


def issue_plan_form(
    context: AppContext,
    organization_id: int,
    out: Path,
    identity: Identity | None,
    *,
    issue_date: date,
    guard: OutputGuard,
    doc_lang: str = "ja",
) -> IssuedFile:
    """The improvement plan form of one organization (`inspector report plans`): the
    department's form to fill in, never signed with an inspector's key (refused)."""
    service = document_service(context, doc_lang=doc_lang)
    data = service.plan_form_data(organization_id, issue_date=issue_date)
    return service.issue(data, out, identity, record=False, guard=guard)


def issue_followup(
    context: AppContext,
    organization_id: int | None,
    out: Path,
    identity: Identity | None,
    *,
    issue_date: date,
    guard: OutputGuard,
    internal: bool = False,
    audit_type: str | None = None,
    theme: str | None = None,
    doc_lang: str = "ja",
    warn: Callable[[str], None] = lambda _m: None,
    other_language: bool = False,
) -> IssuedFile:
    """The follow-up report of one organization or of all (`inspector report followup`):
    the public edition, or with `internal` the office's (layouts, key locations, 取扱注意).
    The public edition masks every key location of the backup register. In another
    language than the report last issued for it this fiscal year: refused, or with
    `other_language` (--force) a copy under its number (`followup_language`)."""
    from inspector.domain.documents import FollowupEdition

    service = document_service(context, doc_lang=doc_lang)
    secrets = [storage.key_location for storage in context.site.storages(organization_id)]
    data = service.followup_data(
        organization_id,
        issue_date=issue_date,
        edition=FollowupEdition.INTERNAL if internal else FollowupEdition.PUBLIC,
        audit_type=audit_type,
        theme=theme,
        secrets=secrets,
        issuer=identity.name if identity is not None else "",
    )
    if identity is None:  # a draft: no number, not recorded
        return _issue(service, data, out, identity, guard)
    from inspector.services.followup_language import number_followup_report

    data, numbering = number_followup_report(
        service, data, other_language=other_language, warn=warn
    )
    return service.issue(data, out, identity, record=True, guard=guard, numbering=numbering)


def write_summary(
    context: AppContext,
    checklist: Checklist,
    result: Consolidation,
    out: Path,
    *,
    scope: str,
    guard: OutputGuard,
) -> Path:
    """The consolidation as a PDF with bar charts (`inspector report summary`)."""
    from inspector.reports.summary import render_summary

    data = render_summary(
        checklist,
        result,
        lang=context.settings.lang,
        scope=scope_names(context, scope),
        office=summary_sender(context),
    )
    return guard.write(out, data)  # 0600: findings and counts, like the database


def summary_sender(context: AppContext) -> str:
    """The sender of the summary: the settings' municipality and office when set, else the
    audit office of the roster."""
    settings = context.settings
    municipality = str(getattr(settings, "municipality", "") or "")
    office = str(getattr(settings, "office", "") or "")
    if not office:
        office = document_service(context).office_name()
    return "　".join(part for part in (municipality, office) if part)


def scope_names(context: AppContext, scope: str) -> str:
    """Organization codes as the roster names them (the reader does not know the codes)."""
    if not scope:
        return ""
    service = document_service(context)
    names = []
    for code in scope.split():
        try:
            names.append(service.organization_by_code(code).name)
        except LookupError:
            names.append(code)
    return "、".join(names)


def plan_rows(context: AppContext, flt: PlanFilter, today: date) -> list[PlanRow]:
    """Plans across organizations, filtered and sorted by deadline."""
    from inspector.services.plan_list import plan_rows as rows  # no PDF library loaded

    return rows(context, flt, today)


__all__ = [
    "EmptyPassphrase",
    "PreparedNotices",
    "document_service",
    "earlier_notice_number",
    "gather_notices",
    "issue_followup",
    "issue_notice",
    "issue_notices",
    "issue_plan_form",
    "plan_rows",
    "preflight_notices",
    "scope_names",
    "summary_sender",
    "write_summary",
]

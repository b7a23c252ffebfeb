"""Issue a document (`inspector report notice|plans|followup`, the findings screen's `n`),
write the consolidation's summary (`inspector report summary`) and list improvement plans
(`inspector plans`, the plans screen).

reportlab, pyHanko and cryptography load only when a function here runs, so importing this
module at start-up costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.domain.findings import PlanFilter
from inspector.reports.errors import ReportProblem

if TYPE_CHECKING:
    from inspector.domain.checklist import Checklist
    from inspector.domain.consolidation import Consolidation
    from inspector.output_files import OutputGuard
    from inspector.reports.keys import Identity
    from inspector.reports.service import DocumentData, DocumentService, IssuedFile, PlanRow


class EmptyPassphrase(ReportProblem):
    """A signed document was asked for without a passphrase."""


def document_service(ctx: AppContext) -> DocumentService:
    """The documents service for this run's database, language and forms (CLI and TUI)."""
    from inspector.reports.service import DocumentService

    settings = ctx.settings
    return DocumentService(
        ctx.repo,
        ctx.findings,
        ctx.catalog,
        lang=settings.lang,
        forms_dirs=[settings.forms_dir] if settings.forms_dir else [],
        user=settings.user,
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
) -> IssuedFile:
    """Unlock the key, gather, build, sign, write and record the notice (unsigned and not
    recorded when `signer` is None). `step(n)` reports each of the four steps (0 key,
    1 gather, 2 build, 3 done). Synchronous: the TUI runs it in a worker thread. `force`:
    the user agreed to replace an existing file (never the database, a key or a link)."""
    from inspector.reports.keys import load_identity
    from inspector.reports.revocation import check_signer
    from inspector.store.repositories.revocations import all_revocations

    identity = None
    step(0)
    if signer is not None:
        if not passphrase:
            raise EmptyPassphrase("the passphrase is empty")
        identity = load_identity(context.settings.resolved_keys_dir, signer, passphrase)
        check_signer(context.settings.resolved_keys_dir, identity, all_revocations(context.engine))
    step(1)
    service = document_service(context)
    data = service.notice_data(session_id, issue_date=issue_date)
    step(2)
    guard = context.output_guard(force=force)
    issued = service.issue(data, out, identity, record=identity is not None, guard=guard)
    step(3)
    return issued


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
) -> list[IssuedFile]:
    """The findings notice of each visit (`inspector report notice --session ID | --all`),
    signed by `identity` and recorded (a draft, not recorded, when it is None). `place`
    turns a file name into the path to write; a batch puts the document id in the names.
    `step(n)` after each notice written."""
    service = document_service(context)
    written: list[IssuedFile] = []
    for sid in session_ids:
        data = service.notice_data(sid, issue_date=issue_date, reply_by=reply_by)
        name = f"notice_{data.organization.code}_{data.visit_date:%Y%m%d}"
        name += f"_{data.doc_id}.pdf" if doc_id_in_name else ".pdf"
        written.append(_issue(service, data, place(name), identity, guard))
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
) -> IssuedFile:
    """The improvement plan form of one organization (`inspector report plans`)."""
    service = document_service(context)
    data = service.plan_form_data(organization_id, issue_date=issue_date)
    return _issue(service, data, out, identity, guard)


def issue_followup(
    context: AppContext,
    organization_id: int | None,
    out: Path,
    identity: Identity | None,
    *,
    issue_date: date,
    guard: OutputGuard,
) -> IssuedFile:
    """The follow-up report of one organization or of all (`inspector report followup`)."""
    service = document_service(context)
    data = service.followup_data(organization_id, issue_date=issue_date)
    return _issue(service, data, out, identity, guard)


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
    return guard.write(out, data, mode=0o644)


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
    return document_service(context).plan_rows(flt, today)


__all__ = [
    "EmptyPassphrase",
    "document_service",
    "issue_followup",
    "issue_notice",
    "issue_notices",
    "issue_plan_form",
    "plan_rows",
    "scope_names",
    "summary_sender",
    "write_summary",
]

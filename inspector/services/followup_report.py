"""The follow-up report (措置状況報告) from the interface: what `inspector report followup`
does, with the signer's passphrase given rather than read from a file or a prompt.

`followup_signers` lists the keys that can sign it (office-role keys only); its date is
checked by `services.issue_day` (the notice's rules, in words naming the report's 発行日);
`issue_followup_report` unlocks the key, refuses a revoked one, then builds, signs,
writes, numbers (監報第N号) and records the report through `documents.issue_followup`,
the CLI's own function."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.output_files import safe_file_name

if TYPE_CHECKING:
    from inspector.reports.service import IssuedFile


@dataclass(frozen=True)
class FollowupRequest:
    """One follow-up report to make (`report followup`'s options)."""

    organization_id: int | None
    """One organization, or None for every one."""
    out: Path
    signer: str | None
    """None: an unsigned draft (`--unsigned`), neither numbered nor recorded."""
    passphrase: bytes | None
    issue_date: date
    internal: bool = False
    force: bool = False


@dataclass(frozen=True)
class FollowupIssued:
    """The file written and, signed, its number (監報第N号)."""

    issued: IssuedFile
    number: str | None


def default_followup_name(code: str | None, internal: bool, day: date) -> str:
    """`followup_<code|all>[_internal]_<yyyymmdd>.pdf`, as `report followup` names it."""
    edition = "_internal" if internal else ""
    return safe_file_name(f"followup_{code or 'all'}{edition}_{day:%Y%m%d}.pdf")


def _may_sign(context: AppContext, name: str) -> bool:
    from inspector.domain.documents import DocumentKind
    from inspector.reports.errors import ReportProblem
    from inspector.reports.role_check import check_key_role

    keys_dir = context.settings.resolved_keys_dir
    try:
        check_key_role(keys_dir, name, DocumentKind.FOLLOWUP, context.settings.lang)
    except (OSError, ReportProblem):
        return False
    return True


def followup_signers(context: AppContext) -> list[str]:
    """The keys in the keys folder that can sign a follow-up report (an office-role key;
    an inspector's key, or one issued before roles, is refused at issue so never offered),
    the configured signer first when it is one of them. Empty: none can sign it."""
    from inspector.reports.certificate_list import list_inspectors
    from inspector.reports.errors import ReportProblem

    keys_dir = context.settings.resolved_keys_dir
    try:
        names = [issued.name for issued in list_inspectors(keys_dir)]
    except (OSError, ReportProblem):
        return []
    fit = [
        name
        for name in dict.fromkeys(names)
        if _may_sign(context, name) and not _revoked(context, name)
    ]
    configured = context.settings.signer
    return sorted(fit, key=lambda name: name != configured)


def _revoked(context: AppContext, name: str) -> bool:
    """Whether `name`'s key is revoked (a laptop's copy of the keys folder keeps a key the
    office revoked: its list, or the database, says so)."""
    from inspector.reports.errors import ReportProblem

    try:
        _refuse_revoked(context, name)
    except (OSError, ValueError, ReportProblem):
        return True
    return False


def _refuse_revoked(context: AppContext, name: str) -> None:
    from cryptography import x509

    from inspector.reports.key_folder import inspector_paths
    from inspector.reports.keys import load_root
    from inspector.reports.revocation import listed_revocations, refuse_revoked_signer
    from inspector.store.repositories.revocations import all_revocations

    keys_dir = context.settings.resolved_keys_dir
    certificate = x509.load_pem_x509_certificate(inspector_paths(keys_dir, name)[0].read_bytes())
    revocations = listed_revocations(keys_dir, load_root(keys_dir), all_revocations(context.engine))
    refuse_revoked_signer(certificate, revocations)


def followup_key_fits(context: AppContext, signer: str) -> bool:
    """Whether `signer`'s key (as it is in the keys folder now) can sign a follow-up report."""
    return _may_sign(context, signer)


def check_followup_signer(context: AppContext, signer: str) -> None:
    """Before the passphrase is asked, as the CLI checks: the office's root and the signer's
    certificate are there, and its role may sign a follow-up report. Raises the key's
    problem (`ReportProblem`); a revoked key too (its certificate against the keys folder's
    list and the database's revocations: the interface's form stays open with why)."""
    from inspector.domain.documents import DocumentKind
    from inspector.reports.identities import load_identity
    from inspector.reports.key_folder import inspector_paths
    from inspector.reports.keys import load_root
    from inspector.reports.role_check import check_key_role

    keys_dir = context.settings.resolved_keys_dir
    load_root(keys_dir)
    if not inspector_paths(keys_dir, signer)[0].is_file():
        load_identity(keys_dir, signer, b"")  # raises NoKey with the command to run
    check_key_role(keys_dir, signer, DocumentKind.FOLLOWUP, context.settings.lang)
    _refuse_revoked(context, signer)


def issue_followup_report(
    context: AppContext,
    request: FollowupRequest,
    step: Callable[[int], None] = lambda _n: None,
    warn: Callable[[str], None] = lambda _m: None,
) -> FollowupIssued:
    """Unlock the key (refused when revoked), gather, build, sign, write and record the
    report. `step(n)`: 0 key, 1 gather, 2 build, 3 done. Synchronous (a worker's job).
    `warn` hears the number ledger's lines skipped and the numbers passed over, refused or
    not, as `inspector report followup` prints them (tui13)."""
    from inspector.reports.identities import load_identity
    from inspector.reports.revocation import check_signer
    from inspector.services.documents import EmptyPassphrase, issue_followup
    from inspector.store.repositories.revocations import all_revocations

    step(0)
    identity = None
    keys_dir = context.settings.resolved_keys_dir
    if request.signer is not None:
        check_followup_signer(context, request.signer)
        if not request.passphrase:
            raise EmptyPassphrase("the passphrase is empty")
        identity = load_identity(keys_dir, request.signer, request.passphrase)
        check_signer(keys_dir, identity, all_revocations(context.engine))
    step(1)
    step(2)
    issued = issue_followup(
        context,
        request.organization_id,
        request.out,
        identity,
        issue_date=request.issue_date,
        guard=context.output_guard(force=request.force),
        internal=request.internal,
        warn=warn,
    )
    number = None
    if issued.signed:
        number = next(
            (d.number for d in context.findings.documents() if d.doc_id == issued.doc_id), None
        )
    step(3)
    return FollowupIssued(issued, number)


__all__ = [
    "FollowupIssued",
    "FollowupRequest",
    "check_followup_signer",
    "default_followup_name",
    "followup_key_fits",
    "followup_signers",
    "issue_followup_report",
]

"""`inspector verify FILE.pdf`: a signed document checked offline against the office root
and, when it is at hand, the database's record. `--qr PAYLOAD` and `--image SCAN.png`: a
paper copy, by its printed QR code, checked against the database's record."""

from __future__ import annotations

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import click

from inspector.cli.errors import fail
from inspector.cli.output import echo_json
from inspector.cli.signing import _database_at_hand, _keys_dir, _user_errors
from inspector.cli.text import language, say, shown_time, t
from inspector.context import AppContext


@click.command()
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False), required=False)
@click.option(
    "--qr",
    "qr_payload",
    metavar="PAYLOAD",
    help="What a scanner read from a printed QR code (inspector-doc:v2;id=…;sha256=…;issuer=…).",
)
@click.option(
    "--image",
    "image_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A scan or photo of a printed page (PNG, JPEG …); its QR code is read (zxing-cpp).",
)
@click.option(
    "--root",
    "root_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Office root certificate (default: the one in the keys folder).",
)
@click.option(
    "--tsa-root",
    "tsa_root_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="A time-stamping authority's root certificate (PEM) trusted for document "
    "timestamps; repeatable.",
)
@click.option("--no-db", is_flag=True, help="Do not compare with the database.")
@click.option(
    "--no-revocation-check",
    is_flag=True,
    help="Accept a document whose signer's revocation could not be checked because the "
    "revocation list this keys folder took is gone (and no database); the verdict still says "
    "so. Without it such a document exits with 1. A folder that never took a list is warned.",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def verify(
    ctx: AppContext,
    file: Path | None,
    qr_payload: str | None,
    image_file: Path | None,
    root_file: Path | None,
    tsa_root_files: tuple[Path, ...],
    no_db: bool,
    no_revocation_check: bool,
    as_json: bool,
) -> None:
    """Check a signed document offline against the office root (and the database), or a
    paper copy by its QR code (--qr, --image) against the database."""
    if sum(x is not None for x in (file, qr_payload, image_file)) != 1:
        fail(ctx.t("documents_content.verify.one_input"))
    if file is None:
        verify_paper(ctx, qr_payload, image_file, no_db=no_db, as_json=as_json)
        return
    from cryptography import x509

    from inspector.cli.revocation import known_revocations
    from inspector.cli.root_file import refuse_missing_root
    from inspector.reports.keys import load_root, root_paths
    from inspector.reports.role_check import role_keys_in
    from inspector.reports.verify import verify_pdf

    with _user_errors():
        data = file.read_bytes()
        if root_file is not None:
            try:
                root = x509.load_pem_x509_certificate(root_file.read_bytes())
            except ValueError:
                fail(t("cli.verify.not_pem", path=root_file))
        elif not root_paths(_keys_dir(ctx))[0].is_file():  # a department: not init-office
            refuse_missing_root(ctx)
        else:
            root = load_root(_keys_dir(ctx))
        tsa_roots = []
        for path in tsa_root_files:
            try:
                tsa_roots.append(x509.load_pem_x509_certificate(path.read_bytes()))
            except ValueError:
                fail(t("cli.verify.not_pem", path=path))
    # The database's record (content hash, file hash, issue time) when it is at hand: the
    # recorded issue time is the trusted time to check the certificate at.
    lookup = ctx.findings.document if not no_db and _database_at_hand(ctx) else None
    revocations = known_revocations(ctx, root, database=lookup is not None, warn_gone=False)
    # when each signer was first issued a key with a role: a key from before roles that
    # signed after it made no document from before roles (`role_check.reissued_before`)
    role_keys = role_keys_in(_keys_dir(ctx), root)
    result = verify_pdf(
        data, root, lookup, revocations=revocations, tsa_roots=tsa_roots, role_keys=role_keys
    )
    copies: dict[str, Any] = {}  # which of one number's documents is the copy (register)
    if result.valid and result.doc_id and lookup is not None:
        from inspector.cli.verify_copies import copy_relations

        copies = copy_relations(ctx.findings, result.doc_id)
    # a valid signature whose key's revocation nobody could check: not "valid" on its own
    unchecked = result.valid and (result.revocation or {}).get("status") == "not_checked"
    # refused only when the list this folder took is gone (removed to hide a revocation);
    # a folder that never took one (a department with the published root) is warned
    gone = unchecked and revocations.list_gone
    refused = not result.valid or (gone and not no_revocation_check)
    if as_json:
        extra = {"revocation_check_skipped": True} if unchecked and no_revocation_check else {}
        echo_json({"file": str(file), **result.to_json(), **copies, **extra})
    elif gone or (unchecked and no_revocation_check):
        why = say(revocations.list_why or t("bundlemerge.verify.no_sources"))
        key = "bundlemerge.verify.unchecked_accepted"
        if not no_revocation_check:
            key = "bundlemerge.verify.unchecked_refused"
        text = t(key, verdict=verdict_text(result), why=why)
        click.echo(f"{file}: {text}", err=not no_revocation_check)
        if result.doc_id:
            click.echo(t("cli.verify.document", doc=result.doc_id, sha=result.content_hash))
    elif result.valid:
        click.echo(f"{file}: {verdict_text(result)}")
        if unchecked:  # no list ever taken here, no database: valid, with how to check
            why = say(revocations.list_why or t("bundlemerge.verify.no_sources"))
            office = root_paths(_keys_dir(ctx))[1].is_file()  # the root key: the office
            warning = t("fixb.verify.at_office" if office else "fixb.verify.not_checked", why=why)
            click.echo(t("revoke8b.warning", text=warning), err=True)
        if result.doc_id:
            click.echo(t("cli.verify.document", doc=result.doc_id, sha=result.content_hash))
        if copies and result.doc_id:
            from inspector.cli.verify_copies import copy_sentence

            click.echo(copy_sentence(ctx.findings, result.doc_id, copies))
    else:
        click.echo(t("cli.verify.invalid", file=file, message=verdict_text(result)), err=True)
    if refused:
        sys.exit(1)


def verify_paper(
    ctx: AppContext,
    payload: str | None,
    image: Path | None,
    *,
    no_db: bool,
    as_json: bool,
) -> None:
    """A printed QR code's payload (or a scan of the page) against the database."""
    from inspector.reports.paper import PaperResult, check_image, check_payload

    t = ctx.t
    if no_db:
        fail(t("documents_content.verify.no_db_paper"))
    if not _database_at_hand(ctx):
        fail(t("documents_content.verify.needs_database", db=ctx.settings.database_url))
    lookup = ctx.findings.document
    result: PaperResult
    with _user_errors():
        if image is not None:
            try:
                import zxingcpp  # noqa: F401  (the `paper` extra)
            except ImportError:
                fail(t("documents_content.verify.needs_zxing"))
            result = check_image(image, lookup)
        else:
            assert payload is not None
            result = check_payload(payload, lookup)
    source = {"image": str(image)} if image is not None else {"qr": payload}
    params = dict(result.params)
    if "why" in params:  # the reason an image could not be read, in the user's language
        params["why"] = t(
            f"documents_content.paper_why.{params['why']}", detail=say(params["detail"])
        )
    message = t(f"documents_content.paper.{result.verdict.value}", **params)
    if as_json:
        echo_json({**source, **result.to_json(), "message": message})
    elif result.valid:
        click.echo(message)
    else:
        click.echo(message, err=True)
    if not result.valid:
        sys.exit(1)


def verdict_text(result: Any) -> str:
    """The verdict in the run's language: the checker's own sentence in English; in
    Japanese, the verdict's sentence with the signer, organization, time and document."""
    if language() == "en":
        return str(result.message) + _predates_roles(result, result.signer or "?")
    verdict = result.verdict.value
    signer = result.signer or t("cli.verify.unknown")
    org = f"（{result.organization_code}）" if result.organization_code else ""
    # long-term-validation data added after signing: the signature does not cover the
    # whole file, and the sentence must not say so
    key = (
        "cli.verify_ltv.valid"
        if verdict == "valid" and getattr(result, "ltv_updates", False)
        else f"cli.verify.verdict.{verdict}"
    )
    text = t(
        key,
        signer=signer,
        org=org,
        doc=result.doc_id or "",
        when=shown_time(result.signed_at) or t("cli.verify.unknown"),
    )
    if result.valid and result.database_checked:
        text += t("cli.verify.matches_database")
    if result.valid and result.issued_at is not None:
        text += t("more.verify.recorded_sentence", day=shown_time(result.issued_at))
    if result.valid:
        text += _issuer_sentence(result, signer) + _predates_roles(result, signer)
    for stamp in getattr(result, "document_timestamps", ()) if result.valid else ():
        text += t(
            "cli.verify_timestamps.stamped"
            if stamp["trusted"]
            else "cli.verify_timestamps.untrusted",
            when=shown_time(datetime.fromisoformat(stamp["time"])),
            tsa=stamp["tsa"],
        )
    status = (result.revocation or {}).get("status")
    if result.valid and status in ("revoked_later", "revoked_time_unconfirmed"):
        text += t(f"cli.verify.{status}")
    elif status == "revoked_time_unconfirmed":
        text += t("cli.verify.time_is_a_claim")
    # what the sentence leaves out (whose certificate, since when, what was changed or
    # added, the revocation): the checker's own account, in Japanese too
    if not result.valid or status in ("revoked_later", "revoked_time_unconfirmed"):
        text += t("more.verify.detail", detail=say(result.message))
    return text


def _predates_roles(result: Any, signer: str) -> str:
    """A valid document whose signer's key has no role (`key_roles`): it was signed before
    roles were written into certificates, and its role was not checked. When the signer
    has a key with a role since (`role_key_issued`) and the database recorded no issue
    time for this file, "before" is only the signer's claim, and the sentence says so."""
    if not result.valid or result.document_kind is None or result.signer_role is not None:
        return ""
    since = getattr(result, "role_key_issued", None)
    if since is not None and result.issued_at is None:
        return t(
            "forge7b.verify.claimed_before_roles",
            signer=signer,
            since=shown_time(since),
            when=shown_time(result.signed_at) or t("cli.verify.unknown"),
        )
    return t("forge7.verify.predates_roles", signer=signer)


def _issuer_sentence(result: Any, signer: str) -> str:
    """Whether the signer is the issuer the document names (`reports/issuer_check.py`)."""
    issuer = getattr(result, "issuer", None)
    if issuer:
        return t("forge4.cli.issuer_matches", named=issuer)
    if issuer == "":  # never reassuring: the signer chose the id (and so the kind) too
        kind = getattr(result, "document_kind", None) or "unknown"
        if getattr(result, "signer_role", None) == "office":  # unless the key's role says
            return t("forge5.cli.office_signed", kind=t(f"forge4.kind.{kind}"))
        return t(
            "forge4.cli.names_nobody_kind",
            doc=result.doc_id or "",
            kind=t(f"forge4.kind.{kind}"),
            signer=signer,
        )
    if getattr(result, "issuer_compared", False):
        return t("forge4.cli.old_payload_recorded")
    return t("forge4.cli.not_compared", signer=signer)


__all__ = ["verdict_text", "verify", "verify_paper"]

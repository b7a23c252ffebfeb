"""`inspector bundle export|import`: encrypted, signed transfer from laptops to the office."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from inspector.cli.dates import DAY
from inspector.cli.errors import fail
from inspector.cli.output import echo_json, echo_table
from inspector.cli.outputs import force_option
from inspector.cli.text import say, t
from inspector.context import AppContext
from inspector.exchange.bundle import TABLE_ORDER, BundleRefused
from inspector.reports.keys import KeyProblem
from inspector.services.bundles import (
    BundleNotWritten,
    export_bundle,
    export_target,
    import_bundles,
)

_passphrase_option = click.option(
    "--passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the key passphrase from FILE (first line). Default: $INSPECTOR_KEY_PASSPHRASE.",
)


@click.group("bundle")
def bundle() -> None:
    """Encrypted, signed bundles: export on a laptop, import at the audit office."""


@bundle.command("export")
@click.option(
    "--organization", required=True, metavar="CODE", help="The organization (and those below it)."
)
@click.option(
    "--since",
    type=DAY,
    help="Only what was recorded or dated from DATE on (each session, finding, card or "
    "storage whole).",
)
@click.option("-o", "--output", required=True, type=click.Path(path_type=Path, dir_okay=False))
@click.option("--signer", metavar="NAME", help="Inspector key to sign with.")
@_passphrase_option
@force_option
@click.pass_obj
def bundle_export(
    ctx: AppContext,
    organization: str,
    since: object | None,
    output: Path,
    signer: str | None,
    passphrase_file: Path | None,
    force: bool,
) -> None:
    """Write one file with the organization's sessions, answers, change log, findings,
    plans, measure entries, layouts, card ledgers, the backup register and hearing
    classifications, encrypted for the audit office's encryption key and signed."""
    from inspector.cli.signing import _identity

    since_date: date | None = since.date() if since is not None else None  # type: ignore[attr-defined]
    try:  # the output and the addressee, checked before the passphrase is asked
        target = export_target(ctx, output, force=force)
    except KeyProblem as exc:
        fail(t("cli.bundle.not_written", problem=say(exc)))
    identity = _identity(ctx, signer, passphrase_file, None)
    try:
        counts = export_bundle(ctx, target, organization, signer=identity, since=since_date)
    except KeyProblem as exc:
        fail(t("cli.bundle.not_written", problem=say(exc)))
    except BundleNotWritten as exc:
        fail(say(exc))
    written = ", ".join(f"{counts[name]} {name}" for name in TABLE_ORDER if counts.get(name))
    click.echo(t("cli.bundle.written", file=output, counts=written, signer=identity.name))


@bundle.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path, dir_okay=False))
@_passphrase_option
@click.option(
    "--accept-expired",
    is_flag=True,
    help="After review, accept bundles whose signer's certificate has expired (never a "
    "foreign or revoked one); each such import is logged on its sessions.",
)
@click.option(
    "--accept-reopen",
    is_flag=True,
    help="After review, let the bundles reopen completed sessions whose inspector their signer "
    "is not (self-checks); each one is listed in the receipt.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the receipt as JSON.")
@click.pass_obj
def bundle_import(
    ctx: AppContext,
    files: tuple[Path, ...],
    passphrase_file: Path | None,
    accept_expired: bool,
    accept_reopen: bool,
    as_json: bool,
) -> None:
    """Verify, decrypt and merge FILES in one transaction (all or nothing); print a receipt
    of what was added, updated and skipped, and of conflicting edits."""
    from inspector.cli.revocation import known_revocations
    from inspector.cli.signing import read_passphrase

    try:
        receipt = import_bundles(
            ctx,
            list(files),
            passphrase=lambda: read_passphrase(passphrase_file, t("cli.bundle.passphrase_prompt")),
            revocations=lambda root: known_revocations(ctx, root),
            accept_expired=accept_expired,
            accept_reopen=accept_reopen,
        )
    except (BundleRefused, KeyProblem) as exc:
        fail(t("cli.bundle.not_imported", problem=say(exc)))
    data = receipt.to_json()
    for entry in data["bundles"]:
        if entry.get("certificate_expired_on"):
            warning = t(
                "cli.bundle.expired_accepted",
                file=entry["file"],
                signer=entry["signer"],
                day=entry["certificate_expired_on"][:10],
            )
            click.echo(t("cli.warning", message=warning), err=True)
    if as_json:
        echo_json(data)
        return
    for entry in data["bundles"]:
        click.echo(
            t(
                "cli.bundle.from",
                file=entry["file"],
                organization=entry["organization"],
                signer=entry["signer"],
                at=entry["created_at"][:16],
            )
        )
    echo_table(
        [t(f"cli.bundle.columns.{k}") for k in ("table", "added", "updated", "skipped")],
        [[name, c["added"], c["updated"], c["skipped"]] for name, c in data["tables"].items()],
    )
    if data["conflicts"]:
        click.echo("\n" + t("cli.bundle.conflicts", count=len(data["conflicts"])))
        for c in data["conflicts"]:
            if c["table"] == "answer":
                click.echo(
                    t(
                        "cli.bundle.answer_conflict",
                        session=c["session"],
                        item=c["item"],
                        kept=c["kept"],
                        kept_from=c["kept_from"],
                        other=c["other"],
                    )
                )
            elif c["table"] == "site_layout":
                click.echo(_layout_conflict(c))
            else:
                fields = ", ".join(c["fields"])
                click.echo(
                    t("cli.bundle.row_conflict", table=c["table"], uid=c["uid"], fields=fields)
                )
    if data["unchecked"]:
        click.echo("\n" + t("cli.bundle.unchecked", count=len(data["unchecked"])))
        for c in data["unchecked"]:
            click.echo(
                t(
                    "cli.bundle.layout_unchecked",
                    session=c["uid"],
                    kept=t(f"cli.bundle.kept_{c['kept']}"),
                    local_by=c["local"]["saved_by"],
                    local_at=_moment(c["local"]["saved_at"]),
                    other_by=c["bundle"]["saved_by"],
                    other_at=_moment(c["bundle"]["saved_at"]),
                )
            )
    if data["replaced"]:
        click.echo("\n" + t("bundle7b.replaced", count=len(data["replaced"])))
        for c in data["replaced"]:
            click.echo(
                t(
                    "bundle7b.layout_replaced",
                    session=c["uid"],
                    local_by=c["local"]["saved_by"],
                    local_at=_moment(c["local"]["saved_at"]),
                    other_by=c["bundle"]["saved_by"],
                    other_at=_moment(c["bundle"]["saved_at"]),
                )
            )
    if data["reopened"]:
        click.echo("\n" + t("bundleguard.reopened_count", count=len(data["reopened"])))
        for c in data["reopened"]:
            click.echo(
                t(
                    "bundleguard.reopened_line",
                    kind=t(f"bundle7t.kind.{c['kind']}"),
                    session=c["session"],
                    organization=c["organization"],
                    file=c["file"],
                    signer=c["signer"],
                    status=t(f"bundleguard.status.{c['status']}"),
                )
            )
    if data["ignored_tables"]:
        click.echo(t("cli.bundle.ignored_tables", tables=", ".join(data["ignored_tables"])))
    if not receipt.changed:
        click.echo(t("cli.bundle.unchanged"))


def _moment(iso: str) -> str:
    """A saved_at in the receipt (ISO, UTC) as the receipt's lines show it."""
    return iso[:19].replace("T", " ") + " UTC"


def _layout_conflict(c: dict[str, object]) -> str:
    """A layout kept at the office: who saved which version when on both sides."""
    local, bundle = c["local"], c["bundle"]
    assert isinstance(local, dict) and isinstance(bundle, dict)
    base = bundle.get("based_on")
    key = "cli.bundle.layout_conflict"
    if c.get("base_unknown"):
        key = "bundle7b.layout_conflict_unknown_base"
    elif c.get("history_differs"):
        key = "bundle7b.layout_conflict_history"
    return t(
        key,
        session=c["uid"],
        kept_by=local["saved_by"],
        kept_at=_moment(local["saved_at"]),
        other_by=bundle["saved_by"],
        other_at=_moment(bundle["saved_at"]),
        base=_moment(base) if base else t("cli.bundle.layout_no_base"),
    )

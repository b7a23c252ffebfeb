"""`inspector keys revoke|import-revocations`, and the revocations every signer check uses.

Registered as extra subcommands of `keys` (`cli.main.EXTRAS`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from inspector.cli.errors import fail
from inspector.cli.reports import _database_at_hand, _keys_dir, _user_errors, passphrase_option
from inspector.cli.text import say, shown_time, t
from inspector.context import AppContext
from inspector.domain.dates import japan_time
from inspector.services.revocation.revoke import REASON_CHOICES

if TYPE_CHECKING:
    from collections.abc import Callable

    from cryptography import x509

    from inspector.domain.revocation import RevokedCertificate
    from inspector.reports.keys import IssuedCertificate
    from inspector.reports.revocation import Revocations


def known_revocations(
    ctx: AppContext,
    root: x509.Certificate,
    *,
    database: bool = True,
    read: Callable[[], list[RevokedCertificate]] | None = None,
    warn_gone: bool = True,
) -> Revocations:
    """The office database's revocations (when it is at hand and `database`) and the keys
    folder's revocation list, checked against `root` (a damaged or forged list is an error;
    an older one than the folder took too). `read`: the database's revocations read without
    the ORM (a notice on a plain file). `warn_gone`: a word on stderr when the list this
    folder took is gone (`verify` says it in its verdict)."""
    from inspector.reports.revocation import listed_revocations

    entries = None
    if database and read is not None:
        entries = read()
    elif database and _database_at_hand(ctx):
        from inspector.store.repositories.revocations import all_revocations

        entries = all_revocations(ctx.engine)
    with _user_errors():
        found = listed_revocations(_keys_dir(ctx), root, entries)
        warn_list_expiry(ctx, root)
    if warn_gone and found.list_gone and found.list_why:
        click.echo(t("revoke8b.warning", text=say(found.list_why)), err=True)
    return found


_WARNED: set[tuple[str, int]] = set()


def warn_list_expiry(ctx: AppContext, root: x509.Certificate) -> None:
    """On stderr, once a run: the keys folder's list expires within 30 days, or has, with
    the command that renews it (at the office) or where a new one comes from (a laptop)."""
    from inspector.reports.keys import root_paths
    from inspector.reports.revocation import crl_number, read_office_crl
    from inspector.services.revocation.renew import expiry_warning

    keys_dir = _keys_dir(ctx)
    crl = read_office_crl(keys_dir, root)
    warning = expiry_warning(crl, ctx.settings.lang)
    if crl is None or warning is None:
        return
    seen = (str(keys_dir), crl_number(crl))
    if seen in _WARNED:
        return
    _WARNED.add(seen)
    office = root_paths(keys_dir)[1].is_file()
    what = t("keys9.renew.at_office" if office else "keys9.renew.on_laptop")
    click.echo(t("revoke8b.warning", text=f"{say(warning)} {what}"), err=True)


def refuse_revoked(
    ctx: AppContext,
    cert: x509.Certificate,
    root: x509.Certificate,
    read: Callable[[], list[RevokedCertificate]] | None = None,
) -> None:
    """Before signing: a revoked key signs nothing. `read`: as in `known_revocations`."""
    from inspector.reports.revocation import refuse_revoked_signer

    with _user_errors():
        refuse_revoked_signer(cert, known_revocations(ctx, root, read=read))


def key_rows(ctx: AppContext, issued: list[IssuedCertificate]) -> list[dict[str, Any]]:
    """`keys list`: each certificate with its status (valid, expired, revoked on ...), and
    the revoked certificates kept in inspectors/revoked/."""
    from cryptography.x509.oid import NameOID

    from inspector.reports.keys import load_root, root_paths
    from inspector.reports.revocation import common_name
    from inspector.services.revocation import archived_certificates

    keys_dir = _keys_dir(ctx)
    with _user_errors():  # a laptop has the root certificate, not its key
        root = load_root(keys_dir) if root_paths(keys_dir)[0].is_file() else None
        revocations = known_revocations(ctx, root) if root is not None else None
    now = datetime.now(UTC)
    rows = []
    filed = archived_certificates(keys_dir)
    for path in [i.path for i in issued] + filed:
        with _user_errors():
            cert = _certificate(path)
        revoked = revocations.find(cert) if revocations is not None else None
        if revoked is not None:
            status = f"revoked {japan_time(revoked.revoked_at):%Y-%m-%d %H:%M}"
        elif path in filed and revocations is not None:
            status = "filed, not revoked"  # a revocation stopped part-way: `keys revoke`
        elif cert.not_valid_after_utc < now:
            status = "expired"
        else:
            status = "valid"
        org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
        rows.append(
            {
                "name": common_name(cert),
                "organization": str(org[0].value) if org else None,
                "not_after": cert.not_valid_after_utc.date().isoformat(),
                "status": status,
                "serial": f"{cert.serial_number:X}",
                "path": str(path),
            }
        )
    return rows


@click.command("revoke")
@click.argument("name")
@click.option("--reason", required=True, help="Why, in words (kept in the office database).")
@click.option(
    "--code",
    "reason_code",
    type=click.Choice(REASON_CHOICES),
    default="key-compromise",
    show_default=True,
    help="The reason code written into the revocation list.",
)
@passphrase_option
@click.pass_obj
def keys_revoke(
    ctx: AppContext, name: str, reason: str, reason_code: str, passphrase_file: Path | None
) -> None:
    """Revoke inspector NAME's certificate at the office: recorded in the office database
    (who, when, why) and in the revocation list signed by the office root, written to the
    keys folder for laptops to import. The revoked certificate and key move to
    inspectors/revoked/, so a new key can be issued at once."""
    from inspector.cli.reports import read_passphrase
    from inspector.services.revocation import check_reason, plan_revocation, revoke

    with _user_errors():
        check_reason(reason, reason_code)  # the one check, before anything is opened
    if not _database_at_hand(ctx):
        fail(t("cli.revocation.no_database", url=ctx.settings.database_url))
    with _user_errors():
        plan = plan_revocation(ctx, name)  # refusals before the passphrase is asked
        passphrase = read_passphrase(passphrase_file, t("cli.signing.passphrase_for_root"))
        done, _ = revoke(ctx, plan, passphrase, reason=reason, reason_code=reason_code)
    click.echo(
        t(
            "cli.revocation.revoked",
            name=name,
            serial=done.serial,
            sha=done.fingerprint,
            when=shown_time(done.revoked_at),
            by=done.revoked_by,
            reason=done.reason,
        )
    )
    click.echo(
        t("cli.revocation.list_written", file=done.list_file, number=done.number, count=done.count)
    )


@click.command("import-revocations")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--root",
    "root_file",
    type=click.Path(path_type=Path, dir_okay=False, exists=True),
    help="The office's root certificate (PEM, its published file) for a keys folder that "
    "has none (a department): the list is checked against it, and the root is stored in "
    "the keys folder with the list.",
)
@click.pass_obj
def keys_import_revocations(ctx: AppContext, file: Path, root_file: Path | None) -> None:
    """Take the office's revocation list FILE into this keys folder (on a laptop): checked
    to be signed by the office root, refused if older than the one already here or if it
    leaves out a revocation known here. A list past its next update is taken, with a
    warning. The database is not opened if that would ask a passphrase or migrate it."""
    from inspector.cli.root_file import stored_root, unstore_root
    from inspector.services.revocation import import_list

    database = _database_at_hand(ctx)
    with _user_errors():
        stored = stored_root(ctx, root_file, file)  # refusals before anything is written
        try:
            done = import_list(ctx, file, database=database)
        except BaseException:
            unstore_root(stored)
            raise
    if stored is not None:
        click.echo(stored.message, err=True)
    for warning in done.warnings:
        click.echo(t("revoke8b.warning", text=say(warning)), err=True)
    if database and not done.log_consulted:
        click.echo(t("revoke8b.log_not_consulted", url=ctx.settings.database_url), err=True)
    if done.up_to_date:
        click.echo(t("cli.revocation.up_to_date", file=done.list_file, number=done.number))
        return
    click.echo(
        t(
            "cli.revocation.imported",
            file=done.list_file,
            number=done.number,
            when=shown_time(done.made),
            count=done.count,
        )
    )
    for name in done.own_revoked:
        click.echo(t("cli.revocation.own_key_revoked", name=name))


@click.command("renew-revocations")
@passphrase_option
@click.pass_obj
def keys_renew_revocations(ctx: AppContext, passphrase_file: Path | None) -> None:
    """Sign a new revocation list with the same revocations and a new validity (a list
    expires after a year, and only a revocation makes a new one otherwise). At the office:
    needs the root key and its passphrase; hand the list out to laptops afterwards
    (`inspector keys import-revocations FILE`)."""
    from inspector.cli.reports import read_passphrase
    from inspector.services.revocation.renew import plan_renewal, renew

    if not _database_at_hand(ctx):
        fail(t("keys9.renew.no_database", url=ctx.settings.database_url))
    with _user_errors():
        plan = plan_renewal(ctx)  # refusals before the passphrase is asked
        passphrase = read_passphrase(passphrase_file, t("cli.signing.passphrase_for_root"))
        done = renew(ctx, plan, passphrase)
    click.echo(
        t(
            "keys9.renew.done",
            file=done.list_file,
            number=done.number,
            previous=done.previous if done.previous is not None else "-",
            count=done.count,
            due=shown_time(done.next_update),
        )
    )
    click.echo(t("keys9.renew.hand_out", file=done.list_file))


def _certificate(path: Path) -> x509.Certificate:
    from inspector.reports.keys import load_certificate  # its message names the file

    return load_certificate(path)


__all__ = [
    "key_rows",
    "keys_import_revocations",
    "keys_renew_revocations",
    "keys_revoke",
    "known_revocations",
    "refuse_revoked",
    "warn_list_expiry",
]

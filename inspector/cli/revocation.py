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
from inspector.cli.text import shown_time, t
from inspector.context import AppContext
from inspector.domain.dates import japan_time

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
) -> Revocations:
    """The office database's revocations (when it is at hand and `database`) and the keys
    folder's revocation list, checked against `root` (a damaged or forged list is an error).
    `read`: the database's revocations read without the ORM (a notice on a plain file)."""
    from inspector.reports.revocation import listed_revocations

    entries = None
    if database and read is not None:
        entries = read()
    elif database and _database_at_hand(ctx):
        from inspector.store.repositories.revocations import all_revocations

        entries = all_revocations(ctx.engine)
    with _user_errors():
        return listed_revocations(_keys_dir(ctx), root, entries)


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


def archived_certificates(keys_dir: Path) -> list[Path]:
    """The revoked certificates `keys revoke` moved aside (kept to verify old documents)."""
    folder = keys_dir / "inspectors" / "revoked"
    found = sorted(folder.glob("*.pem")) if folder.is_dir() else []
    return [p for p in found if not p.name.endswith(".key.pem")]


def key_rows(ctx: AppContext, issued: list[IssuedCertificate]) -> list[dict[str, Any]]:
    """`keys list`: each certificate with its status (valid, expired, revoked on ...), and
    the revoked certificates kept in inspectors/revoked/."""
    from cryptography.x509.oid import NameOID

    from inspector.reports.keys import load_root, root_paths
    from inspector.reports.revocation import common_name

    keys_dir = _keys_dir(ctx)
    with _user_errors():  # a laptop has the root certificate, not its key
        root = load_root(keys_dir) if root_paths(keys_dir)[0].is_file() else None
        revocations = known_revocations(ctx, root) if root is not None else None
    now = datetime.now(UTC)
    rows = []
    for path in [i.path for i in issued] + archived_certificates(keys_dir):
        with _user_errors():
            cert = _certificate(path)
        revoked = revocations.find(cert) if revocations is not None else None
        if revoked is not None:
            status = f"revoked {japan_time(revoked.revoked_at):%Y-%m-%d %H:%M}"
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
    type=click.Choice(
        [
            "key-compromise",
            "affiliation-changed",
            "superseded",
            "cessation-of-operation",
            "unspecified",
        ]
    ),
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
    from cryptography.hazmat.primitives import serialization
    from cryptography.x509.oid import NameOID

    from inspector.cli.reports import read_passphrase
    from inspector.output_files import OutputGuard, write_atomic
    from inspector.reports.keys import inspector_paths, issued_by, list_inspectors, load_root
    from inspector.reports.revocation import (
        REASON_CODES,
        ListEntry,
        build_crl,
        crl_entries,
        crl_number,
        crl_path,
        fingerprint,
        load_root_key,
        read_office_crl,
    )
    from inspector.store.repositories.revocations import NewRevocation, RevocationRepository

    keys_dir = _keys_dir(ctx)
    reason = reason.strip()
    if not reason:
        fail(t("cli.revocation.empty_reason"))
    if not _database_at_hand(ctx):
        fail(t("cli.revocation.no_database", url=ctx.settings.database_url))
    with _user_errors():
        root = load_root(keys_dir)
        cert_path, key_path = inspector_paths(keys_dir, name)
        if not cert_path.is_file():
            known = ", ".join(i.name for i in list_inspectors(keys_dir)) or t("cli.revocation.none")
            stem = cert_path.name.removesuffix(".pem")
            gone = [p for p in archived_certificates(keys_dir) if p.name.startswith(f"{stem}.")]
            already = (
                t("cli.revocation.already_revoked_files", files=", ".join(p.name for p in gone))
                if gone
                else ""
            )
            fail(
                t(
                    "cli.revocation.no_certificate",
                    name=name,
                    folder=cert_path.parent,
                    known=known,
                    already=already,
                )
            )
        cert = _certificate(cert_path)
        if not issued_by(cert, root):
            fail(t("cli.revocation.foreign", path=cert_path))
        repo = RevocationRepository(ctx.engine)
        earlier = repo.find(cert.serial_number)
        if earlier is not None:
            fail(
                t(
                    "cli.revocation.already_revoked",
                    name=name,
                    serial=earlier.serial_hex,
                    when=shown_time(earlier.revoked_at),
                    by=earlier.revoked_by,
                    reason=earlier.reason,
                )
            )
        current = read_office_crl(keys_dir, root)  # a damaged list is refused before asking
        passphrase = read_passphrase(passphrase_file, t("cli.signing.passphrase_for_root"))
        root_key = load_root_key(keys_dir, passphrase, root)
        now = datetime.now(UTC)
        # numbered after the database's last list as well as the file's: the file may be lost
        # or restored from an old backup, and a laptop refuses a list numbered below its own
        number = max(crl_number(current) if current else 0, repo.last_list_number()) + 1
        org = cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
        entry = NewRevocation(
            serial=cert.serial_number,
            fingerprint=fingerprint(cert),
            name=name,
            organization_code=str(org[0].value) if org else None,
            reason=reason,
            reason_code=reason_code,
            certificate_pem=cert.public_bytes(serialization.Encoding.PEM).decode(),
            revoked_by=ctx.settings.user,
            revoked_at=now,
            crl_number=number,
        )
        # the list: every revocation the database and the current list know, and this one
        # (rebuilt from the database when the keys folder's list is missing)
        entries = {
            e.serial: ListEntry(e.serial, e.revoked_at, _reason_code(e.reason_code))
            for e in (crl_entries(current) if current else [])
        }
        for known_entry in repo.all():
            entries[known_entry.serial] = ListEntry(
                known_entry.serial, known_entry.revoked_at, _reason_code(known_entry.reason_code)
            )
        entries[entry.serial] = ListEntry(entry.serial, now, REASON_CODES[reason_code])
        crl = build_crl(root, root_key, entries.values(), number, now)
        target = crl_path(keys_dir)
        with repo.recording(entry):
            # the keys folder's own list, replaced on purpose once it is checked to be newer
            write_atomic(
                target, crl.public_bytes(serialization.Encoding.PEM), guard=OutputGuard(force=True)
            )
        archive = keys_dir / "inspectors" / "revoked"
        archive.mkdir(mode=0o700, exist_ok=True)
        stem = cert_path.name.removesuffix(".pem")
        if key_path.exists():
            key_path.replace(archive / f"{stem}.{entry.serial:X}.key.pem")
        cert_path.replace(archive / f"{stem}.{entry.serial:X}.pem")
    click.echo(
        t(
            "cli.revocation.revoked",
            name=name,
            serial=f"{entry.serial:X}",
            sha=entry.fingerprint,
            when=shown_time(now),
            by=entry.revoked_by,
            reason=reason,
        )
    )
    click.echo(t("cli.revocation.list_written", file=target, number=number, count=len(entries)))


@click.command("import-revocations")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.pass_obj
def keys_import_revocations(ctx: AppContext, file: Path) -> None:
    """Take the office's revocation list FILE into this keys folder (on a laptop): checked
    to be signed by the office root, refused if older than the one already here."""
    from cryptography.hazmat.primitives import serialization

    from inspector.output_files import OutputGuard, write_atomic
    from inspector.reports.keys import list_inspectors, load_root
    from inspector.reports.revocation import (
        check_replacement,
        crl_number,
        crl_path,
        parse_crl,
        read_office_crl,
    )

    keys_dir = _keys_dir(ctx)
    with _user_errors():
        root = load_root(keys_dir)
        crl = parse_crl(file.read_bytes(), root, str(file))
        current = read_office_crl(keys_dir, root)
        target = crl_path(keys_dir)
        if not check_replacement(crl, current, str(file)):
            click.echo(t("cli.revocation.up_to_date", file=target, number=crl_number(crl)))
            return
        # the keys folder's own list, replaced on purpose once it is checked to be newer
        write_atomic(
            target, crl.public_bytes(serialization.Encoding.PEM), guard=OutputGuard(force=True)
        )
        own = [
            i.name
            for i in list_inspectors(keys_dir)
            if crl.get_revoked_certificate_by_serial_number(_certificate(i.path).serial_number)
        ]
    click.echo(
        t(
            "cli.revocation.imported",
            file=target,
            number=crl_number(crl),
            when=shown_time(crl.last_update_utc),
            count=len(list(crl)),
        )
    )
    for name in own:
        click.echo(t("cli.revocation.own_key_revoked", name=name))


def _certificate(path: Path) -> x509.Certificate:
    from inspector.reports.keys import _load_cert  # its message names the file

    return _load_cert(path)


def _reason_code(value: str | None) -> Any:
    """A reason read back from the database (our code) or a list (RFC 5280's name)."""
    from cryptography import x509

    from inspector.reports.revocation import REASON_CODES

    if value is None:
        return x509.ReasonFlags.unspecified
    if value in REASON_CODES:
        return REASON_CODES[value]
    try:
        return x509.ReasonFlags(value)
    except ValueError:
        return x509.ReasonFlags.unspecified


__all__ = [
    "key_rows",
    "keys_import_revocations",
    "keys_revoke",
    "known_revocations",
    "refuse_revoked",
]

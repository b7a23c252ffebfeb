"""`inspector keys init-office|init-encryption|issue|list`: the office root, its encryption
key and the inspectors' certificates (`keys revoke` and `keys import-revocations` are in
`cli/revocation.py`)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import click

from inspector.cli.errors import fail
from inspector.cli.key_passphrase import new_key_passphrase
from inspector.cli.output import echo_json, echo_table
from inspector.cli.signing import _keys_dir, _user_errors, passphrase_option, read_passphrase
from inspector.cli.text import say, shown_date, shown_time, t
from inspector.context import AppContext

if TYPE_CHECKING:
    from inspector.reports.key_roles import KeyRole
    from inspector.reports.keys import IssuedCertificate

DEFAULT_OFFICE = "監査委員事務局"


@click.group()
def keys() -> None:
    """Keys: the audit office's root and encryption key, and the inspectors' certificates."""


@keys.command("init-office")
@click.option("--name", "office", default=DEFAULT_OFFICE, show_default=True, help="Office name.")
@click.option("--years", type=click.IntRange(1, 50), default=20, show_default=True)
@passphrase_option
@click.pass_obj
def keys_init_office(
    ctx: AppContext, office: str, years: int, passphrase_file: Path | None
) -> None:
    """Create the audit office's root certificate and key, the office encryption key for
    bundles issued by it (both keys encrypted with the passphrase), and the office's first
    revocation list (number 1, no revocations)."""
    from inspector.reports.keys import encryption_paths, has_root, init_office

    with _user_errors():
        if has_root(_keys_dir(ctx)):
            init_office(_keys_dir(ctx), b"x")  # raises: the root exists
        passphrase = read_passphrase(passphrase_file, t("cli.signing.passphrase_for_root"), True)
        path = init_office(_keys_dir(ctx), passphrase, office, years=years)
    click.echo(str(path))
    click.echo(str(encryption_paths(_keys_dir(ctx))[0]))
    _first_list(ctx, path, passphrase)


def _first_list(ctx: AppContext, root: Path, passphrase: bytes) -> None:
    """The office's first revocation list (number 1, no entries), so that a verifier
    without the database can check a revocation from the first day; when it cannot be
    written the root stays and the message names `keys renew-revocations`."""
    from inspector.i18n import os_error
    from inspector.output_files import OutputError
    from inspector.reports.errors import ReportProblem
    from inspector.reports.revocation import crl_path
    from inspector.services.revocation.first import write_first_list

    keys_dir = _keys_dir(ctx)
    try:
        made = write_first_list(keys_dir, passphrase)
    except (OSError, OutputError, ReportProblem) as exc:
        why = say(os_error(exc)) if isinstance(exc, OSError) else say(exc)
        fail(t("crlinit.init.list_failed", root=root, path=crl_path(keys_dir), why=why))
    click.echo(str(made.list_file))
    click.echo(
        t("crlinit.init.list_made", number=made.number, due=shown_time(made.next_update)),
        err=True,
    )


@keys.command("init-encryption")
@passphrase_option
@click.pass_obj
def keys_init_encryption(ctx: AppContext, passphrase_file: Path | None) -> None:
    """Add the office encryption key for bundles to an office created without one (the root
    is only read; the new key is encrypted with the office passphrase)."""
    from inspector.reports.keys import encryption_paths, init_encryption, load_root

    keys_dir = _keys_dir(ctx)
    with _user_errors():
        load_root(keys_dir)  # raises with `inspector keys init-office` when there is none
        if encryption_paths(keys_dir)[0].exists():
            init_encryption(keys_dir, b"x")  # raises: it exists (checked before the prompt)
        passphrase = read_passphrase(passphrase_file, t("cli.signing.passphrase_for_root"))
        path = init_encryption(keys_dir, passphrase)
    click.echo(str(path))


@keys.command("issue")
@click.argument("name")
@click.option("--organization", "organization", metavar="CODE", required=True)
@click.option("--years", type=click.IntRange(1, 20), default=3, show_default=True)
@click.option("--replace", is_flag=True, help="Replace an existing certificate of NAME.")
@click.option(
    "--role",
    type=click.Choice(["inspector", "office"]),
    help="What the key signs: an inspector's notices (the default), or the office's"
    " follow-up reports. With --replace, default: the replaced certificate's role.",
)
@passphrase_option
@click.option(
    "--key-passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=(
        "File holding the new key's own passphrase (else INSPECTOR_NEW_KEY_PASSPHRASE, else"
        " asked twice; never the office root's)."
    ),
)
@click.pass_obj
def keys_issue(
    ctx: AppContext,
    name: str,
    organization: str,
    years: int,
    replace: bool,
    role: str | None,
    passphrase_file: Path | None,
    key_passphrase_file: Path | None,
) -> None:
    """Issue NAME's certificate and key (EC P-256), signed by the office root, with the
    role it is for written into the certificate."""
    from inspector.cli.supersede import lines, pending, supersede
    from inspector.reports.identities import check_person_name
    from inspector.reports.key_roles import KeyRole
    from inspector.reports.keys import issue_inspector, load_root

    org = ctx.repo.find_organization(organization)
    if org is None:
        fail(t("refused.unknown_organization", code=organization))
    with _user_errors():
        check_person_name(name)  # a bad name first: before any passphrase is asked
        load_root(_keys_dir(ctx))
        # the certificate replaced is revoked (superseded): refusals before the passphrase
        replaced = pending(ctx, name) if replace else None
        new_role = KeyRole(role) if role else _role_of_replaced(ctx, name, replace)
        passphrase = read_passphrase(passphrase_file, t("cli.signing.passphrase_for_root"))
        key_passphrase = new_key_passphrase(
            key_passphrase_file, name, passphrase, lambda: _check_root(ctx, passphrase)
        )

        def issue() -> IssuedCertificate:
            return issue_inspector(
                _keys_dir(ctx),
                name,
                org.code,
                passphrase,
                key_passphrase,
                years=years,
                replace=replace,
                role=new_role,
            )

        if replaced is None:
            issued, done = issue(), None
        else:
            issued, done = supersede(ctx, replaced, passphrase, issue)
    click.echo(str(issued.path))
    for line in lines(done) if done is not None else []:
        click.echo(line)


def _role_of_replaced(ctx: AppContext, name: str, replace: bool) -> KeyRole:
    """The role of the certificate `--replace` renews (an office key stays the office's),
    else the inspector's."""
    from inspector.reports.key_roles import KeyRole, UnknownRole, role_of
    from inspector.reports.keys import inspector_paths, load_certificate

    cert_path = inspector_paths(_keys_dir(ctx), name)[0]
    if replace and cert_path.is_file():
        try:
            return role_of(load_certificate(cert_path)) or KeyRole.INSPECTOR
        except UnknownRole:
            pass
    return KeyRole.INSPECTOR


def _check_root(ctx: AppContext, passphrase: bytes) -> None:
    """Raises when `passphrase` does not open the office root's key."""
    from inspector.reports.keys import load_root
    from inspector.reports.revocation import load_root_key

    load_root_key(_keys_dir(ctx), passphrase, load_root(_keys_dir(ctx)))


@keys.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def keys_list(ctx: AppContext, as_json: bool) -> None:
    """The issued inspector certificates."""
    # with each key's role: a key issued before roles is marked, with the command that
    # reissues it (`key_roles.reissue_command`)
    from inspector.cli.key_register import done_by_name
    from inspector.cli.revocation import key_rows
    from inspector.reports.keys import list_inspectors

    with _user_errors():
        issued = list_inspectors(_keys_dir(ctx))
        done = done_by_name(ctx)  # what the register shows each person did: the old key's role
        rows = [{**r, **_role_columns(r, done)} for r in key_rows(ctx, issued)]  # status: ...
    if as_json:
        echo_json(rows)
        return
    columns = ("name", "organization", "role", "not_after", "status", "serial", "path")
    echo_table(
        [t(f"cli.keys.columns.{c}") for c in columns],
        [
            [
                r["name"],
                r["organization"],
                _role_cell(r),
                shown_date(date.fromisoformat(r["not_after"])),
                key_status(r["status"]),
                r["serial"],
                r["path"],
            ]
            for r in rows
        ],
    )
    old = [r for r in rows if r["reissue_options"]]
    if old:
        click.echo("\n" + t("forge7b.keys.reissue_note"))
    for r in old:
        if r["reissue"]:  # the role the register shows
            click.echo(f"  {r['reissue']}")
            continue
        click.echo("  " + t("forge7b.keys.choose", name=r["name"]))
        for command in r["reissue_options"]:
            click.echo(f"    {command}")


def _role_columns(row: dict[str, object], done: dict[str, set[str]]) -> dict[str, object]:
    """The key's role (inspector, office; None: issued before roles; unknown: unreadable)
    and, for a key issued before roles that is not revoked, how to reissue it: `reissue`
    the command with the role the register shows (`reissue_role`, said by
    `reissue_basis`: followup, notice, visit), else None and both `reissue_options` (the
    office chooses)."""
    import unicodedata

    from inspector.reports.key_roles import (
        KeyRole,
        UnknownRole,
        likely_role,
        reissue_command,
        role_of,
    )
    from inspector.reports.keys import load_certificate

    none: dict[str, object] = {
        "reissue": None,
        "reissue_role": None,
        "reissue_basis": None,
        "reissue_options": [],
    }
    try:
        role = role_of(load_certificate(Path(str(row["path"]))))
    except UnknownRole:
        return {"role": "unknown", **none}
    if role is not None:
        return {"role": role.value, **none}
    if str(row["status"]).startswith("revoked "):
        return {"role": None, **none}
    name, org = str(row["name"]), row["organization"]
    likely, basis = likely_role(done.get(unicodedata.normalize("NFC", name), set()))
    options = [
        reissue_command(name, org if isinstance(org, str) else None, each)
        for each in ([likely] if likely else [KeyRole.INSPECTOR, KeyRole.OFFICE])
    ]
    return {
        "role": None,
        "reissue": options[0] if likely else None,
        "reissue_role": likely.value if likely else None,
        "reissue_basis": basis,
        "reissue_options": options,
    }


def _role_cell(row: dict[str, object]) -> str:
    """監査員, 事務局, or the mark of a key issued before roles (役割なし: 再発行が必要)."""
    if row["role"] is None:
        return t("forge7.keys.no_role_reissue" if row["reissue_options"] else "forge7.keys.no_role")
    return t(f"forge7.keys.role.{row['role']}")


def key_status(status: str) -> str:
    """valid, expired or `revoked YYYY-MM-DD HH:MM` in the run's language."""
    if status.startswith("revoked "):
        return t("cli.keys.status.revoked", when=status.removeprefix("revoked "))
    return t(f"cli.keys.status.{status}")


__all__ = ["DEFAULT_OFFICE", "keys"]

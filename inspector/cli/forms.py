"""`inspector forms print NAME`: the printable registers for sites without the
application, blank or filled in with an organization's rows."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.errors import UserError
from inspector.cli.outputs import document_target, force_option
from inspector.cli.site import _organization
from inspector.cli.text import t
from inspector.context import AppContext
from inspector.services.forms import form_document, form_names


@click.group()
def forms() -> None:
    """Printable registers for sites without the application."""


@forms.command("print")
@click.argument("name")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None)
@click.option(
    "--organization",
    "code",
    metavar="CODE",
    default=None,
    help="Fill in the rows already recorded for this organization.",
)
@force_option
@click.pass_obj
def forms_print(
    ctx: AppContext, name: str, output: Path | None, code: str | None, force: bool
) -> None:
    """Write the register NAME as PDF and print its path.

    NAME: card-ledger, terminal-usage-log, entry-log, media-handover-log.
    """
    names = form_names()
    if name not in names:
        raise UserError(t("cli.forms.unknown", name=name, names=", ".join(names)))
    guard = ctx.output_guard(force=force)
    target = document_target(guard, output, f"{name}.pdf")
    data = form_document(ctx, name, _organization(ctx, code) if code else None)
    click.echo(str(guard.write(target, data, mode=0o644).resolve()))


__all__ = ["forms"]

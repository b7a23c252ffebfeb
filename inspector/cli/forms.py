"""`inspector forms print NAME`: the printable registers for sites without the
application, blank or filled in with an organization's rows."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.errors import UserError
from inspector.cli.outputs import document_target, force_option
from inspector.cli.site import _organization
from inspector.context import AppContext


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
    from inspector.reports.blank_forms import (
        FORM_NAMES,
        card_ledger_rows,
        form_pdf,
        handover_rows,
        usage_rows,
    )
    from inspector.reports.forms import FormError

    if name not in FORM_NAMES:
        raise UserError(f"unknown form '{name}' (choose from: {', '.join(FORM_NAMES)})")
    guard = ctx.output_guard(force=force)
    target = document_target(guard, output, f"{name}.pdf")
    rows: list[dict[str, str]] = []
    organization = ""
    if code:
        org = _organization(ctx, code)
        organization = org.name
        if name in ("card-ledger", "terminal-usage-log"):
            ledger = ctx.site.ledger(org.id)
            if name == "card-ledger":
                people = {p.id: p for p in ctx.repo.people()}
                rows = card_ledger_rows(ledger.cards, ledger.events, people, ctx.t)
            else:
                rows = usage_rows(ledger.cards, ledger.usages)
        elif name == "media-handover-log":
            storages = ctx.site.storages(org.id)
            rows = handover_rows(storages, ctx.site.transports([s.id for s in storages]), ctx.t)
    try:
        data = form_pdf(
            name,
            lang=ctx.t.lang,
            folders=[ctx.settings.all_forms_dir],
            rows=rows,
            organization=organization,
        )
    except FormError as exc:
        raise UserError(str(exc)) from exc
    click.echo(str(guard.write(target, data, mode=0o644).resolve()))


__all__ = ["forms"]

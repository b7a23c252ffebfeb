"""`inspector cards import|import-usage|list|reconcile`: the card ledgers of server rooms
and operator terminals, checked against the roster and the usage log."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import click

from inspector.cli.dates import DAY
from inspector.cli.output import echo_json, echo_table
from inspector.cli.rosters import ignore_extra_columns, warn
from inspector.cli.site import _organization
from inspector.cli.text import shown_time
from inspector.cli.text import t as tr
from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.cards import CardUse, format_delay, reconcile
from inspector.domain.dates import japan_time
from inspector.domain.layout import load_site_rules
from inspector.services.cards import import_cards, import_usages


@click.group()
def cards() -> None:
    """Card ledgers: import, list, reconcile with the roster, usage log."""


@cards.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@ignore_extra_columns
@click.pass_obj
def cards_import(ctx: AppContext, file: Path, ignore_extra: bool) -> None:
    """Import FILE with columns organization,number,kind,use,holder,group,members,issued,note.

    kind: server_room | operator; use: personal | group; holder and members are staff
    numbers; issued (YYYY-MM-DD) records the issue. All rows or none. Another column is an
    error (a misspelt use would make a group card personal) unless --ignore-extra-columns.
    """
    added = import_cards(ctx, file, ignore_extra=ignore_extra, warn=warn)
    click.echo(tr("cli.cards.added", count=added))


@cards.command("import-usage")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@ignore_extra_columns
@click.pass_obj
def cards_import_usage(ctx: AppContext, file: Path, ignore_extra: bool) -> None:
    """Import the terminal usage log FILE with columns organization,card,used_at,staff_number,name,purpose.

    Another column is an error unless --ignore-extra-columns."""
    count = import_usages(ctx, file, ignore_extra=ignore_extra, warn=warn)
    click.echo(tr("cli.cards.usage_added", count=count))


@cards.command("list")
@click.option("--organization", "code", metavar="CODE", required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def cards_list(ctx: AppContext, code: str, as_json: bool) -> None:
    """The organization's ledger: each card's state from its events."""
    org = _organization(ctx, code)
    t = ctx.t
    people = {p.id: p for p in ctx.repo.people()}
    items = []
    for state in ctx.site.ledger(org.id).states():
        card = state.card
        holder = people[state.holder_id].name if state.holder_id in people else ""
        if card.use is CardUse.GROUP:
            holder = card.group_name
        delay = format_delay(state.loss_delay) if state.loss_delay is not None else None
        items.append(
            {
                "number": card.number,
                "kind": card.kind.value,
                "use": card.use.value,
                "holder": holder,
                "status": state.status.value,
                # Japan time, as the offices read it (not UTC, not the computer's zone)
                "last_seen": japan_time(state.last_seen_at).isoformat(timespec="minutes")
                if state.last_seen_at
                else None,
                "check": state.last_check.value if state.last_check else None,
                "lost_days_after_seen": delay[0] if delay else None,
                "lost_hours": delay[1] if delay else None,
            }
        )
    if as_json:
        echo_json(items)
        return
    echo_table(
        [
            t(f"site.card.columns.{k}")
            for k in ("number", "kind", "use", "holder", "status", "last_seen", "check")
        ],
        [
            [
                i["number"],
                t(f"site.card.kind.{i['kind']}"),
                t(f"site.card.use.{i['use']}"),
                i["holder"],
                t(f"site.card.status.{i['status']}")
                + (
                    f" ({t('site.card.loss_delay', days=i['lost_days_after_seen'], hours=i['lost_hours'])})"
                    if i["lost_days_after_seen"] is not None
                    else ""
                ),
                shown_time(datetime.fromisoformat(str(i["last_seen"]))) if i["last_seen"] else "",
                t(f"site.card.event.{i['check']}") if i["check"] else "",
            ]
            for i in items
        ],
    )


@cards.command("reconcile")
@click.option("--organization", "code", metavar="CODE", required=True)
@click.option(
    "--date",
    "on",
    type=DAY,
    default=None,
    help="Check date (default: today); group card usage is counted back from it.",
)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def cards_reconcile(ctx: AppContext, code: str, on: datetime | None, as_json: bool) -> None:
    """Compare the organization's card ledger with the roster and the usage log."""
    org = _organization(ctx, code)
    rules = load_site_rules()
    ledger = ctx.site.ledger(org.id)
    people = {p.id: p for p in ctx.repo.people()}
    found = reconcile(
        org.id,
        ledger.cards,
        ledger.events,
        people,
        operators=ctx.site.operators(org.id),
        usages=ledger.usages,
        today=on.date() if on else japan_today(),
        thresholds=rules.cards,
    )
    if as_json:
        echo_json(
            {
                "organization": org.code,
                "cards": len(ledger.cards),
                "mismatches": [m.to_json() for m in found],
            }
        )
        return
    t = ctx.t
    click.echo(tr("cli.cards.count", org=f"{org.code} {org.name}", count=len(ledger.cards)))
    if not found:
        click.echo(t("site.no_mismatch"))
        return
    echo_table(
        [tr("cli.cards.mismatch_kind"), t("site.mismatches")],
        [
            [
                tr(f"cli.cards.mismatch.{m.kind.value}"),
                t(m.message_key, card=m.card_number, person=m.person_name, **m.params),
            ]
            for m in found
        ],
    )


__all__ = ["cards"]

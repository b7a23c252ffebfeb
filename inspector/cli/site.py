"""`inspector cards|layout|backup|forms ...`: card ledgers, server room layouts, the backup
register and the printable registers."""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, datetime, time
from pathlib import Path

import click

from inspector.cli.errors import UserError
from inspector.cli.output import echo_json, echo_table
from inspector.cli.outputs import document_target, force_option
from inspector.cli.rosters import ignore_extra_columns, warn
from inspector.context import AppContext
from inspector.domain.backup import BackupRuleResult, check_backup, evaluate_backup
from inspector.domain.cards import (
    CARD_COLUMNS,
    USAGE_COLUMNS,
    CardUse,
    format_delay,
    parse_card_rows,
    parse_usage_rows,
    reconcile,
)
from inspector.domain.layout import (
    GLYPHS,
    CellKind,
    RuleState,
    cell_label,
    evaluate_layout,
    load_site_rules,
    render_grid,
    rule_counts,
)
from inspector.domain.model import Organization
from inspector.exchange.csvfile import CsvProblems, RowProblem
from inspector.exchange.rosters import read_known_rows
from inspector.store.repositories.site import NewCard, NewUsage


def _organization(ctx: AppContext, code: str) -> Organization:
    org = ctx.repo.find_organization(code)
    if org is None:
        raise LookupError(f"unknown organization '{code}'")
    return org


# `layout show` and `backup check`: some rule could not be checked (the output is complete;
# 1 and 2 stay the error and usage statuses).
EXIT_NOT_CHECKED = 3

# The mark of a rule's state in the text output: the same in every language, so that a
# script (or grep) finds it.
STATE_MARK = {RuleState.PASSED: "ok", RuleState.BROKEN: "NG", RuleState.NOT_CHECKED: "??"}


def _exit_if_not_checked(states: list[RuleState]) -> None:
    if RuleState.NOT_CHECKED in states:
        sys.exit(EXIT_NOT_CHECKED)


def _card_file_rows(
    file: Path, columns: list[str], required: int, ignore_extra: bool
) -> list[dict[str, str]]:
    """The rows of a card or usage-log file: the first `required` columns must be there,
    another column is an error unless `ignore_extra`."""
    return read_known_rows(
        file, columns[:required], columns[required:], ignore_extra=ignore_extra, warn=warn
    )


def _aware(moment: datetime) -> datetime:
    """A naive time read from a file is local time."""
    return moment.astimezone() if moment.tzinfo is None else moment


# -- cards -----------------------------------------------------------------------------------


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
    rows = _card_file_rows(file, CARD_COLUMNS, 2, ignore_extra)
    parsed, found = parse_card_rows(rows)
    problems = [RowProblem(n, m) for n, m in found]
    orgs = ctx.repo.organization_lookup()
    staff = {p.staff_number: p.id for p in ctx.repo.people()}
    existing = ctx.site.card_numbers()
    new: list[NewCard] = []
    for row in parsed:
        org_id = orgs.get(row.organization)
        if org_id is None:
            problems.append(RowProblem(row.row, f"unknown organization '{row.organization}'"))
            continue
        if (org_id, row.number) in existing:
            problems.append(RowProblem(row.row, f"card '{row.number}' is already in the ledger"))
        holder_id = None
        if row.holder:
            holder_id = staff.get(row.holder)
            if holder_id is None:
                problems.append(RowProblem(row.row, f"unknown staff number '{row.holder}'"))
        members: list[int] = []
        for number in row.members:
            if number in staff:
                members.append(staff[number])
            else:
                problems.append(RowProblem(row.row, f"unknown staff number '{number}'"))
        issued_at = None
        if row.issued is not None:
            issued_at = datetime.combine(row.issued, time(9, 0)).astimezone()
        new.append(
            NewCard(
                organization_id=org_id,
                number=row.number,
                kind=row.kind,
                use=row.use,
                group_name=row.group_name,
                members=tuple(members),
                note=row.note,
                holder_id=holder_id,
                issued_at=issued_at,
            )
        )
    if problems:
        raise CsvProblems(file, sorted(problems, key=lambda p: p.row))
    added = ctx.site.add_cards(new, ctx.settings.user)
    click.echo(f"cards: {len(added)} added")


@cards.command("import-usage")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@ignore_extra_columns
@click.pass_obj
def cards_import_usage(ctx: AppContext, file: Path, ignore_extra: bool) -> None:
    """Import the terminal usage log FILE with columns organization,card,used_at,staff_number,name,purpose.

    Another column is an error unless --ignore-extra-columns."""
    rows = _card_file_rows(file, USAGE_COLUMNS, 3, ignore_extra)
    parsed, found = parse_usage_rows(rows)
    problems = [RowProblem(n, m) for n, m in found]
    orgs = ctx.repo.organization_lookup()
    people = {p.staff_number: p for p in ctx.repo.people()}
    numbers = ctx.site.card_numbers()
    usages: list[NewUsage] = []
    for row in parsed:
        org_id = orgs.get(row.organization)
        card_id = numbers.get((org_id, row.card)) if org_id is not None else None
        if card_id is None:
            problems.append(
                RowProblem(row.row, f"unknown card '{row.card}' of '{row.organization}'")
            )
            continue
        person = people.get(row.staff_number) if row.staff_number else None
        if row.staff_number and person is None:
            problems.append(RowProblem(row.row, f"unknown staff number '{row.staff_number}'"))
            continue
        usages.append(
            NewUsage(
                card_id=card_id,
                used_at=_aware(row.used_at),
                user_name=row.name or (person.name if person else ""),
                person_id=person.id if person else None,
                purpose=row.purpose,
                source="csv",
            )
        )
    if problems:
        raise CsvProblems(file, sorted(problems, key=lambda p: p.row))
    count = ctx.site.add_usages(usages, ctx.settings.user)
    click.echo(f"usage log: {count} added")


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
                "last_seen": state.last_seen_at.astimezone().isoformat(timespec="minutes")
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
                i["last_seen"] or "",
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
    type=click.DateTime(formats=["%Y-%m-%d"]),
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
        today=on.date() if on else date.today(),
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
    click.echo(f"{org.code} {org.name}: {len(ledger.cards)} cards")
    if not found:
        click.echo(t("site.no_mismatch"))
        return
    echo_table(
        ["kind", t("site.mismatches")],
        [
            [
                m.kind.value,
                t(m.message_key, card=m.card_number, person=m.person_name, **m.params),
            ]
            for m in found
        ],
    )


# -- layout ----------------------------------------------------------------------------------


@click.group()
def layout() -> None:
    """Server room layouts recorded at visits."""


@layout.command("show")
@click.option("--session", "session_id", type=int, required=True, metavar="ID")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def layout_show(ctx: AppContext, session_id: int, as_json: bool) -> None:
    """The session's layout as text, with every rule's result.

    Each rule is [ok] kept, [NG] broken, or [??] not checked: the layout lacks what the
    rule is about (no rack, no door into the server zone, no backup box or no key
    cabinet), so it could not be judged. In --json, each rule has "state" (passed, broken,
    not_checked), "reason" (what is missing, when not checked) and "ok" (true only when
    kept).

    Exit status: 0 when every rule could be judged, kept or broken (broken rules are
    results, not errors); 3 when at least one rule was not checked (the output is still
    complete); 1 on an error (unknown session, no layout recorded).
    """
    ctx.repo.session(session_id)  # NotFound -> error
    saved = ctx.site.layout_for(session_id)
    if saved is None:
        raise UserError(ctx.t("site.layout.none") + f" (#{session_id})")
    room = saved.layout
    results = evaluate_layout(room, load_site_rules().layout)
    t = ctx.t
    if as_json:
        echo_json(
            {
                "session": session_id,
                "layout": room.to_json(),
                "rules": [
                    {
                        "rule": r.rule_id,
                        "state": r.state.value,
                        "ok": r.ok,
                        "reason": r.reason,
                        "message": t(r.message_key, **r.params),
                        "cells": [cell_label(p) for p in r.cells],
                    }
                    for r in results
                ],
                "counts": rule_counts(results),
            }
        )
        _exit_if_not_checked([r.state for r in results])
        return
    highlight = [p for r in results if r.broken for p in r.cells]
    click.echo(
        f"{room.name}  "
        + t(
            "site.layout.size",
            width=room.width,
            height=room.height,
            scale=f"{room.scale_m_per_cell:g}",
        )
    )
    for line in render_grid(room, highlight):
        click.echo(line)
    click.echo("")
    present = {c.kind for c in room.cells.values()}
    legend = [
        f"{GLYPHS[k].strip() or k.value}={t(f'site.kind.{k.value}')}"
        for k in CellKind
        if k in present
    ]
    click.echo(
        f"{t('site.layout.legend')}: " + "  ".join(legend) + "  !=" + t("site.layout.broken")
    )
    click.echo("")
    for r in results:
        line = f"[{STATE_MARK[r.state]}] {t(r.title_key)}: {t(r.message_key, **r.params)}"
        if r.cells and r.broken:
            line += "  (" + ", ".join(cell_label(p) for p in r.cells) + ")"
        click.echo(line)
    click.echo("")
    click.echo(t("site.layout.summary", **rule_counts(results)))
    _exit_if_not_checked([r.state for r in results])


# -- backup ----------------------------------------------------------------------------------


@click.group()
def backup() -> None:
    """The backup media storage register and its transport log."""


@backup.command("check")
@click.option("--organization", "code", metavar="CODE", required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def backup_check(ctx: AppContext, code: str, as_json: bool) -> None:
    """Every rule of the register: key kept apart from its box; transports locked, key
    carried apart, received.

    Each rule is [ok] kept, [NG] broken (one line per box or transport), or [??] not
    checked: the register holds nothing to judge it on (no box or safe, no transport in
    the log, a box whose location or key location is not written). --json gives
    {"organization", "storages", "transports", "rules": [{"rule", "state", "reason",
    "judged", "issues", "not_checked"}], "issues"}.

    Exit status: 0 when every rule could be judged, kept or broken (broken rules are
    results, not errors); 3 when at least one rule was not checked (the output is still
    complete); 1 on an error (unknown organization).
    """
    org = _organization(ctx, code)
    storages = ctx.site.storages(org.id)
    transports = ctx.site.transports([s.id for s in storages])
    rules = check_backup(storages, transports)
    issues = evaluate_backup(storages, transports)
    if as_json:
        echo_json(
            {
                "organization": org.code,
                "storages": len(storages),
                "transports": len(transports),
                "rules": [r.to_json() for r in rules],
                "issues": [i.to_json() for i in issues],
            }
        )
        _exit_if_not_checked([r.state for r in rules])
        return
    t = ctx.t
    click.echo(f"{org.code} {org.name}: {len(storages)} storage(s), {len(transports)} transport(s)")
    for rule in rules:
        click.echo(f"[{STATE_MARK[rule.state]}] {t(rule.title_key)}")
        for line in _backup_rule_lines(rule, t):
            click.echo(f"     {line}")
    counts = {state.value: sum(1 for r in rules if r.state is state) for state in RuleState}
    click.echo("")
    if counts[RuleState.PASSED.value] == len(rules):
        click.echo(t("site.backup.ok"))
    else:
        click.echo(t("site.backup.summary", **counts))
    _exit_if_not_checked([r.state for r in rules])


def _backup_rule_lines(rule: BackupRuleResult, t: Callable[..., str]) -> list[str]:
    """What a rule's result rests on: each broken box or transport, each box it could not
    be judged on, or why nothing could be judged."""
    lines = [t(i.message_key, name=i.storage_name, **i.params) for i in rule.issues]
    lines += [t(g.message_key, name=g.storage_name) for g in rule.gaps]
    if rule.reason_key:
        lines.append(t(rule.reason_key))
    return lines


# -- forms -----------------------------------------------------------------------------------


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


__all__ = ["backup", "cards", "forms", "layout"]

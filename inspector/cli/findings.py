"""`inspector findings`: a session's findings, and withdrawing (取下げ) or restoring one
from the command line, as the findings screen's `x` does (the same use case in
`inspector.services.findings`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from inspector.cli.output import echo_json, echo_table
from inspector.cli.text import shown_time, t
from inspector.context import AppContext
from inspector.domain.findings import Finding
from inspector.services.findings import restore_finding, session_findings, withdraw_finding


@click.group()
def findings() -> None:
    """A session's findings; withdraw (取下げ) one with a reason, or restore it."""


def _json(finding: Finding) -> dict[str, Any]:
    return {
        "id": finding.id,
        "kind": finding.kind.value,
        "title": finding.title,
        "session_id": finding.session_id,
        "organization_id": finding.organization_id,
        "withdrawn": finding.withdrawn,
        "withdrawn_at": finding.withdrawn_at.isoformat() if finding.withdrawn_at else None,
        "withdrawn_by": finding.withdrawn_by,
        "withdrawn_reason": finding.withdrawn_reason or None,
    }


@findings.command("list")
@click.option("--session", "session_id", type=int, required=True, metavar="N")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def findings_list(ctx: AppContext, session_id: int, as_json: bool) -> None:
    """The findings of session N, withdrawn ones included and marked, with who withdrew
    them, when and why. --json gives [{"id", "kind", "title", "session_id",
    "organization_id", "withdrawn", "withdrawn_at", "withdrawn_by", "withdrawn_reason"}]."""
    found = session_findings(ctx, session_id)
    if as_json:
        echo_json([_json(f) for f in found])
        return
    if not found:
        click.echo(t("cli_findings.none", session=session_id))
        return
    rows = [
        [
            f.id,
            t(f"cli_findings.kind.{f.kind.value}"),
            t("cli_findings.state.withdrawn" if f.withdrawn else "cli_findings.state.active"),
            f.title,
            t(
                "cli_findings.withdrawal",
                when=shown_time(f.withdrawn_at),
                by=f.withdrawn_by or "-",
                reason=f.withdrawn_reason,
            )
            if f.withdrawn
            else "",
        ]
        for f in found
    ]
    columns = ("id", "kind", "state", "title", "withdrawal")
    echo_table([t(f"cli_findings.columns.{c}") for c in columns], rows)


@findings.command("withdraw")
@click.argument("finding_id", type=int, metavar="FINDING_ID")
@click.option("--reason", required=True, metavar="TEXT", help="Why it is withdrawn (logged).")
@click.pass_obj
def findings_withdraw(ctx: AppContext, finding_id: int, reason: str) -> None:
    """Withdraw (取下げ) finding FINDING_ID with a reason: it stays in the database and its
    change log, and is left out of every document from now on. Refused for an unknown or
    already withdrawn finding, an empty reason or one with a control character."""
    finding = withdraw_finding(ctx, finding_id, reason)
    click.echo(t("cli_findings.withdrawn", finding=finding.id, title=finding.title))


def _withdrawal_time(value: str | None) -> datetime | None:
    """The callback of `--withdrawn-at`: an ISO time with its zone, as `list --json`."""
    if value is None:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise click.BadParameter(t("trust4.bad_withdrawn_at", value=value))
    return moment


@findings.command("restore")
@click.argument("finding_id", type=int, metavar="FINDING_ID")
@click.option(
    "--withdrawn-at",
    "seen",
    callback=lambda _c, _p, v: _withdrawal_time(v),
    metavar="TIME",
    help="The withdrawal to undo: its withdrawn_at in `findings list --json`; refused when"
    " it was withdrawn again since.",
)
@click.pass_obj
def findings_restore(ctx: AppContext, finding_id: int, seen: datetime | None) -> None:
    """Undo the withdrawal of finding FINDING_ID (logged; the log keeps the withdrawal and
    its reason). Refused for an unknown finding or one not withdrawn; with --withdrawn-at
    (the withdrawal decided on, as `findings list --json` gave it), also when it has been
    withdrawn again since."""
    finding = restore_finding(ctx, finding_id, seen)
    click.echo(t("cli_findings.restored", finding=finding.id, title=finding.title))


__all__ = ["findings"]

"""`inspector sessions list`: the sessions, newest first, from the store's per-session
counters (issue 17: one query, no pass over the answers; a module of its own so that the
command loads neither the roster imports nor the ORM for a SQLite file)."""

from __future__ import annotations

import functools
from datetime import date, datetime

import click

from inspector.cli.counts import limit_option
from inspector.cli.dates import DAY
from inspector.cli.output import echo_json, echo_table
from inspector.cli.text import shown_date, t
from inspector.context import AppContext


@click.group()
def sessions() -> None:
    """Sessions (visits and self-checks)."""


@sessions.command("list")
@click.option("--checklist", metavar="ID", help="Only the sessions of this checklist.")
@click.option("--organization", metavar="CODE", help="Only the sessions of this organization.")
@click.option("--since", type=DAY, help="Only the sessions dated DATE or later.")
@limit_option("Only the newest N sessions.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sessions_list(
    ctx: AppContext,
    checklist: str | None,
    organization: str | None,
    since: datetime | None,
    limit: int | None,
    as_json: bool,
) -> None:
    """Sessions, newest first, with answered / applicable and noncompliant counts."""
    from inspector.services.session_list import answered_of_unknown, listed_sessions
    from inspector.store.session_list import SessionFilter

    day = since.date() if since is not None else None  # DAY gives a datetime
    which = SessionFilter(
        limit=limit, organization_code=organization, checklist_id=checklist, since=day
    )
    listed = listed_sessions(ctx, which)
    if organization and not listed and ctx.repo.find_organization(organization) is None:
        raise LookupError(t("cli.rosters.unknown_organization", code=organization))
    # a checklist no longer in force: its answers as they are, nothing applicable
    unknown = answered_of_unknown(ctx, listed)
    rows = []
    for s in listed:
        counts = None if s.id in unknown else s.counts
        rows.append(
            {
                "id": s.id,
                "uid": s.uid,
                "date": s.session_date,
                "organization": s.organization_code,
                "organization_name": s.organization_name,
                "checklist": s.checklist_id,
                "respondent": s.staff_number,
                "role": s.role,
                "kind": s.kind,
                "status": s.status,
                "source": s.source,
                "not_independent": s.not_independent,
                "answered": counts[0] if counts else unknown.get(s.id, 0),
                "applicable": counts[1] if counts else None,
                "noncompliant": counts[2] if counts else None,
            }
        )
    if as_json:
        echo_json(rows)
        return
    columns = (
        "id",
        "date",
        "organization",
        "checklist",
        "respondent",
        "role",
        "status",
        "answered",
        "noncompliant",
    )
    # each date, role and status worded once: a prefecture lists 57,000 sessions
    said = functools.cache(t)
    worded_date = functools.cache(lambda text: shown_date(date.fromisoformat(text)))
    echo_table(
        [t(f"cli.rosters.sessions_columns.{k}") for k in columns],
        [
            [
                r["id"],
                worded_date(str(r["date"])),
                r["organization_name"],
                r["checklist"],
                r["respondent"] or "",
                said(f"cli.rosters.role.{r['role']}"),
                said(f"cli.rosters.session_status.{r['status']}")
                + (said("cli.rosters.not_independent") if r["not_independent"] else ""),
                f"{r['answered']}/{r['applicable']}",
                r["noncompliant"],
            ]
            for r in rows
        ],
    )

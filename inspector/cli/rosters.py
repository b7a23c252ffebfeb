"""`inspector orgs|people|sessions ...`: rosters and what is in the database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click

from inspector.cli.output import echo_json, echo_table
from inspector.cli.text import say, shown_date, t
from inspector.context import AppContext
from inspector.domain.progress import progress
from inspector.exchange.rosters import IGNORE_EXTRA_OPTION
from inspector.services.orgs import import_orgs
from inspector.services.people import import_people

ignore_extra_columns = click.option(
    IGNORE_EXTRA_OPTION,
    "ignore_extra",
    is_flag=True,
    help="Leave out the columns the import does not use (e.g. an HR export's) instead of "
    "refusing the file; the ones left out are named.",
)
"""The option of the roster and card imports (`inspector cards import` uses it too)."""


def warn(message: str) -> None:
    """A note on standard error that does not stop the command."""
    click.echo(t("cli.warning", message=say(message)), err=True)


@click.group()
def orgs() -> None:
    """Organizations (departments): import, list."""


@orgs.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@ignore_extra_columns
@click.pass_obj
def orgs_import(ctx: AppContext, file: Path, ignore_extra: bool) -> None:
    """Import FILE with columns code,name,parent,tags (tags separated by spaces or ';').

    Without a parent or tags column the stored ones stay; an empty cell means none.
    Another column is an error unless --ignore-extra-columns is given (a misspelt known
    column stays an error)."""
    counts = import_orgs(ctx, file, ignore_extra=ignore_extra, warn=warn)
    click.echo(
        t(
            "cli.rosters.orgs_imported",
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
        )
    )


@orgs.command("list")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def orgs_list(ctx: AppContext, as_json: bool) -> None:
    """Every organization."""
    items = ctx.repo.organizations()
    code_of = {o.id: o.code for o in items}
    if as_json:
        echo_json(
            [
                {
                    "code": o.code,
                    "name": o.name,
                    "parent": code_of.get(o.parent_id) if o.parent_id else None,
                    "tags": sorted(o.tags),
                }
                for o in items
            ]
        )
        return
    echo_table(
        [t(f"cli.rosters.orgs_columns.{k}") for k in ("code", "name", "parent", "tags")],
        [
            [
                o.code,
                o.name,
                code_of.get(o.parent_id, "") if o.parent_id else "",
                " ".join(sorted(o.tags)),
            ]
            for o in items
        ],
    )


@click.group()
def people() -> None:
    """People (staff roster): import, list."""


@people.command("import")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--create-missing", is_flag=True, help="Add organizations named in the file that do not exist."
)
@ignore_extra_columns
@click.pass_obj
def people_import(ctx: AppContext, file: Path, create_missing: bool, ignore_extra: bool) -> None:
    """Import FILE with columns staff_number,name,organization,staff_type,status.

    Without a staff_type or status column the stored ones stay (new people are regular
    and active); an empty cell means regular, active. Another column is an error (a
    misspelt status would make everyone active) unless --ignore-extra-columns is given;
    a misspelt known column stays an error even then."""
    counts = import_people(
        ctx, file, create_missing=create_missing, ignore_extra=ignore_extra, warn=warn
    )
    click.echo(
        t(
            "cli.rosters.people_imported",
            added=counts.added,
            updated=counts.updated,
            unchanged=counts.unchanged,
        )
    )


@people.command("list")
@click.option("--organization", metavar="CODE")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def people_list(ctx: AppContext, organization: str | None, as_json: bool) -> None:
    """Every person (or those of one organization)."""
    org_id = None
    if organization:
        org = ctx.repo.find_organization(organization)
        if org is None:
            raise LookupError(t("cli.rosters.unknown_organization", code=organization))
        org_id = org.id
    code_of = {o.id: o.code for o in ctx.repo.organizations()}
    items = ctx.repo.people(org_id)
    rows = [
        {
            "staff_number": p.staff_number,
            "name": p.name,
            "organization": code_of.get(p.organization_id) if p.organization_id else None,
            "staff_type": p.staff_type.value,
            "status": p.status.value,
        }
        for p in items
    ]
    if as_json:
        echo_json(rows)
        return
    columns = ("staff_number", "name", "organization", "staff_type", "status")
    echo_table(
        [t(f"cli.rosters.people_columns.{k}") for k in columns],
        [
            [
                r["staff_number"],
                r["name"],
                r["organization"],
                t(f"cli.rosters.staff_type.{r['staff_type']}"),
                t(f"cli.rosters.person_status.{r['status']}"),
            ]
            for r in rows
        ],
    )


@click.group()
def sessions() -> None:
    """Sessions (visits and self-checks)."""


@sessions.command("list")
@click.option("--checklist", metavar="ID")
@click.option("--organization", metavar="CODE")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def sessions_list(
    ctx: AppContext, checklist: str | None, organization: str | None, as_json: bool
) -> None:
    """Sessions, newest first, with answered / applicable and noncompliant counts."""
    org_id = None
    if organization:
        org = ctx.repo.find_organization(organization)
        if org is None:
            raise LookupError(t("cli.rosters.unknown_organization", code=organization))
        org_id = org.id
    items = ctx.repo.sessions(checklist_id=checklist, organization_id=org_id)
    orgs = {o.id: o for o in ctx.repo.organizations()}
    people_by_id = {p.id: p for p in ctx.repo.people()}
    values = ctx.repo.answer_counts(s.id for s in items)
    rows = []
    for s in items:
        org = orgs[s.organization_id]
        counts = None
        if s.checklist_id in ctx.catalog:
            counts = progress(ctx.catalog.get(s.checklist_id), values[s.id], org.tags)
        respondent = people_by_id.get(s.respondent_id) if s.respondent_id else None
        rows.append(
            {
                "id": s.id,
                "uid": s.uid,
                "date": s.session_date.isoformat(),
                "organization": org.code,
                "organization_name": org.name,
                "checklist": s.checklist_id,
                "respondent": respondent.staff_number if respondent else None,
                "role": s.role.value,
                "kind": s.kind.value,
                "status": s.status.value,
                "source": s.source.value,
                "not_independent": s.not_independent,
                "answered": counts.answered if counts else len(values[s.id]),
                "applicable": counts.applicable if counts else None,
                "noncompliant": counts.noncompliant if counts else None,
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
    echo_table(
        [t(f"cli.rosters.sessions_columns.{k}") for k in columns],
        [
            [
                r["id"],
                shown_date(date.fromisoformat(str(r["date"]))),
                r["organization_name"],
                r["checklist"],
                r["respondent"] or "",
                t(f"cli.rosters.role.{r['role']}"),
                t(f"cli.rosters.session_status.{r['status']}")
                + (t("cli.rosters.not_independent") if r["not_independent"] else ""),
                f"{r['answered']}/{r['applicable']}",
                r["noncompliant"],
            ]
            for r in rows
        ],
    )

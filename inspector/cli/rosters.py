"""`inspector orgs|people ...`: the rosters (`inspector sessions` is in `sessions.py`)."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.output import echo_json, echo_table
from inspector.cli.text import t
from inspector.context import AppContext
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
    click.echo(t("cli.warning", message=message), err=True)


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

"""`inspector orgs|people ...`: the rosters (`inspector sessions` is in `sessions.py`)."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.counts import limit_option
from inspector.cli.output import echo_json, echo_table
from inspector.cli.text import say, t
from inspector.context import AppContext

# The listings import only what they print (the imports' modules load the store and the
# checklist models); `exchange.rosters.IGNORE_EXTRA_OPTION` is this name, a test checks it.
IGNORE_EXTRA_OPTION = "--ignore-extra-columns"

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
    from inspector.services.orgs import import_orgs

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
    from inspector.services import roster_lists

    items = roster_lists.organizations(ctx)
    if as_json:
        echo_json(
            [
                {"code": o.code, "name": o.name, "parent": o.parent_code, "tags": list(o.tags)}
                for o in items
            ]
        )
        return
    echo_table(
        [t(f"cli.rosters.orgs_columns.{k}") for k in ("code", "name", "parent", "tags")],
        [[o.code, o.name, o.parent_code or "", " ".join(o.tags)] for o in items],
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

    Without a staff_type or status column, or with an empty cell in it, a stored person's
    type and status stay (new people are regular and active). Each field changed is listed (old -> new)
    and logged. Another column is an error (a misspelt status would make everyone active)
    unless --ignore-extra-columns is given; a misspelt known column stays an error even
    then."""
    from inspector.services.people import change_lines, import_people

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
    for line in change_lines(counts, ctx.t):
        click.echo(line)


@people.command("list")
@click.option("--organization", metavar="CODE", help="Only the people of this organization.")
@limit_option("Only the first N.")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def people_list(
    ctx: AppContext, organization: str | None, limit: int | None, as_json: bool
) -> None:
    """Every person by staff number (or those of one organization, or the first N)."""
    from inspector.services import roster_lists

    items = roster_lists.people(ctx, organization, limit)
    if as_json:
        echo_json(
            [
                {
                    "staff_number": p.staff_number,
                    "name": p.name,
                    "organization": p.organization_code,
                    "staff_type": p.staff_type,
                    "status": p.status,
                }
                for p in items
            ]
        )
        return
    columns = ("staff_number", "name", "organization", "staff_type", "status")
    staff_types = {k: t(f"cli.rosters.staff_type.{k}") for k in {p.staff_type for p in items}}
    statuses = {k: t(f"cli.rosters.person_status.{k}") for k in {p.status for p in items}}
    echo_table(
        [t(f"cli.rosters.people_columns.{k}") for k in columns],
        [
            [
                p.staff_number,
                p.name,
                p.organization_code,
                staff_types[p.staff_type],
                statuses[p.status],
            ]
            for p in items
        ],
    )

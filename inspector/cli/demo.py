"""`inspector demo` and `inspector db ...`."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.output import echo_json
from inspector.context import AppContext
from inspector.demo import CITY, build_demo
from inspector.store.database import current_revision, head_revision
from inspector.store.preflight import ensure_database_folder


@click.command()
@click.option(
    "--db", "db", metavar="PATH", help="Where to build it (default: the database in use)."
)
@click.option("--force", is_flag=True, help="Delete the file first and build the demo anew.")
@click.pass_obj
def demo(ctx: AppContext, db: str | None, force: bool) -> None:
    """Build a demo database: a fictional city with departments, people and sessions."""
    if db:
        ctx = AppContext(ctx.settings.updated(db=db))
    url = ctx.settings.database_url
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        # The one command that may make the folder: it builds a new database on purpose.
        ensure_database_folder(path, create=True)
        if force:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    catalog = ctx.catalog
    repo = ctx.repo
    if repo.organizations():
        click.echo(f"the database already has data: {url} (use --force to rebuild the demo)")
        return
    summary = build_demo(repo, catalog)
    click.echo(
        f"{CITY}: {summary.organizations} organizations, {summary.people} people, "
        f"{summary.sessions} sessions, {summary.answers} answers -> {url}"
    )
    ctx.close()


@click.group("db")
def db_group() -> None:
    """The database: where it is, which schema revision."""


@db_group.command("info")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def db_info(ctx: AppContext, as_json: bool) -> None:
    """Where the database is and its schema revision (migrated to the newest on open)."""
    info = {
        "url": ctx.settings.database_url,
        "revision": current_revision(ctx.engine),
        "head": head_revision(),
    }
    if as_json:
        echo_json(info)
    else:
        for key, value in info.items():
            click.echo(f"{key}: {value}")

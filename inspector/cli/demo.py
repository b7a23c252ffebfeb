"""`inspector demo` (the `db` group is in `database.py`)."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.text import t
from inspector.context import AppContext
from inspector.demo import CITY, build_demo
from inspector.redaction import shown_url
from inspector.store.preflight import ensure_database_folder


@click.command()
@click.option(
    "--db", "db", metavar="PATH", help="Where to build it (default: the database in use)."
)
@click.option("--force", is_flag=True, help="Delete the file first and build the demo anew.")
@click.option(
    "--encrypt",
    is_flag=True,
    help="Make it an encrypted database (SQLCipher); the passphrase is asked twice unless "
    "given by --db-passphrase-file or $INSPECTOR_DB_PASSPHRASE.",
)
@click.pass_obj
def demo(ctx: AppContext, db: str | None, force: bool, encrypt: bool) -> None:
    """Build a demo database: a fictional city with departments, people and sessions.
    With a database passphrase given (or --encrypt), a new database is encrypted."""
    if db:
        ctx = ctx.derived(ctx.settings.updated(db=db))
    url = ctx.settings.database_url
    if encrypt and ctx.db_passphrase is None:
        from inspector.cli.db_passphrase import new_db_passphrase

        ctx.set_db_passphrase(new_db_passphrase(url.removeprefix("sqlite:///")))
    elif ctx.db_passphrase is not None and url.startswith("sqlite:///"):
        from inspector.config import check_new_db_passphrase

        target = Path(url.removeprefix("sqlite:///"))
        if force or not target.exists():  # the passphrase will lock a new database
            check_new_db_passphrase(ctx.db_passphrase)
    if url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        # The one command that may make the folder: it builds a new database on purpose.
        ensure_database_folder(path, create=True)
        if force:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    catalog = ctx.catalog
    repo = ctx.repo
    if force and not url.startswith("sqlite:///"):
        # a server database cannot be deleted as a file: its rows are, in one transaction
        from inspector.store.bulk import clear_tables

        clear_tables(ctx.engine)
        click.echo(ctx.t("demo_pg.cleared", target=shown_url(url)))
    if repo.organizations():
        click.echo(t("cli.demo.has_data", url=shown_url(url)))
        return
    summary = build_demo(repo, catalog)
    click.echo(
        t(
            "cli.demo.built",
            city=CITY,
            organizations=summary.organizations,
            people=summary.people,
            sessions=summary.sessions,
            answers=summary.answers,
            url=shown_url(url),
        )
    )
    ctx.close()

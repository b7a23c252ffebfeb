"""`inspector demo` (the `db` group is in `database.py`)."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.text import t
from inspector.context import AppContext
from inspector.demo import CITY, build_demo
from inspector.demo.city import DemoSummary
from inspector.redaction import shown_url
from inspector.store.preflight import ensure_database_folder


@click.command()
@click.option(
    "--db", "db", metavar="PATH", help="Where to build it (default: the database in use)."
)
@click.option(
    "--force",
    is_flag=True,
    help="Replace a demo (or empty) database with a new demo; any other database is refused.",
)
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
    path = Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None
    if path is not None and path.is_dir():
        from inspector.i18n import Message
        from inspector.store.errors import DatabaseError

        raise DatabaseError(
            Message("errors.db.cannot_open", path=path, detail=Message("more.store.is_folder"))
        )
    if encrypt and path is None:
        raise click.UsageError(t("demo_mark.encrypt_server", url=shown_url(url)))
    if force:  # before a new passphrase is asked: the old file is read with its own
        _checked_replaceable(ctx, url, path)
    if encrypt and ctx.db_passphrase is None:
        from inspector.cli.db_passphrase import new_db_passphrase

        ctx.set_db_passphrase(new_db_passphrase(url.removeprefix("sqlite:///")))
    elif ctx.db_passphrase is not None and path is not None:
        from inspector.config import check_new_db_passphrase

        if force or not path.exists():  # the passphrase will lock a new database
            check_new_db_passphrase(ctx.db_passphrase)
    if path is None:
        summary = _on_server(ctx, url, force)
    else:
        # The one command that may make the folder: it builds a new database on purpose.
        ensure_database_folder(path, create=True)
        if not force and path.exists() and path.stat().st_size and _has_data(ctx, url):
            return
        ctx.close()
        summary = _in_a_file(ctx, path)
    if summary is None:
        return
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


def _checked_replaceable(ctx: AppContext, url: str, path: Path | None) -> None:
    """Refuses (`DatabaseError`) unless the database is a demo or empty; a plain file is
    read without the passphrase that will lock the new one."""
    from inspector.cli.demo_target import refuse_unless_replaceable

    reader = ctx.derived(ctx.settings)
    if path is not None:
        from inspector.store.encryption import file_state

        if file_state(path) == "plain":
            reader = _plain_reader(ctx)
    try:
        refuse_unless_replaceable(reader, url)
    finally:
        reader.close()


def _plain_reader(ctx: AppContext) -> AppContext:
    reader = AppContext(ctx.settings)
    reader._db_passphrase = None  # a plain file: no passphrase opens it
    return reader


def _has_data(ctx: AppContext, url: str) -> bool:
    """Says so when the database already holds data (how to rebuild a demo; where to make
    one beside a real database)."""
    from inspector.cli.demo_target import holds, shown_target

    counts, is_demo = holds(ctx.engine)
    if not any(counts.values()):
        return False
    if is_demo:
        click.echo(t("cli.demo.has_data", url=shown_url(url)))
    else:
        click.echo(t("fix9h.demo.has_real_data", url=shown_target(url)))
    return True


def _in_a_file(ctx: AppContext, path: Path) -> DemoSummary:
    """The demo built in a new file beside `path`, which then replaces it whole."""
    from inspector.cli.demo_target import built_aside
    from inspector.store.demo_marker import mark_demo

    def build(temporary: Path) -> DemoSummary:
        aside = ctx.derived(ctx.settings.updated(db=str(temporary)))
        try:
            summary = build_demo(aside.repo, ctx.catalog)
            mark_demo(aside.engine)
            return summary
        finally:
            aside.close()

    return built_aside(path, build, ctx.db_passphrase)


def _on_server(ctx: AppContext, url: str, force: bool) -> DemoSummary | None:
    """A server database cannot be built aside: `--force` empties it (one transaction)
    and the demo is written in it; an interruption says what was left and how to clear it."""
    from sqlalchemy.exc import SQLAlchemyError

    from inspector.i18n import Message
    from inspector.store.database import plain
    from inspector.store.errors import DatabaseError

    if force:
        from inspector.cli.demo_target import empty_if_replaceable

        empty_if_replaceable(ctx.engine, url)  # checked again under the lock
        click.echo(ctx.t("demo_pg.cleared", target=shown_url(url)))
    elif _has_data(ctx, url):
        return None
    from inspector.store.demo_marker import mark_demo

    try:
        summary = build_demo(ctx.repo, ctx.catalog)
        mark_demo(ctx.engine)
    except BaseException as exc:
        # What was written is marked as the demo (best effort: the server may be gone),
        # so `--force` can clear it, and nothing written into it later.
        marked = _marked_anyway(ctx)
        if not isinstance(exc, (SQLAlchemyError, DatabaseError, OSError)):
            raise
        key = "demo_mark.interrupted" if marked else "demo_mark.interrupted_unmarked"
        raise DatabaseError(Message(key, url=shown_url(url), detail=plain(exc))) from None
    return summary


def _marked_anyway(ctx: AppContext) -> bool:
    from sqlalchemy.exc import SQLAlchemyError

    from inspector.store.demo_marker import mark_demo

    try:
        mark_demo(ctx.engine)
    except (SQLAlchemyError, OSError):
        return False
    return True

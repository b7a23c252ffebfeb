"""The top-level `inspector` group: global options, the error boundary, and the TUI launch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from inspector import __version__
from inspector.cli.errors import handle_errors
from inspector.config import load_settings
from inspector.context import AppContext


class _Group(click.Group):
    """Runs every subcommand inside the one error boundary."""

    def invoke(self, ctx: click.Context) -> Any:
        with handle_errors():
            return super().invoke(ctx)


@click.group(cls=_Group, invoke_without_command=True)
@click.option(
    "--db",
    "db",
    envvar="INSPECTOR_DB",
    metavar="PATH",
    help="SQLite file (or SQLAlchemy URL). Default: inspector.db in the user data directory.",
)
@click.option("--lang", type=click.Choice(["ja", "en"]), default=None, help="Interface language.")
@click.option(
    "--checklist-dir",
    "checklist_dirs",
    multiple=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="A folder of the office's own checklists, loaded after the shipped ones (repeatable).",
)
@click.version_option(__version__, prog_name="inspector")
@click.pass_context
def cli(
    ctx: click.Context, db: str | None, lang: str | None, checklist_dirs: tuple[Path, ...]
) -> None:
    """inspector: 情報セキュリティ監査・自己点検 / information-security inspections.

    Without a subcommand, opens the application.
    """
    settings = load_settings(db=db, lang=lang)
    if checklist_dirs:
        settings = settings.model_copy(
            update={"checklist_dirs": [*settings.checklist_dirs, *checklist_dirs]}
        )
    context = AppContext(settings)
    ctx.obj = context
    ctx.call_on_close(context.close)
    if ctx.invoked_subcommand is None:
        from inspector.tui.app import run_app  # Textual only when the interface is wanted

        context.catalog  # noqa: B018 - fail here, with a message, on a broken checklist
        context.repo  # noqa: B018 - and on a database that cannot be opened
        run_app(context)


def _register() -> None:
    from inspector.cli import checklists, demo, exchange, reports, rosters

    cli.add_command(checklists.checklists)
    cli.add_command(rosters.orgs)
    cli.add_command(rosters.people)
    cli.add_command(rosters.sessions)
    cli.add_command(exchange.import_csv)
    cli.add_command(exchange.export_csv)
    cli.add_command(demo.demo)
    cli.add_command(demo.db_group)
    from inspector.cli import site

    cli.add_command(site.cards)
    cli.add_command(site.layout)
    cli.add_command(site.backup)
    cli.add_command(site.forms)
    cli.add_command(reports.keys)
    cli.add_command(reports.report)
    cli.add_command(reports.verify)
    cli.add_command(reports.plans)
    from inspector.cli import bundle, consolidate

    cli.add_command(consolidate.consolidate)
    cli.add_command(bundle.bundle)
    reports.report.add_command(consolidate.summary_report)


_register()


def main() -> None:
    cli(prog_name="inspector")

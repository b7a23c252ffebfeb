"""The top-level `inspector` group: global options, the error boundary, and the TUI launch."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

import click

from inspector import __version__
from inspector.cli.errors import handle_errors
from inspector.cli.launch import open_interface, warn_exposed_config
from inspector.cli.terminal import escaped_output
from inspector.cli.text import remember_arguments
from inspector.config import load_settings
from inspector.context import AppContext


class _Group(click.Group):
    """Runs every subcommand inside the one error boundary, and the whole run (usage errors
    and help included) with control characters escaped on stdout and stderr."""

    def main(self, args: Any = None, *rest: Any, **kwargs: Any) -> Any:
        remember_arguments(None if args is None else list(args))
        with escaped_output():
            return super().main(args, *rest, **kwargs)

    def get_help(self, ctx: click.Context) -> str:
        from inspector.cli.help_text import localize_help

        localize_help(self, "")
        if self.context_class is not click.Context and not isinstance(ctx, self.context_class):
            ctx.formatter_class = self.context_class.formatter_class
        return super().get_help(ctx)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            from inspector.cli.option_values import refuse_options_as_values

            refuse_options_as_values(ctx, args)
            return super().parse_args(ctx, args)
        except click.UsageError as exc:  # click's English, reworded in the run's language
            from inspector.cli.usage import translated

            raise translated(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            try:
                with handle_errors():
                    return super().invoke(ctx)
            except BaseException as exc:
                _discard_new_database(ctx, exc)
                raise
        except click.UsageError as exc:
            from inspector.cli.usage import translated

            raise translated(exc) from None


# colour on: click would strip escape sequences from data when not on a terminal, and so
# misstate it; the escaping writer (`terminal`) shows them instead, and drops our colours
@click.group(cls=_Group, invoke_without_command=True, context_settings={"color": True})
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
@click.option(
    "--db-passphrase-file",
    "db_passphrase_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Read the passphrase of an encrypted database from FILE (first line). "
    "Default: $INSPECTOR_DB_PASSPHRASE, else a prompt.",
)
@click.version_option(__version__, prog_name="inspector")
@click.pass_context
def cli(
    ctx: click.Context,
    db: str | None,
    lang: str | None,
    checklist_dirs: tuple[Path, ...],
    db_passphrase_file: Path | None,
) -> None:
    """inspector: 情報セキュリティ監査・自己点検 / information-security inspections.

    Without a subcommand, opens the application.
    """
    settings = load_settings(db=db, lang=lang, db_passphrase_file=db_passphrase_file)
    warn_exposed_config(settings.lang)
    if checklist_dirs:
        settings = settings.updated(checklist_dirs=[*settings.checklist_dirs, *checklist_dirs])
    context = AppContext(settings)
    ctx.obj = context
    ctx.call_on_close(context.close)
    if ctx.invoked_subcommand is None:
        open_interface(context)
    else:
        from inspector.cli.db_passphrase import ask_db_passphrase, warn_if_others_can_read

        context.ask_db_passphrase = ask_db_passphrase
        context.on_missing_database = _missing_database
        if settings.db_passphrase_file is not None:
            warn_if_others_can_read(settings.db_passphrase_file)


def _discard_new_database(ctx: click.Context, exc: BaseException) -> None:
    """A command that failed leaves no database file it made and wrote nothing to."""
    if isinstance(exc, SystemExit | click.exceptions.Exit):
        code = exc.code if isinstance(exc, SystemExit) else exc.exit_code
        if not code:
            return
    if isinstance(ctx.obj, AppContext):
        ctx.obj.discard_new_database()


CREATES_DATABASE = frozenset(
    {"demo", "orgs import", "people import", "import-csv", "bundle import"}
)
"""The commands that may make the database file `--db` names when it does not exist (they
say so); any other refuses: a mistyped path must not become a new, empty database that
shows no sessions, as if the data were gone."""


def _missing_database(path: Path) -> None:
    """`AppContext.on_missing_database` for the command being run."""
    current = click.get_current_context(silent=True)
    command = " ".join(current.command_path.split()[1:]) if current is not None else ""
    if command not in CREATES_DATABASE:
        from inspector.i18n import Message
        from inspector.store.errors import DatabaseError

        raise DatabaseError(Message("fix9h.db.missing", path=path))
    from inspector.cli.text import t

    click.echo(t("fix9h.db.creating", path=path), err=True)


# Subcommands are imported when they are called (or listed by --help), so that starting
# the interface does not load the database, PDF and crypto stacks the commands need.
# name -> "module:attribute"; a group's extra subcommands from other modules are in EXTRAS.
COMMANDS: dict[str, str] = {
    "checklists": "inspector.cli.checklists:checklists",
    "orgs": "inspector.cli.rosters:orgs",
    "people": "inspector.cli.rosters:people",
    "sessions": "inspector.cli.sessions:sessions",
    "import-csv": "inspector.cli.exchange:import_csv",
    "export-csv": "inspector.cli.exchange:export_csv",
    "demo": "inspector.cli.demo:demo",
    "db": "inspector.cli.database:db_group",
    "cards": "inspector.cli.cards:cards",
    "layout": "inspector.cli.layout:layout",
    "backup": "inspector.cli.backup:backup",
    "findings": "inspector.cli.findings:findings",
    "forms": "inspector.cli.forms:forms",
    "keys": "inspector.cli.keys:keys",
    "report": "inspector.cli.reports:report",
    "verify": "inspector.cli.verify:verify",
    "plans": "inspector.cli.plans_excel:plans_group",
    "consolidate": "inspector.cli.consolidate:consolidate",
    "bundle": "inspector.cli.bundle:bundle",
    "selfcheck": "inspector.cli.selfcheck_excel:selfcheck_group",
}
EXTRAS: dict[str, dict[str, str]] = {
    # group -> {subcommand name -> "module:attribute"}: loaded when that subcommand is
    # called or listed, so `report notice` does not load the consolidation of `report
    # summary` (a test checks each name is its command's)
    "plans": {"collect": "inspector.cli.plans_excel:plans_collect"},
    "selfcheck": {
        "distribute": "inspector.cli.selfcheck_excel:distribute",
        "collect": "inspector.cli.selfcheck_excel:collect",
        "status": "inspector.cli.selfcheck_excel:status",
        "return": "inspector.cli.selfcheck_excel:return_form",
    },
    "db": {"copy": "inspector.cli.db_copy:db_copy"},
    "report": {"summary": "inspector.cli.consolidate:summary_report"},
    "keys": {
        "revoke": "inspector.cli.revocation:keys_revoke",
        "import-revocations": "inspector.cli.revocation:keys_import_revocations",
        "renew-revocations": "inspector.cli.revocation:keys_renew_revocations",
    },
}


def _load(target: str) -> click.Command:
    module_name, attribute = target.split(":")
    command = getattr(importlib.import_module(module_name), attribute)
    assert isinstance(command, click.Command), target
    return command


def _lazy_list(self: click.Group, ctx: click.Context) -> list[str]:
    return sorted({*COMMANDS, *self.commands})


def _lazy_get(self: click.Group, ctx: click.Context, name: str) -> click.Command | None:
    from inspector.cli.help_text import localize_help

    if name in self.commands or name not in COMMANDS:
        known = self.commands.get(name)
        if known is not None and name in COMMANDS:
            localize_help(known, name)  # this run's language (one process may run both)
        return known
    command = _load(COMMANDS[name])
    if isinstance(command, click.Group) and name in EXTRAS:
        _lazy_extras(command, name, EXTRAS[name])
    localize_help(command, name)  # Japanese help when the run is in Japanese
    self.commands[name] = command
    return command


def _lazy_extras(group: click.Group, path: str, extras: dict[str, str]) -> None:
    """`group` lists `extras` beside its own subcommands and loads one when it is used."""
    own_list, own_get = group.list_commands, group.get_command

    def list_commands(ctx: click.Context) -> list[str]:
        return sorted({*own_list(ctx), *extras})

    def get_command(ctx: click.Context, name: str) -> click.Command | None:
        from inspector.cli.help_text import localize_help

        if name in extras and name not in group.commands:
            sub = _load(extras[name])
            group.add_command(sub, name)
            localize_help(sub, f"{path}.{name}")
        return own_get(ctx, name)

    group.list_commands = list_commands  # type: ignore[method-assign,assignment]
    group.get_command = get_command  # type: ignore[method-assign,assignment]


_Group.list_commands = _lazy_list  # type: ignore[method-assign,assignment]
_Group.get_command = _lazy_get  # type: ignore[method-assign,assignment]


def main() -> None:
    """The command line through the click group (`launch.main` opens the interface alone
    when that is all it asks for)."""
    cli(prog_name="inspector")

"""The `inspector` command's entry point: the interface opened at once, when that is all the
command line asks for.

`inspector`, `inspector --db PATH`, `inspector --lang en` only open the interface. For them
the command line is read here and the interface started without click's group, the
subcommand table, usage and help wording (~10 ms of imports before the first frame, issue
17). Anything else (a subcommand, `--help`, `--version`, another option, a value that
looks like an option, an option given twice, shell completion) goes to the click group
(`cli.main`), which reads it as it always did; a test checks both read the same values.
A failure goes through the same boundary (`errors.handle_errors`): the same messages,
exit codes, no traceback for a user's mistake.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from inspector.context import AppContext

LANGUAGES = ("ja", "en")
_OPTIONS = ("--db", "--lang")


def interface_options(args: Sequence[str]) -> dict[str, str] | None:
    """`{"--db": ..., "--lang": ...}` (those given) when `args` only open the interface;
    None for any command line the click group must read."""
    if "_INSPECTOR_COMPLETE" in os.environ:  # click's shell completion
        return None
    options: dict[str, str] = {}
    index = 0
    while index < len(args):
        name, equals, value = args[index].partition("=")
        if name not in _OPTIONS or name in options:
            return None
        if not equals:
            if index + 1 == len(args):
                return None
            index += 1
            value = args[index]
        if not value or value.startswith("-"):
            return None
        if name == "--lang" and value not in LANGUAGES:
            return None  # click's usage error, in the run's language
        options[name] = value
        index += 1
    return options


def main() -> None:
    """The `inspector` command."""
    # The interpreter's last collections walk every object the libraries leave (SQLAlchemy,
    # pyHanko, reportlab: 0.3 s of a signed notice's CPU); by the exit every command has
    # written, committed and closed what it opened, so they are skipped for all commands.
    atexit.register(gc.freeze)
    options = interface_options(sys.argv[1:])
    if options is None:
        from inspector.cli.main import main as command_line

        command_line()
        return
    # --db's environment variable, as click reads it (an empty one is not given)
    db = options.get("--db") or os.environ.get("INSPECTOR_DB") or None
    open_alone(db, options.get("--lang"))


def open_alone(db: str | None, lang: str | None, **run_options: Any) -> None:
    """The interface on `db` in `lang` (None: from the settings), inside the same error
    boundary and escaping writer as the click group's; `run_options` go to `App.run`
    (the bench runs it headless)."""
    # No pass of the cyclic collector while the modules load (they live as long as the
    # process; ~0.1 s of passes before the first frame): `run_app` turns it on again once
    # they are loaded, and keeps them out of its passes (`gc.freeze`).
    gc.disable()
    from inspector.cli.terminal import escaped_output

    context: AppContext | None = None
    with escaped_output():
        try:
            from inspector.config import load_settings
            from inspector.context import AppContext

            context = AppContext(load_settings(db=db, lang=lang, db_passphrase_file=None))
            warn_exposed_config(context.settings.lang)
            try:
                open_interface(context, **run_options)
            finally:
                context.close()
        except (EOFError, KeyboardInterrupt):
            _aborted()
        except Exception as exc:
            _failed(exc, context)
        finally:
            gc.enable()


def warn_exposed_config(lang: str) -> None:
    """Said on stderr when the config file holds a password that others may read (cli12);
    the run goes on."""
    from inspector.config import exposed_config

    warning = exposed_config()
    if warning is not None:
        from inspector.i18n import Translator, render

        print(render(warning, Translator(lang)), file=sys.stderr)


def _failed(exc: Exception, context: AppContext | None) -> None:
    """What the click group does with `exc`: the error boundary's message and exit status,
    a click exception shown, anything else raised on (a fault of the program)."""
    import click

    from inspector.cli.errors import handle_errors

    # the group's context as the boundary finds it there: colour on (else click would strip
    # escape sequences from the data, and the message misstate it; the escaping writer
    # shows them), the run's settings once they are read (its language)
    with click.Context(click.Command("inspector"), obj=context, color=True):
        try:
            with handle_errors():
                raise exc
        except click.ClickException as shown:
            shown.show()
            sys.exit(shown.exit_code)


def _aborted() -> None:
    """Interrupted (^C, or the end of input at a prompt): as click reports it."""
    from gettext import gettext

    import click

    click.echo(file=sys.stderr)  # closes the terminal's ^C echo
    click.echo(gettext("Aborted!"), file=sys.stderr)
    sys.exit(1)


def open_interface(context: AppContext, **run_options: Any) -> None:
    """Start the interface. Only what the first screen needs is loaded before it is drawn:
    the checklists (a broken file ends the application with the usual messages) and the
    store are loaded by the home screen's worker."""
    from inspector.store.preflight import check_database_target
    from inspector.tui.app import run_app  # Textual only when the interface is wanted

    settings = context.settings  # an impossible path: a message, not an error inside
    check_database_target(
        settings.database_url,
        make_folder=settings.may_make_database_folder,
        passphrase_given=context.db_passphrase is not None,
    )
    run_app(context, **run_options)

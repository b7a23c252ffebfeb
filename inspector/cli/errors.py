"""The one place where failures become messages and exit codes."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click

from inspector.cli.text import say, t
from inspector.redaction import redact

EXIT_USER_ERROR = 1
EXIT_USAGE = 2

F = TypeVar("F", bound=Callable[..., Any])


class UserError(click.ClickException):
    """A mistake the user can correct; printed as `error: ...` with exit status 1."""

    exit_code = EXIT_USER_ERROR

    def show(self, file: Any = None) -> None:
        # colour on: shown after the run's context ended, click would strip escape
        # sequences from the data; the escaping writer shows them instead
        click.echo(t("cli.error", message=redact(self.format_message())), err=True, color=True)


def fail(message: str) -> NoReturn:
    raise UserError(message)


@contextmanager
def handle_errors() -> Iterator[None]:
    try:
        yield
    except Exception as exc:
        _report(exc)  # exits with a message, or returns for an error that is not the user's
        raise


def _report(exc: Exception) -> None:
    """Print `exc` as the user's error and exit with status 1; return when it is a fault
    of the program (the caller raises it on).

    The classes are imported here, once something failed: importing the exchange, output
    and store modules for them took ~8 ms of every start, before the interface's first
    frame (issue 17)."""
    from inspector.config import SettingsError
    from inspector.domain.errors import ChecklistLoadError, UnknownChecklist
    from inspector.exchange.csvfile import CsvProblems
    from inspector.output_files import OutputError
    from inspector.services.errors import Refused
    from inspector.store.errors import (
        AlreadyExists,
        DatabaseError,
        NotFound,
        SessionReadOnly,
        integrity_failure,
    )

    if isinstance(exc, ChecklistLoadError):
        for load_problem in exc.problems:
            click.echo(t("cli.error", message=say(load_problem)), err=True)
        sys.exit(EXIT_USER_ERROR)
    if isinstance(exc, CsvProblems):
        for row_problem in exc.problems:
            click.echo(t("cli.error", message=f"{exc.path}: {say(row_problem)}"), err=True)
        if exc.total > len(exc.problems):  # the first ones are listed, the others counted
            more = exc.total - len(exc.problems)
            click.echo(
                t("import8.csv.more_problems", count=more, listed=len(exc.problems)), err=True
            )
        click.echo(t("cli.csv_problems", count=exc.total), err=True)
        sys.exit(EXIT_USER_ERROR)
    if isinstance(
        exc,
        (
            SettingsError,
            OutputError,
            Refused,
            AlreadyExists,
            DatabaseError,
            NotFound,
            SessionReadOnly,
            UnknownChecklist,
            LookupError,
        ),
    ):
        message = say(exc)
        if type(exc) is KeyError and exc.args:  # a bare KeyError quotes its argument
            message = str(exc.args[0])
        if isinstance(exc, NotFound):
            message = t("cli.not_found", message=message)
        click.echo(t("cli.error", message=redact(message)), err=True)
        sys.exit(EXIT_USER_ERROR)
    integrity = integrity_failure(exc)
    if integrity is not None:
        click.echo(t("cli.error", message=redact(say(integrity))), err=True)
        sys.exit(EXIT_USER_ERROR)

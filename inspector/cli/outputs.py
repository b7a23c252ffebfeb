"""`--force` and the output rules shared by every command that writes a file (`-o`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from inspector.output_files import OutputGuard

if TYPE_CHECKING:
    from inspector.context import AppContext

F = TypeVar("F", bound=Callable[..., Any])

force_option: Callable[[F], F] = click.option(
    "--force",
    is_flag=True,
    help="Replace an existing output file (never the database, a key or a link).",
)


def document_target(guard: OutputGuard, output: Path | None, default_name: str) -> Path:
    """`-o FILE`, or `default_name` (made safe: it holds codes from data) in the current
    folder or in the folder `-o` names; checked before the document is built."""
    if output is not None and not output.is_dir():
        target = output
    else:
        target = guard.file_in(output or Path("."), default_name)
    guard.check(target)
    return target


def warn_plaintext_export(ctx: AppContext, what: object) -> None:
    """Once on stderr, when the database is encrypted: the file `what` (a path, a folder of
    workbooks, standard output) is not, and holds what the encryption protects (answers,
    notes, staff names), as `db copy --plaintext` says of its copy."""
    from inspector.cli.text import t
    from inspector.store.encryption import is_encrypted

    if is_encrypted(ctx.settings.database_url):
        click.echo(t("fix9h.export.plaintext", target=what), err=True)

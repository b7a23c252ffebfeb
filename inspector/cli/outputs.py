"""`--force` and the output rules shared by every command that writes a file (`-o`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from inspector.output_files import OutputGuard

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

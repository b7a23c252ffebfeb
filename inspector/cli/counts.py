"""`--limit N` of the listings: a whole number of 1 or more, refused in the run's language
(click's own range message is English)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from inspector.cli.text import t

F = TypeVar("F", bound=Callable[..., Any])


def whole_count(value: str | None) -> int | None:
    """The callback of a `--limit` option: None when not given."""
    if value is None:
        return None
    try:
        number = int(value)
    except ValueError:
        number = 0
    if number < 1:
        raise click.BadParameter(t("cli.sessions.not_a_count", value=value))
    return number


def limit_option(help_text: str) -> Callable[[F], F]:
    """The listings' `--limit N` option, checked by `whole_count`."""
    return click.option(
        "--limit", callback=lambda _c, _p, v: whole_count(v), metavar="N", help=help_text
    )

"""Click's usage errors (an unknown option, a missing argument, a bad value) in the
language of the run: click words them in English, so the common ones are reworded here
and shown with the usage line and the help hint, as click shows them."""

from __future__ import annotations

import re
from typing import Any

import click

from inspector.cli.text import language, t

# click 8's English sentences -> catalogue keys; the groups are kept as they are (names
# of options, values the user typed)
_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^No such option: (?P<name>\S+)(?P<rest>.*)$", re.S), "no_such_option"),
    (re.compile(r"^No such option '(?P<name>[^']*)'\.(?P<rest>.*)$", re.S), "no_such_option"),
    (re.compile(r"^No such command '(?P<name>[^']*)'\.(?P<rest>.*)$", re.S), "no_such_command"),
    (re.compile(r"^Missing option '(?P<name>[^']*)'\.(?P<rest>.*)$", re.S), "missing_option"),
    (re.compile(r"^Missing argument '(?P<name>[^']*)'\.$"), "missing_argument"),
    (re.compile(r"^Missing command\.$"), "missing_command"),
    (re.compile(r"^Option '(?P<name>[^']*)' requires an argument\.$"), "requires_argument"),
    (re.compile(r"^Option '(?P<name>[^']*)' does not take a value\.$"), "takes_no_value"),
    (re.compile(r"^Got unexpected extra arguments? \((?P<name>.*)\)$", re.S), "extra_arguments"),
    (
        re.compile(r"^Invalid value for (?P<name>.+?): (?P<rest>.*)$", re.S),
        "invalid_value",
    ),
    # a value refused with a sentence of its own (`BadParameter` without a parameter)
    (re.compile(r"^Invalid value: (?P<name>.*)$", re.S), "invalid_value_plain"),
]

_VALUE_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^(?P<name>.*) is not a valid integer\.$"), "not_integer"),
    (re.compile(r"^(?P<name>.*) is not one of (?P<rest>.*)\.$"), "not_one_of"),
    (re.compile(r"^(?:File|Directory|Path) (?P<name>.*) does not exist\.$"), "does_not_exist"),
    (re.compile(r"^(?:File|Directory|Path) (?P<name>.*) is a directory\.$"), "is_directory"),
    (re.compile(r"^(?:File|Directory|Path) (?P<name>.*) is a file\.$"), "is_file"),
    (
        re.compile(r"^(?P<name>.*) does not match the formats? (?P<rest>.*)\.$"),
        "bad_format",
    ),
]

_HINT_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"^Did you mean (?P<name>.*)\?$"), "did_you_mean"),
    (re.compile(r"^\(Possible options: (?P<name>.*)\)$"), "possible_options"),
]


def _reword(message: str, patterns: list[tuple[re.Pattern[str], str]]) -> str | None:
    for pattern, key in patterns:
        match = pattern.match(message)
        if match is not None:
            found = match.groupdict()
            rest = found.get("rest", "") or ""
            if key == "invalid_value":
                rest = _reword(rest.strip(), _VALUE_PATTERNS) or rest
            else:
                rest = _reword(rest.strip(), _HINT_PATTERNS) or rest
            return t(f"cli.usage.{key}", name=found.get("name", ""), rest=rest.strip())
    return None


def translated_message(message: str) -> str:
    """`message` of click in the language of the run (unchanged in English, and when it
    is not one of the sentences known here)."""
    if language() == "en":
        return message
    return _reword(message, _PATTERNS) or message


class TranslatedUsageError(click.UsageError):
    """A usage error already in the language of the run, shown as click shows one."""

    def show(self, file: Any = None) -> None:
        hint = ""
        if self.ctx is not None and self.ctx.command.get_help_option(self.ctx) is not None:
            names = self.ctx.command.get_help_option_names(self.ctx)
            hint = t(
                "cli.usage.try_help", command=self.ctx.command_path, option=max(names, key=len)
            )
            hint += "\n"
        if self.ctx is not None:
            usage = self.ctx.get_usage().replace("Usage:", t("cli.usage.usage"), 1)
            click.echo(f"{usage}\n{hint}", file=file, err=file is None, color=self.ctx.color)
        click.echo(t("cli.usage.error", message=self.format_message()), file=file, err=file is None)


def translated(exc: click.UsageError) -> click.UsageError:
    """`exc` reworded in the language of the run (itself in English)."""
    if language() == "en" or isinstance(exc, TranslatedUsageError):
        return exc
    return TranslatedUsageError(translated_message(exc.format_message()), ctx=exc.ctx)

"""Click's help in the language of the run: each command's help and short help from the
catalogue (`cli.help.<command path>`), and click's own headings (Usage, Options,
Commands) through a formatter that words them in that language."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import click

from inspector.cli.text import language, t


class _Formatter(click.HelpFormatter):
    """Click's headings in the language of the run."""

    _SECTIONS = {"Options": "options", "Commands": "commands", "Positional arguments": "arguments"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix=f"{t('cli.help_sections.usage')} ")

    def section(self, name: str) -> Any:
        key = self._SECTIONS.get(name)
        return super().section(t(f"cli.help_sections.{key}") if key else name)

    def write_dl(self, rows: Iterable[tuple[str, str]], *args: Any, **kwargs: Any) -> None:
        worded = {
            "Show this message and exit.": t("cli.help_sections.help"),
            "Show the version and exit.": t("cli.help_sections.version"),
        }
        super().write_dl([(a, _extras(worded.get(b, b))) for a, b in rows], *args, **kwargs)


_EXTRAS = re.compile(r"\[([^\[\]]*)\]$")
"""Click's notes after an option's help: `[default: 20; 1<=x<=50]`, `[required]`."""
_EXTRA_WORDS = {"default": "default", "env var": "env_var", "required": "required"}
_RANGE = re.compile(r"^(-?[0-9.]+)<=x<=(-?[0-9.]+)$")


def _extras(text: str) -> str:
    """Click's English notes after an option's help (`[default: 20; 1<=x<=50]`,
    `[required]`, `[env var: X]`) in the language of the run; a range stays as it is."""
    found = _EXTRAS.search(text)
    if found is None:
        return text
    parts = []
    for part in found.group(1).split("; "):
        name, colon, value = part.partition(": ")
        key = _EXTRA_WORDS.get(name if colon else part)
        bounds = _RANGE.match(part)
        if bounds is not None:
            parts.append(t("tui7b.cli_help.range", low=bounds[1], high=bounds[2]))
        elif key is None:
            parts.append(part)
        elif colon:
            parts.append(t(f"tui7b.cli_help.{key}", value=value))
        else:
            parts.append(t(f"tui7b.cli_help.{key}"))
    return f"{text[: found.start()]}[{'; '.join(parts)}]"


class _Context(click.Context):
    formatter_class = _Formatter


def localize_help(command: click.Command, path: str) -> None:
    """Give `command` (and its subcommands) the catalogue's help in the run's language.
    English keeps the docstrings, which say more than the catalogue's one line. (The
    commands are module objects: the English texts are kept to go back to them when one
    process runs in both languages, as the tests do.)"""
    english = _ENGLISH.setdefault(
        id(command),
        (command.help, command.short_help, [getattr(p, "help", None) for p in command.params]),
    )
    japanese = language() != "en"
    command.context_class = _Context if japanese else click.Context
    command.help, command.short_help = english[0], english[1]
    for param, help_text in zip(command.params, english[2], strict=True):
        if isinstance(param, click.Option):
            param.help = help_text
    if japanese:
        key = f"cli.help.{path}" if path else "cli.help.root"
        text = t(key)
        if text != key:
            command.help = text
            command.short_help = text
        for param in command.params:
            option_key = f"cli.help_options.{path or 'root'}.{param.name}"
            worded = t(option_key)
            if isinstance(param, click.Option) and worded != option_key:
                param.help = worded
    if isinstance(command, click.Group):
        for name, sub in command.commands.items():
            localize_help(sub, f"{path}.{name}" if path else name)


_ENGLISH: dict[int, tuple[str | None, str | None, list[str | None]]] = {}


__all__ = ["localize_help"]

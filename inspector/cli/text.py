"""`t("key")` for the command line: the message in the language of the run.

The language is the one the top-level group settled (`--lang`, $INSPECTOR_LANG, the config
file; Japanese by default). Before the group has run (usage errors, `--help`), it is read
from the command line and the settings directly, so those speak the same language.
"""

from __future__ import annotations

import sys
from datetime import date, datetime

import click

from inspector.domain.dates import japan_time
from inspector.domain.era import format_era, has_era
from inspector.i18n import DEFAULT_LANGUAGE, LANGUAGES, Translator, render

_run_args: list[str] | None = None


def remember_arguments(args: list[str] | None) -> None:
    """The command line of this run (the group's `main` calls it), read for `--lang` when a
    usage error or `--help` comes before the settings are loaded."""
    global _run_args
    _run_args = None if args is None else list(args)


def language() -> str:
    """The language of this run: the context's settings when the group has run, else
    `--lang` on the command line, else the settings (environment, config file)."""
    ctx = click.get_current_context(silent=True)
    obj = ctx.find_root().obj if ctx is not None else None
    settings = getattr(obj, "settings", None)
    if settings is not None:
        return str(settings.lang)
    return _language_before_settings(ctx)


def _language_before_settings(ctx: click.Context | None) -> str:
    given = ctx.find_root().params.get("lang") if ctx is not None else None
    if given in LANGUAGES:
        return str(given)
    args = _run_args if _run_args is not None else sys.argv[1:]
    for index, arg in enumerate(args):
        if arg == "--lang" and index + 1 < len(args) and args[index + 1] in LANGUAGES:
            return args[index + 1]
        if arg.startswith("--lang=") and arg.removeprefix("--lang=") in LANGUAGES:
            return arg.removeprefix("--lang=")
    try:
        from inspector.config import load_settings

        return str(load_settings().lang)
    except Exception:  # a broken config file is reported by the command itself
        return DEFAULT_LANGUAGE


def t(key: str, **values: object) -> str:
    """The message `key` in the language of the run."""
    return Translator(language())(key, **values)


def shown_date(day: date | None) -> str:
    """A date for a person: 令和7年3月31日 in Japanese, ISO (2025-03-31) in English."""
    if day is None:
        return ""
    return format_era(day) if language() == "ja" and has_era(day) else day.isoformat()


def shown_time(moment: datetime | None) -> str:
    """A moment in Japan time (Asia/Tokyo), to the minute: 令和7年10月28日 18:00 in
    Japanese, 2025-10-28 18:00 in English. A naive time is this computer's local time."""
    if moment is None:
        return ""
    local = japan_time(moment)
    return f"{shown_date(local.date())} {local:%H:%M}"


def say(text: object) -> str:
    """A message (or an exception) from a lower layer in the language of the run."""
    return render(text, Translator(language()))

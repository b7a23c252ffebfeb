"""The database passphrase on the command line: a hidden prompt on a terminal, else a
message that says how to give it. Imports nothing heavy (the interface starts from here)."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import click

from inspector.cli.errors import fail
from inspector.cli.secret_prompt import ask_secret
from inspector.cli.text import language, t
from inspector.config import DB_PASSPHRASE_ENV, check_new_db_passphrase
from inspector.store.errors import PassphraseNeeded


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask_db_passphrase(needed: PassphraseNeeded) -> str:
    """The hook of `AppContext.ask_db_passphrase` for commands."""
    if not interactive():
        what = (
            t("cli.db.is_encrypted", path=needed.path)
            if type(needed) is PassphraseNeeded and language() != "en"
            else str(needed)
        )
        fail(t("cli.db.passphrase_how", what=what, env=DB_PASSPHRASE_ENV))
    value = str(
        click.prompt(t("cli.db.passphrase_prompt", path=needed.path), hide_input=True, err=True)
    )
    if not value:
        fail(t("cli.db.empty_passphrase"))
    return value


def new_db_passphrase(path: str) -> str:
    """A passphrase for a new encrypted database: asked twice on a terminal."""
    if not interactive():
        what = t("cli.db.no_new_passphrase", path=path)
        fail(t("cli.db.passphrase_how", what=what, env=DB_PASSPHRASE_ENV))
    value = ask_secret(t("cli.db.new_passphrase_prompt", path=path), confirm=True)
    if not value:
        fail(t("cli.db.empty_passphrase"))
    return check_new_db_passphrase(value)


def warn_if_others_can_read(path: Path) -> None:
    """A passphrase file that others can read (group or world) is used, with a warning on
    stderr that says how to close it; what it holds is never shown."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return  # the reader says what is wrong with it
    if stat.S_ISREG(mode) and mode & 0o044:
        shown = f"{stat.S_IMODE(mode):04o}"
        click.echo(t("fix9h.passphrase.readable", path=path, mode=shown), err=True)

"""The database passphrase on the command line: a hidden prompt on a terminal, else a
message that says how to give it. Imports nothing heavy (the interface starts from here)."""

from __future__ import annotations

import sys

import click

from inspector.cli.errors import fail
from inspector.config import DB_PASSPHRASE_ENV
from inspector.store.errors import PassphraseNeeded

HOW = f"set {DB_PASSPHRASE_ENV}, pass --db-passphrase-file FILE, or run it on a terminal"


def interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def ask_db_passphrase(needed: PassphraseNeeded) -> str:
    """The hook of `AppContext.ask_db_passphrase` for commands."""
    if not interactive():
        fail(f"{needed} ({HOW})")
    value = str(
        click.prompt(f"passphrase of the database {needed.path}", hide_input=True, err=True)
    )
    if not value:
        fail("the database passphrase is empty")
    return value


def new_db_passphrase(path: str) -> str:
    """A passphrase for a new encrypted database: asked twice on a terminal."""
    if not interactive():
        fail(f"no passphrase for the encrypted database {path} ({HOW})")
    value = str(
        click.prompt(
            f"new passphrase of the database {path}",
            hide_input=True,
            confirmation_prompt=True,
            err=True,
        )
    )
    if not value:
        fail("the database passphrase is empty")
    return value

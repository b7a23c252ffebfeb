"""The passphrase of a new inspector key: the inspector's own, not the office root's.

`keys issue` used to encrypt the new key with the root passphrase it had just been given,
so every inspector had to learn the root's to sign (hunt 4, L1). The new key's passphrase
comes from `--key-passphrase-file`, else `INSPECTOR_NEW_KEY_PASSPHRASE`, else it is asked
twice at a terminal, where the root's is refused. A script that gives none of them is
refused before anything is written (it used to get a key protected by the root's
passphrase, with a warning); a file or variable holding the root's passphrase is warned.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import click

from inspector.cli import signing
from inspector.cli.errors import fail
from inspector.cli.secret_prompt import ask_secret
from inspector.cli.text import t
from inspector.secret_text import new_passphrase_bytes

NEW_KEY_PASSPHRASE_ENV = "INSPECTOR_NEW_KEY_PASSPHRASE"


def new_key_passphrase(
    key_passphrase_file: Path | None,
    name: str,
    root_passphrase: bytes,
    check_root: Callable[[], None],
) -> bytes:
    """The new key's passphrase (see the module's note). `check_root()` raises when the
    root passphrase is wrong: called before the new one is asked, so that nobody types a
    new passphrase twice for a run that then fails."""
    if key_passphrase_file is not None:
        value = signing.read_passphrase(key_passphrase_file, "")
    elif os.environ.get(NEW_KEY_PASSPHRASE_ENV):
        value = os.environ[NEW_KEY_PASSPHRASE_ENV].encode("utf-8")
    elif signing._interactive():
        check_root()
        while True:
            typed = ask_secret(t("forge4.keys.new_passphrase", name=name), confirm=True)
            if not typed:
                fail(t("cli.signing.empty_passphrase"))
            if typed.encode("utf-8") != root_passphrase:
                return typed.encode("utf-8")
            click.echo(t("forge4.keys.root_refused"), err=True)
    else:
        fail(t("forge5.keys.no_new_passphrase", name=name, env=NEW_KEY_PASSPHRASE_ENV))
    if new_passphrase_bytes(value) == new_passphrase_bytes(root_passphrase):
        click.echo(t("forge4.keys.root_reused", name=name, env=NEW_KEY_PASSPHRASE_ENV), err=True)
    return value


__all__ = ["NEW_KEY_PASSPHRASE_ENV", "new_key_passphrase"]

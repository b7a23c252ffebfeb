"""A hidden prompt for a passphrase, asked twice when it is a new one. click's own
confirmation (`confirmation_prompt=True`) asks "Repeat for confirmation:" and reports a
mismatch in English whatever the run's language, so the second asking is ours."""

from __future__ import annotations

import click

from inspector.cli.text import t


def ask_secret(prompt: str, *, confirm: bool = False) -> str:
    """What is typed at a hidden prompt on standard error; when `confirm`, typed again and
    asked from the start until both agree."""
    while True:
        value = str(click.prompt(prompt, hide_input=True, err=True))
        if not confirm:
            return value
        again = str(click.prompt(t("cli.secret.repeat"), hide_input=True, err=True))
        if value == again:
            return value
        click.echo(t("cli.secret.mismatch"), err=True)

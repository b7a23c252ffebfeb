"""What the signing commands share: the passphrase (file, environment or prompt), the
signer's name, the signer's identity (refused when revoked), and key and file problems as
`error: ...` lines. `keys`, `report`, `verify` and `bundle` use it."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from inspector.cli.errors import fail
from inspector.cli.secret_prompt import ask_secret
from inspector.cli.text import language, say, t
from inspector.context import AppContext
from inspector.i18n import os_error
from inspector.reports.errors import ReportProblem
from inspector.secret_text import read_secret_text

if TYPE_CHECKING:
    from inspector.domain.documents import DocumentKind
    from inspector.domain.revocation import RevokedCertificate
    from inspector.reports.keys import Identity

# reportlab, pyHanko and cryptography load only when a command runs
PASSPHRASE_ENV = "INSPECTOR_KEY_PASSPHRASE"


@contextmanager
def _user_errors() -> Iterator[None]:
    """Key, form, signing and file problems become `error: ...` with exit status 1."""
    try:
        yield
    except ReportProblem as exc:
        fail(say(exc))
    except OSError as exc:
        fail(f"{exc.filename or ''}: {say(os_error(exc))}".lstrip(": "))


def _interactive() -> bool:
    return sys.stdin is not None and sys.stdin.isatty()


def read_passphrase(passphrase_file: Path | None, prompt: str, confirm: bool = False) -> bytes:
    """From --passphrase-file, else INSPECTOR_KEY_PASSPHRASE, else a hidden prompt on a tty."""
    if passphrase_file is not None:
        from inspector.cli.db_passphrase import warn_if_others_can_read

        warn_if_others_can_read(passphrase_file)
        try:
            text = read_secret_text(passphrase_file)  # without a byte-order mark
        except OSError as exc:
            fail(
                t("cli.signing.passphrase_unreadable", path=passphrase_file, why=say(os_error(exc)))
            )
        except UnicodeDecodeError as exc:  # the passphrase is UTF-8 text; say where it is not
            fail(t("cli.signing.passphrase_not_utf8", path=passphrase_file, byte=exc.start + 1))
        value = text.splitlines()[0] if text else ""
    elif os.environ.get(PASSPHRASE_ENV):
        value = os.environ[PASSPHRASE_ENV]
    elif _interactive():
        value = ask_secret(prompt, confirm=confirm)
    else:
        fail(t("cli.signing.no_passphrase", env=PASSPHRASE_ENV))
    if not value:
        fail(t("cli.signing.empty_passphrase"))
    return value.encode("utf-8")


def _keys_dir(ctx: AppContext) -> Path:
    return ctx.settings.resolved_keys_dir


def resolve_signer(ctx: AppContext, signer: str | None, preferred: str | None = None) -> str:
    """--signer, else the config's signer, else the visit's inspector or the only key."""
    from inspector.reports.keys import has_root, inspector_paths, list_inspectors

    if signer:
        return signer
    if ctx.settings.signer:
        return ctx.settings.signer
    keys_dir = _keys_dir(ctx)
    if preferred and inspector_paths(keys_dir, preferred)[0].is_file():
        return preferred
    issued = list_inspectors(keys_dir)
    if len(issued) == 1:
        return issued[0].name
    if _interactive() and issued:
        return str(
            click.prompt(
                t("cli.signing.sign_as"),
                type=click.Choice([i.name for i in issued]),
                err=True,
            )
        )
    if not issued:
        if not has_root(keys_dir):
            fail(t("cli.signing.no_keys", path=keys_dir))
        fail(t("cli.signing.no_inspector_key"))
    fail(t("cli.signing.several_keys", names=", ".join(i.name for i in issued)))


def _identity(
    ctx: AppContext,
    signer: str | None,
    passphrase_file: Path | None,
    preferred: str | None,
    *,
    warm_up: bool = False,
    revocations: Callable[[], list[RevokedCertificate]] | None = None,
    kind: DocumentKind | None = None,
) -> Identity:
    """The signer's identity, its certificate checked before the passphrase is asked.
    `warm_up`: a document will be signed; while a person types the passphrase at the
    prompt, the signing libraries and the font load in a thread (`reports/warm_up.py`).
    `revocations`: the database's revocations read without the ORM (a plain file).
    `kind`: the document the key will sign; its role (in the public certificate) is
    checked before the passphrase is asked (`role_check.check_key_role`)."""
    from inspector.cli.revocation import refuse_revoked
    from inspector.reports.keys import inspector_paths, load_identity, load_root

    name = resolve_signer(ctx, signer, preferred)
    with _user_errors():
        load_root(_keys_dir(ctx))
        # check the certificate (missing, foreign, expired) before asking for a passphrase
        cert_path, _ = inspector_paths(_keys_dir(ctx), name)
        if not cert_path.is_file():
            load_identity(_keys_dir(ctx), name, b"")  # raises NoKey with the command to run
        if kind is not None:
            from inspector.reports.role_check import check_key_role

            check_key_role(_keys_dir(ctx), name, kind, language())
        asked = passphrase_file is None and not os.environ.get(PASSPHRASE_ENV) and _interactive()
        loading = None
        if warm_up and asked:
            from inspector.reports.warm_up import warm_up_signing

            loading = warm_up_signing()
        passphrase = read_passphrase(
            passphrase_file, t("cli.signing.passphrase_for_key", name=name)
        )
        if loading is not None:
            loading.join()  # no import in two threads at once from here on
        identity = load_identity(_keys_dir(ctx), name, passphrase)
    refuse_revoked(ctx, identity.certificate, identity.root, revocations)
    return identity


passphrase_option = click.option(
    "--passphrase-file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=f"Read the passphrase from FILE (first line). Default: ${PASSPHRASE_ENV} or a prompt.",
)


def _database_at_hand(ctx: AppContext) -> bool:
    """Whether the database can be read: a SQLite file that exists (the file the engine
    opens, whatever the URL's form: parameters, percent-escapes), or any other database.
    A URL that cannot be parsed counts as at hand, so that opening it says what is wrong
    (its revocations are never skipped for a URL misread here)."""
    from sqlalchemy.exc import ArgumentError

    from inspector.store.database import sqlite_database_file

    try:
        path = sqlite_database_file(ctx.settings.database_url)
    except ArgumentError:
        return True
    return path is None or path.is_file()


__all__ = [
    "PASSPHRASE_ENV",
    "_database_at_hand",
    "_identity",
    "_keys_dir",
    "_user_errors",
    "passphrase_option",
    "read_passphrase",
    "resolve_signer",
]

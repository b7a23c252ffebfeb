"""`inspector db info` and `inspector db encrypt`."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.db_passphrase import new_db_passphrase
from inspector.cli.errors import fail
from inspector.cli.output import echo_json
from inspector.cli.text import t
from inspector.config import check_new_db_passphrase
from inspector.context import AppContext
from inspector.store.database import current_revision, head_revision, shown_url
from inspector.store.encryption import is_encrypted
from inspector.store.private_files import file_mode


def sqlite_path(url: str) -> Path | None:
    return Path(url.removeprefix("sqlite:///")) if url.startswith("sqlite:///") else None


@click.group("db")
def db_group() -> None:
    """The database: where it is, which schema revision, encryption at rest."""


@db_group.command("info")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def db_info(ctx: AppContext, as_json: bool) -> None:
    """Where the database is, its schema revision (migrated to the newest on open), whether
    it is encrypted and its file mode."""
    url = ctx.settings.database_url
    revision = current_revision(ctx.engine)
    path = sqlite_path(url)
    info: dict[str, object] = {
        "url": shown_url(url),
        "revision": revision,
        "head": head_revision(),
        "encrypted": is_encrypted(url),
    }
    if path is not None:
        info["mode"] = file_mode(path)
    if as_json:
        echo_json(info)
        return
    for key, value in info.items():
        if isinstance(value, bool):
            value = t("cli.db.yes") if value else t("cli.db.no")
        click.echo(f"{t(f'cli.db.info.{key}')}: {value}")


@db_group.command("encrypt")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write an encrypted copy to FILE and leave the database as it is.",
)
@click.option("--force", is_flag=True, help="Replace an existing FILE given with -o.")
@click.pass_obj
def db_encrypt(ctx: AppContext, output: Path | None, force: bool) -> None:
    """Encrypt the database in place with a passphrase (SQLCipher): an encrypted copy is
    written, checked row for row, and moved over the plain file in one step.

    The passphrase comes from --db-passphrase-file, $INSPECTOR_DB_PASSPHRASE or a prompt
    (asked twice). Close the interface first."""
    from inspector.store.encrypt import encrypt_database

    url = ctx.settings.database_url
    path = sqlite_path(url)
    if path is None:
        fail(t("cli.db.only_sqlite", url=shown_url(url)))
    if not path.is_file():
        fail(t("cli.db.nothing_to_encrypt", path=path))
    if is_encrypted(url):
        fail(t("cli.db.already_encrypted", path=path))
    passphrase = check_new_db_passphrase(ctx.db_passphrase or new_db_passphrase(str(path)))
    guard = ctx.output_guard(force=force)  # -o follows every command's output rules
    done = encrypt_database(path, passphrase, output=output, guard=guard)
    total = sum(done.rows.values())
    click.echo(t("cli.db.encrypted", path=done.target, tables=len(done.rows), rows=total))

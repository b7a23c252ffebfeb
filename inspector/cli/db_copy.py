"""`inspector db copy --to URL` (registered into the `db` group through `main.EXTRAS`)."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

import click

from inspector.cli.db_passphrase import new_db_passphrase
from inspector.cli.errors import fail
from inspector.cli.output import echo_json, echo_table
from inspector.config import check_new_db_passphrase, db_passphrase_from_file
from inspector.context import AppContext
from inspector.i18n import Translator
from inspector.store.database import shown_url

# Help is written in English here and worded in the run's language by `help_text.localize_help`
# (Japanese from the catalogue's `cli.help` keys), as every other command's.
_t = Translator("en")


@click.command("copy", help=_t("cli.help.db.copy"))
@click.option("--to", "to", required=True, metavar="URL", help=_t("cli.help_options.db.copy.to"))
@click.option(
    "--to-passphrase-file",
    "passphrase_file",
    type=click.Path(path_type=Path, dir_okay=False),
    help=_t("cli.help_options.db.copy.passphrase_file"),
)
@click.option("--new-passphrase", is_flag=True, help=_t("cli.help_options.db.copy.new_passphrase"))
@click.option("--plaintext", is_flag=True, help=_t("cli.help_options.db.copy.plaintext"))
@click.option("--json", "as_json", is_flag=True, help=_t("cli.help_options.db.copy.as_json"))
@click.pass_obj
def db_copy(
    ctx: AppContext,
    to: str,
    passphrase_file: Path | None,
    new_passphrase: bool,
    plaintext: bool,
    as_json: bool,
) -> None:
    from inspector.services.db_copy import copy_database, source_rows

    t = ctx.t
    if passphrase_file is not None and new_passphrase:
        fail(t("data4.copy.two_passphrases"))
    engine = ctx.engine
    passphrase = None
    if passphrase_file is not None:
        passphrase = check_new_db_passphrase(db_passphrase_from_file(passphrase_file))
    elif new_passphrase:
        passphrase = new_db_passphrase(shown_url(to))
    copy = partial(
        copy_database,
        source_passphrase=ctx.db_passphrase,
        passphrase=passphrase,
        plaintext=plaintext,
    )
    if not sys.stderr.isatty():  # a bar only where someone watches it
        report = copy(engine, to, t=t, guard=ctx.output_guard())
    else:
        with click.progressbar(
            length=source_rows(engine), label=t("db_copy.progress"), file=sys.stderr
        ) as bar:
            report = copy(
                engine,
                to,
                progress=lambda _, rows: bar.update(rows),
                t=t,
                guard=ctx.output_guard(),
            )
    if report.protection != "plain":  # said on stderr: --json keeps stdout to the JSON
        click.echo(t(f"data4.copy.at_rest_{report.protection}", target=report.target), err=True)
    if as_json:
        echo_json(
            {
                "target": report.target,
                "revision": report.revision,
                "migrated": report.migrated,
                "encrypted": report.protection == "encrypted",
                "protection": report.protection,
                "rows": report.rows,
                "tables": [
                    {
                        "name": check.name,
                        "source_rows": check.source_rows,
                        "target_rows": check.target_rows,
                        "source_digest": check.source_digest,
                        "target_digest": check.target_digest,
                        "same": check.same,
                    }
                    for check in report.tables
                ],
            }
        )
        return
    if report.migrated:
        click.echo(t("db_copy.migrated", target=report.target, revision=report.revision))
    echo_table(
        [
            t("db_copy.col_table"),
            t("db_copy.col_source"),
            t("db_copy.col_target"),
            t("db_copy.col_digest"),
            t("db_copy.col_same"),
        ],
        [
            [
                check.name,
                check.source_rows,
                check.target_rows,
                check.target_digest[:16],
                t("db_copy.same_yes") if check.same else "-",
            ]
            for check in report.tables
        ],
    )
    click.echo(t("db_copy.done", target=report.target, tables=len(report.tables), rows=report.rows))
    click.echo(t("db_copy.next"))

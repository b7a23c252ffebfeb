"""`inspector db copy --to URL` (registered into the `db` group through `main.EXTRAS`)."""

from __future__ import annotations

import sys

import click

from inspector.cli.output import echo_json, echo_table
from inspector.context import AppContext
from inspector.i18n import Translator

_t = Translator()  # help texts are read before the language is known: Japanese, the default


@click.command("copy", help=_t("db_copy.help"))
@click.option("--to", "to", required=True, metavar="URL", help=_t("db_copy.to_help"))
@click.option("--json", "as_json", is_flag=True, help=_t("db_copy.json_help"))
@click.pass_obj
def db_copy(ctx: AppContext, to: str, as_json: bool) -> None:
    from inspector.services.db_copy import copy_database, source_rows

    t = ctx.t
    engine = ctx.engine
    if not sys.stderr.isatty():  # a bar only where someone watches it
        report = copy_database(engine, to, t=t, guard=ctx.output_guard())
    else:
        with click.progressbar(
            length=source_rows(engine), label=t("db_copy.progress"), file=sys.stderr
        ) as bar:
            report = copy_database(
                engine,
                to,
                progress=lambda _, rows: bar.update(rows),
                t=t,
                guard=ctx.output_guard(),
            )
    if as_json:
        echo_json(
            {
                "target": report.target,
                "revision": report.revision,
                "migrated": report.migrated,
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

"""`inspector import-csv` and `inspector export-csv`: the answers CSV interface (the work is
in `services/import_csv.py` and `services/export_csv.py`)."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.outputs import force_option, warn_plaintext_export
from inspector.cli.text import t
from inspector.context import AppContext
from inspector.services.export_csv import export_answers_csv, write_answers_csv
from inspector.services.import_csv import import_answers_csv, older_lines, outranked_lines


@click.command("import-csv")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--create-missing", is_flag=True, help="Add unknown organizations and respondents.")
@click.option(
    "--take-older",
    is_flag=True,
    help="Replace stored answers even with rows older than them or without an answer time "
    "(each replaced answer stays in the change log).",
)
@click.pass_obj
def import_csv(ctx: AppContext, file: Path, create_missing: bool, take_older: bool) -> None:
    """Import answers from FILE (UTF-8 or CP932). Every row and column is checked before anything is
    written; re-importing the same file changes nothing."""
    report = import_answers_csv(ctx, file, create_missing=create_missing, take_older=take_older)
    c = report.counts
    created = [
        t(f"cli.exchange.created_{what}", count=n)
        for n, what in (
            (report.organizations_created, "organizations"),
            (report.people_created, "people"),
        )
        if n
    ]
    click.echo(
        t(
            "cli.exchange.imported",
            rows=report.rows,
            sessions=c.sessions_added,
            added=c.answers_added,
            updated=c.answers_updated,
            unchanged=c.answers_unchanged,
        )
        + (t("cli.exchange.created", what=", ".join(created)) if created else "")
    )
    for line in older_lines(report, ctx.t):  # the newer answers stored were kept
        click.echo(line)
    for line in outranked_lines(report, ctx.t):  # dated today, outranking dated sessions
        click.echo(line)


@click.command("export-csv")
@click.option("--checklist", metavar="ID")
@click.option("--organization", metavar="CODE")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write to a file (UTF-8 with BOM, for Excel) instead of standard output.",
)
@force_option
@click.pass_obj
def export_csv(
    ctx: AppContext,
    checklist: str | None,
    organization: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Export the latest session of each unit as CSV (same columns as import-csv)."""
    guard = ctx.output_guard(force=force)
    if output is not None:
        guard.check(output)  # before the work, so a wrong -o is said at once
    text = export_answers_csv(ctx, checklist_id=checklist, organization_code=organization)
    if output is None:
        click.echo(text, nl=False)
        warn_plaintext_export(ctx, t("fix9h.export.stdout"))
        return
    write_answers_csv(text, output, guard)
    click.echo(str(output))
    warn_plaintext_export(ctx, output)

"""`inspector import-csv` and `inspector export-csv`: the answers CSV interface."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.outputs import force_option
from inspector.context import AppContext
from inspector.exchange.answers_csv import export_answers, import_answers


@click.command("import-csv")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--create-missing", is_flag=True, help="Add unknown organizations and respondents.")
@click.pass_obj
def import_csv(ctx: AppContext, file: Path, create_missing: bool) -> None:
    """Import answers from FILE (UTF-8 or CP932). Every row and column is checked before anything is
    written; re-importing the same file changes nothing."""
    report = import_answers(
        ctx.repo, ctx.catalog, file, create_missing=create_missing, actor=ctx.settings.user
    )
    c = report.counts
    created = [
        f"{n} {what}"
        for n, what in (
            (report.organizations_created, "organization(s)"),
            (report.people_created, "person(s)"),
        )
        if n
    ]
    click.echo(
        f"{report.rows} rows: {c.sessions_added} session(s) added, {c.answers_added} answer(s) added, "
        f"{c.answers_updated} updated, {c.answers_unchanged} unchanged"
        + (f"; created {', '.join(created)}" if created else "")
    )


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
    if checklist:
        ctx.catalog.get(checklist)
    text = export_answers(
        ctx.repo, ctx.catalog, checklist_id=checklist, organization_code=organization
    )
    if output is None:
        click.echo(text, nl=False)
        return
    guard.write(output, ("\ufeff" + text).encode("utf-8"))
    click.echo(str(output))

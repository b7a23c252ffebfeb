"""`inspector plans collect FILE... [--json]`: improvement plans returned as workbooks
(issue 15). `plans` itself stays the list of plans: the group below runs it when no
subcommand is given."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from inspector.cli.output import echo_json
from inspector.cli.plans import plans as _list
from inspector.context import AppContext
from inspector.i18n import Translator
from inspector.services import plans_excel
from inspector.services.selfcheck_excel import xlsx_files


def _group_callback(**options: object) -> None:
    ctx = click.get_current_context()
    if ctx.invoked_subcommand is None:
        ctx.invoke(_list.callback, **options)  # type: ignore[arg-type]


plans_group = click.Group(
    "plans",
    params=list(_list.params),
    callback=_group_callback,
    invoke_without_command=True,
    help=_list.help,
)


@click.command("collect")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the receipt as JSON.")
@click.pass_obj
def plans_collect(ctx: AppContext, paths: tuple[Path, ...], as_json: bool) -> None:
    """Collect returned 改善計画書 workbooks: plans created or updated, entries appended."""
    lang = ctx.settings.lang
    t = Translator(lang)
    receipts = plans_excel.collect_plans(ctx, xlsx_files(paths, lang))
    refused = [r for r in receipts if not r.imported]

    def problems(r: plans_excel.PlansReceipt) -> list[dict[str, str]]:
        return [
            {"sheet": p.sheet, "cell": p.cell, "message": t(p.key, **p.params)} for p in r.problems
        ]

    if as_json:
        echo_json(
            {
                "files": [
                    {
                        "file": str(r.path),
                        "imported": r.imported,
                        "plans_created": r.plans_created,
                        "plans_updated": r.plans_updated,
                        "entries_added": r.entries_added,
                        "unchanged": r.unchanged,
                        "problems": problems(r),
                    }
                    for r in receipts
                ],
                "imported": len(receipts) - len(refused),
                "refused": len(refused),
            }
        )
    for r in receipts:
        name = r.path.name
        if r.imported:
            if not as_json:
                click.echo(
                    t(
                        "excel.plans.imported",
                        file=name,
                        created=r.plans_created,
                        updated=r.plans_updated,
                        entries=r.entries_added,
                        unchanged=r.unchanged,
                    )
                )
            continue
        for p in problems(r):
            if p["cell"]:
                line = t(
                    "excel.collect.problem",
                    file=name,
                    sheet=p["sheet"],
                    cell=p["cell"],
                    message=p["message"],
                )
            else:
                line = t("excel.collect.problem_no_cell", file=name, message=p["message"])
            click.echo(t("cli.error", message=line), err=True)
        click.echo(t("excel.collect.refused", file=name, count=len(r.problems)), err=True)
    if refused:
        sys.exit(1)


def write_xlsx(ctx: AppContext, organization: str, out: Path, force: bool) -> None:
    """`report plans --xlsx FILE`."""
    t = Translator(ctx.settings.lang)
    org = ctx.repo.find_organization(organization)
    written = plans_excel.write_plans_workbook(ctx, organization, out, force=force)
    count = len(plans_excel.plan_rows(ctx, org.id)) if org else 0
    click.echo(t("excel.plans.written", file=written, count=count), err=True)

"""`inspector plans collect FILE... [--json]`: improvement plans returned as workbooks
(issue 15). `plans` itself stays the list of plans: the group below runs it when no
subcommand is given."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from inspector.cli.plans import plans as _list
from inspector.context import AppContext
from inspector.i18n import Translator

if TYPE_CHECKING:
    pass

# The workbook services (openpyxl, the store) load only when a workbook is read or
# written: `inspector plans` lists plans with the light path of `cli.plans`.


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
    from inspector.cli.excel_collect import run_collect
    from inspector.services import plans_excel

    t = Translator(ctx.settings.lang)
    run_collect(
        ctx,
        paths,
        as_json,
        lambda path: plans_excel.collect_one(ctx, path),
        lambda r: {
            "plans_created": r.plans_created,
            "plans_updated": r.plans_updated,
            "entries_added": r.entries_added,
            "unchanged": r.unchanged,
            "left_out": [
                {"row": o.row, "changed_by": o.by, "changed_at": o.at.isoformat()}
                for o in r.left_out
            ],
            "withdrawn": [
                {
                    "row": w.row,
                    "number": w.number,
                    "withdrawn_by": w.by,
                    "withdrawn_at": w.at.isoformat(),
                    "problems": [
                        {"sheet": p.sheet, "cell": p.cell, "message": t(p.key, **p.params)}
                        for p in w.problems
                    ],
                }
                for w in r.withdrawn
            ],
            "unversioned_rows": r.unversioned,
        },
        lambda r: t(
            "excel.plans.imported",
            file=r.path.name,
            created=r.plans_created,
            updated=r.plans_updated,
            entries=r.entries_added,
            unchanged=r.unchanged,
        ),
        lambda r: (plans_excel.collect_notes(r, t), bool(r.left_out or r.withdrawn)),
    )


def write_xlsx(ctx: AppContext, organization: str, out: Path, force: bool) -> None:
    """`report plans --xlsx FILE`."""
    from inspector.services import plans_excel

    t = Translator(ctx.settings.lang)
    org = ctx.repo.find_organization(organization)
    written = plans_excel.write_plans_workbook(ctx, organization, out, force=force)
    count = len({r.finding_uid for r in plans_excel.plan_rows(ctx, org.id)}) if org else 0
    click.echo(t("excel.plans.written", file=written, count=count), err=True)

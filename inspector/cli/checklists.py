"""`inspector checklists ...`: validate, list and show the checklists in force."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from inspector.cli.output import echo_json, echo_table
from inspector.cli.text import say, t
from inspector.context import AppContext
from inspector.domain.checklist import Checklist
from inspector.domain.checklist_loader import checklist_files, validate_files


@click.group()
def checklists() -> None:
    """Checklists (YAML files): validate, list, show."""


@checklists.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.pass_obj
def validate(ctx: AppContext, paths: tuple[Path, ...]) -> None:
    """Check checklist files (default: every folder in use); one line per problem."""
    targets = list(paths) or ctx.settings.all_checklist_dirs
    files = list(checklist_files(targets))
    missing = [p for p in paths if not p.exists()]
    for path in missing:
        click.echo(t("cli.error", message=t("cli.checklists.not_found", path=path)), err=True)
    problems = validate_files(files)
    for problem in problems:
        click.echo(t("cli.error", message=say(problem)), err=True)
    if problems or missing:
        count = len(problems) + len(missing)
        click.echo(t("cli.checklists.problems", count=count, files=len(files)), err=True)
        sys.exit(1)
    click.echo(t("cli.checklists.valid", files=len(files)))


def checklist_json(checklist: Checklist) -> dict[str, Any]:
    """The checklist with the same keys as its YAML file."""
    return checklist.model_dump(mode="json", exclude_none=True, exclude_defaults=False)


@checklists.command("list")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def list_(ctx: AppContext, as_json: bool) -> None:
    """The checklists loaded (shipped and the office's own)."""
    lang = ctx.settings.lang
    entries = list(ctx.catalog)
    if as_json:
        echo_json([checklist_json(c) for c in entries])
        return
    echo_table(
        [t(f"cli.checklists.columns.{k}") for k in ("id", "title", "version", "unit", "items")],
        [
            [
                c.id,
                c.title.get(lang),
                c.version,
                t(f"cli.checklists.unit.{c.unit.value}"),
                len(c.items),
            ]
            for c in entries
        ],
    )


@checklists.command("show")
@click.argument("checklist_id")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
def show(ctx: AppContext, checklist_id: str, as_json: bool) -> None:
    """One checklist with its items."""
    checklist = ctx.catalog.get(checklist_id)
    if as_json:
        echo_json(checklist_json(checklist))
        return
    lang = ctx.settings.lang
    click.echo(
        f"{checklist.title.get(lang)}  ({checklist.id} v{checklist.version}, "
        f"{t(f'cli.checklists.unit.{checklist.unit.value}')})"
    )
    for section in checklist.sections:
        click.echo(f"\n[{section.title.get(lang)}]")
        for item in checklist.items_in(section.id):
            extra = (
                t(
                    "cli.checklists.depends_on",
                    item=item.depends_on.item,
                    answer=item.depends_on.answer,
                )
                if item.depends_on
                else ""
            )
            click.echo(f"  {item.id:8} {item.answer.value:10} {item.text.get(lang)}{extra}")

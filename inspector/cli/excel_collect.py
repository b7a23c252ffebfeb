"""The one collect loop of `selfcheck collect` and `plans collect`: a progress bar over the
files, a line per file (imported, or each problem with its cell), the receipt as JSON with
`--json`, and a non-zero exit when any file was refused."""

from __future__ import annotations

import io
import sys
from collections.abc import Callable
from pathlib import Path

import click

from inspector.cli.output import echo_json
from inspector.context import AppContext
from inspector.i18n import Translator
from inspector.services.excel_collect import (
    R,
    collect_each,
    problem_lines,
    problems_json,
    xlsx_files,
)


def run_collect(
    ctx: AppContext,
    paths: tuple[Path, ...],
    as_json: bool,
    one: Callable[[Path], R],
    fields: Callable[[R], dict[str, object]],
    imported_line: Callable[[R], str],
    notes: Callable[[R], tuple[list[str], bool]] | None = None,
) -> None:
    """Collect every workbook named with `one`; `fields` are a receipt's counts in the
    JSON, `imported_line` what is said of a file that went in, `notes` the warnings about
    a file that went in (on stderr) and whether it left rows out (the exit is then 1)."""
    lang = ctx.settings.lang
    t = Translator(lang)
    files = xlsx_files(paths, lang)
    # the bar only on a terminal: in a log or a pipe it would be one stray label
    with click.progressbar(
        length=len(files),
        label=t("excel.collect.progress"),
        file=sys.stderr if sys.stderr.isatty() else io.StringIO(),
        show_pos=True,
    ) as bar:
        receipts = collect_each(files, one, progress=lambda _path: bar.update(1))
    refused = [r for r in receipts if not r.imported]
    if as_json:
        echo_json(
            {
                "files": [
                    {
                        "file": str(r.path),
                        **fields(r),
                        "imported": r.imported,
                        "problems": problems_json(r, lang),
                    }
                    for r in receipts
                ],
                "imported": len(receipts) - len(refused),
                "refused": len(refused),
            }
        )
    left_out = False
    for receipt in receipts:
        if receipt.imported:
            if not as_json:
                click.echo(imported_line(receipt))
            lines, incomplete = notes(receipt) if notes else ([], False)
            left_out = left_out or incomplete
            for line in lines:
                click.echo(line, err=True)
            continue
        for line in problem_lines(receipt, lang):
            click.echo(t("cli.error", message=line), err=True)
        click.echo(
            t("excel.collect.refused", file=receipt.path.name, count=len(receipt.problems)),
            err=True,
        )
    click.echo(
        t(
            "excel.collect.summary",
            files=len(receipts),
            imported=len(receipts) - len(refused),
            refused=len(refused),
        ),
        err=True,
    )
    if refused or left_out:
        sys.exit(1)

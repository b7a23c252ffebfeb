"""`inspector consolidate`: the audit office's tables over the latest completed sessions."""

from __future__ import annotations

from pathlib import Path

import click

from inspector.cli.output import display_width, echo_json, echo_table
from inspector.cli.outputs import document_target, force_option, warn_plaintext_export
from inspector.context import AppContext
from inspector.domain.checklist import Checklist, Unit
from inspector.domain.consolidation import (
    GROUP_BY_CHOICES,
    Consolidation,
    is_judged,
    staff_type_rows,
)
from inspector.domain.model import STAFF_TYPE_JA, StaffType
from inspector.i18n import Translator
from inspector.services.consolidation import run_consolidation
from inspector.services.documents import scope_names, write_summary


def _at_least_one(ctx: click.Context, param: click.Parameter, value: int) -> int:
    """`--top` lists the reasons of that many items: 0 or below would list none unasked."""
    if value < 1:
        t = Translator(ctx.find_root().obj.settings.lang)
        raise click.BadParameter(t("excel5.top_below_one", value=value), param_hint="--top")
    return value


_LABELS = {
    "ja": {
        "item": "項目",
        "text": "内容",
        "compliant": "遵守",
        "noncompliant": "不遵守",
        "yes": "有り",
        "no": "無し",
        "not_applicable": "該当なし",
        "unanswered": "未回答",
        "answered": "回答",
        "applicable": "対象",
        "rate": "率",
        "broken_by_org": "遵守できていない機関数",
        "broken_by_person": "遵守できていない者の数",
        "items": "項目数",
        "union": "重複除外",
        "count": "人数",
        "total": "合計",
        "reasons": "要因",
        "population": "集計対象",
        "missing": "未完了",
    },
    "en": {
        "item": "item",
        "text": "text",
        "compliant": "compliant",
        "noncompliant": "noncompliant",
        "yes": "yes",
        "no": "no",
        "not_applicable": "n/a",
        "unanswered": "unanswered",
        "answered": "answered",
        "applicable": "applicable",
        "rate": "rate",
        "broken_by_org": "broken by (units)",
        "broken_by_person": "broken by (people)",
        "items": "items",
        "union": "union",
        "count": "count",
        "total": "total",
        "reasons": "reasons",
        "population": "population",
        "missing": "missing",
    },
}


def labels(lang: str) -> dict[str, str]:
    return _LABELS.get(lang, _LABELS["ja"])


def group_label(group: str, lang: str) -> str:
    if lang == "ja":
        try:
            return STAFF_TYPE_JA[StaffType(group)]
        except ValueError:
            return group
    return group


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


@click.command("consolidate")
@click.option("--checklist", "checklist_id", required=True, metavar="ID")
@click.option(
    "--organization",
    "organizations",
    multiple=True,
    metavar="CODE",
    help="Only these organizations and those below them (repeatable).",
)
@click.option("--by", type=click.Choice(GROUP_BY_CHOICES), help="Split every count by staff type.")
@click.option(
    "--top",
    default=10,
    show_default=True,
    callback=_at_least_one,
    help="How many of the most broken items list their reasons.",
)
@click.option("--json", "as_json", is_flag=True, help="Print the JSON interface (see README).")
@click.option(
    "--xlsx",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the tables to an Excel workbook (one sheet per table).",
)
@force_option
@click.pass_obj
def consolidate(
    ctx: AppContext,
    checklist_id: str,
    organizations: tuple[str, ...],
    by: str | None,
    top: int,
    as_json: bool,
    xlsx: Path | None,
    force: bool,
) -> None:
    """Count the answers of the latest completed session of each unit (organization, or
    respondent for person checklists): per item, the distribution of items by how many
    units broke them, unions counted once per unit, optionally by staff type."""
    guard = ctx.output_guard(force=force)
    if xlsx is not None:
        guard.check(xlsx)  # before the counting, so a wrong path is said at once
    checklist, result = run_consolidation(ctx, checklist_id, organizations, by, top)
    if xlsx is not None:
        from inspector.exchange.excel import write_consolidation

        write_consolidation(
            xlsx,
            checklist,
            result,
            lang=ctx.settings.lang,
            guard=guard,
            scope=scope_names(ctx, " ".join(organizations)),
        )
    if as_json:
        echo_json(labelled_json(checklist, result, ctx.settings.lang))
        return
    print_tables(checklist, result, ctx.settings.lang)
    if xlsx is not None:
        click.echo(f"\n{xlsx}")


def print_tables(checklist: Checklist, result: Consolidation, lang: str) -> None:
    t = labels(lang)
    person = checklist.unit is Unit.RESPONDENT
    click.echo(
        f"{checklist.title.get(lang)} ({checklist.id})  "
        f"{t['population']}: {result.population}  {t['missing']}: {result.missing}"
    )
    click.echo("")
    hearing = person and all(i.answer.value == "yes_no" for i in checklist.items if is_judged(i))
    bad, good = ("yes", "no") if hearing else ("noncompliant", "compliant")
    echo_table(
        [
            t["item"],
            t[good],
            t[bad],
            t["not_applicable"],
            t["unanswered"],
            t["applicable"],
            t["rate"],
        ],
        [
            [
                short_text(checklist.item(c.item).text.get(lang)),
                c.compliant if c.judged else f"({c.answered})",
                c.noncompliant if c.judged else "",
                c.not_applicable,
                c.unanswered,
                c.applicable,
                percent(c.rate) if c.judged else "",
            ]
            for c in result.items
        ],
    )
    click.echo("")
    echo_table(
        [t["broken_by_person" if person else "broken_by_org"], t["items"]],
        [
            [b.label_ja() if lang == "ja" else b.label, f"{b.items} ({percent(b.share)})"]
            for b in result.distribution
        ],
    )
    if result.unions:
        click.echo("")
        echo_table(
            [t["union"], t["count"], t["rate"]],
            [
                [
                    u.label.get(lang),
                    result.unions[u.id],
                    percent(result.unions[u.id] / result.population if result.population else 0),
                ]
                for u in checklist.unions
            ],
        )
    if result.groups is not None:
        click.echo("")
        groups = list(result.groups)
        rows = [
            [row_label(checklist, row[0], lang), *row[1:]]
            for row in staff_type_rows(checklist, result, t["population"])
        ]
        echo_table(["", *(group_label(g, lang) for g in groups), t["total"]], rows)
    if result.reasons:
        click.echo("")
        click.echo(f"{t['reasons']}:")
        for entry in result.reasons:
            item = checklist.item(entry.item)
            click.echo(f"  ({entry.noncompliant}) {item.text.get(lang)}")
            for reason in entry.reasons:
                click.echo(f"    {reason.count:>5}  {reason.label}")


def short_text(text: str, width: int = 40) -> str:
    """`text` cut to `width` display columns, with … when it was cut."""
    if display_width(text) <= width:
        return text
    shown = ""
    for ch in text:
        if display_width(shown + ch) > width - 1:
            break
        shown += ch
    return shown + "…"


def row_label(checklist: Checklist, key: object, lang: str) -> str:
    """The staff-type table's row: an item's text or a union's label for its id."""
    unions = {u.id: u for u in checklist.unions}
    if key in unions:
        return unions[str(key)].label.get(lang)
    try:
        return short_text(checklist.item(str(key)).text.get(lang))
    except KeyError:
        return str(key)  # the population row's label


def labelled_json(checklist: Checklist, result: Consolidation, lang: str) -> dict[str, object]:
    """The JSON interface, the ids kept, with what a reader needs beside them: each item's
    text (`items[].text`) and each union's label (`union_labels`)."""
    data = result.to_json()
    for entry in data["items"]:
        entry["text"] = checklist.item(entry["item"]).text.get(lang)
    data["union_labels"] = {u.id: u.label.get(lang) for u in checklist.unions}
    return data


@click.command("summary")
@click.option("--checklist", "checklist_id", required=True, metavar="ID")
@click.option("--organization", "organizations", multiple=True, metavar="CODE")
@click.option("--by", type=click.Choice(GROUP_BY_CHOICES), help="Add the table by staff type.")
@click.option("--top", default=10, show_default=True, type=int, callback=_at_least_one)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    help="PDF file (default: summary-<checklist>.pdf in the current folder).",
)
@force_option
@click.pass_obj
def summary_report(
    ctx: AppContext,
    checklist_id: str,
    organizations: tuple[str, ...],
    by: str | None,
    top: int,
    output: Path | None,
    force: bool,
) -> None:
    """The consolidation as a PDF: the tables with bar charts."""
    guard = ctx.output_guard(force=force)
    target = document_target(guard, output, f"summary-{checklist_id}.pdf")
    checklist, result = run_consolidation(ctx, checklist_id, organizations, by, top)
    write_summary(ctx, checklist, result, target, scope=" ".join(organizations), guard=guard)
    click.echo(str(target))
    warn_plaintext_export(ctx, target)

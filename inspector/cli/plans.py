"""`inspector plans`: improvement plans across organizations, by deadline."""

from __future__ import annotations

from datetime import datetime

import click

from inspector.cli import terminal
from inspector.cli.dates import DAY
from inspector.cli.output import display_width, echo_json, echo_table
from inspector.cli.text import shown_date, t
from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.domain.findings import (
    FINDING_KIND_JA,
    MEASURE_STATUS_JA,
    FindingKind,
    MeasureStatus,
    PlanFilter,
)


def _clip(text: str, width: int) -> str:
    out = ""
    for ch in text:
        if display_width(out + ch) > width - 1:
            return out + "…"
        out += ch
    return out


@click.command()
@click.option("--organization", "organization", metavar="CODE")
@click.option("--kind", type=click.Choice([k.value for k in FindingKind]))
@click.option("--status", type=click.Choice([s.value for s in MeasureStatus]))
@click.option("--overdue", is_flag=True, help="Only plans past their deadline and not done.")
@click.option("--due-within", type=click.IntRange(0), metavar="N", help="Due within N days.")
@click.option("--today", type=DAY, help="Reference date (default: today).")
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def plans(
    ctx: AppContext,
    organization: str | None,
    kind: str | None,
    status: str | None,
    overdue: bool,
    due_within: int | None,
    today: datetime | None,
    as_json: bool,
) -> None:
    """Improvement plans across organizations, by deadline; overdue ones stand out."""
    from inspector.services import roster_lists

    # a database without plans (of this organization) is told with one query: neither the
    # store's tables nor the checklist models are loaded
    if roster_lists.no_plans(ctx, organization):
        rows = []
    else:
        from inspector.services.plan_list import plan_rows

        org = None
        if organization:
            org = ctx.repo.find_organization(organization)
            if org is None:
                raise roster_lists.UnknownOrganization(organization)
        flt = PlanFilter(
            organization_id=org.id if org else None,
            kind=FindingKind(kind) if kind else None,
            status=MeasureStatus(status) if status else None,
            overdue_only=overdue,
            due_within_days=due_within,
        )
        rows = plan_rows(ctx, flt, today.date() if today is not None else japan_today())
    if as_json:
        echo_json([r.to_json() for r in rows])
        return
    ja = ctx.settings.lang == "ja"
    table = []
    for r in rows:
        state = r.status
        marks = []
        if r.overdue:
            marks.append(terminal.style("期限超過" if ja else "OVERDUE", fg="red", bold=True))
        if r.not_independent:
            marks.append("独立性なし" if ja else "not independent")
        table.append(
            [
                shown_date(r.plan.deadline),
                str(r.days_left),
                f"{r.organization.code} {r.organization.name}",
                FINDING_KIND_JA[r.finding.kind] if ja else r.finding.kind.value,
                (MEASURE_STATUS_JA[state] if ja else state.value) if state else "-",
                _clip(r.finding.title, 36),
                r.plan.responsible_person,
                " ".join(marks),
            ]
        )
    if not table:
        click.echo("no plans match" if not ja else "該当する改善計画はありません")
        return
    columns = ("deadline", "days", "organization", "kind", "status", "finding", "owner")
    echo_table([*(t(f"cli.plans.columns.{c}") for c in columns), t("time5.plans_notes")], table)


__all__ = ["plans"]

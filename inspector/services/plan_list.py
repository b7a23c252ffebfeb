"""The plans listing (`inspector plans`, the interface's plans screen): plans across
organizations, filtered and sorted by deadline, with what each row shows. Reads the plans,
their findings, the organizations and the independence of only the sessions they name;
imports no PDF library."""

from __future__ import annotations

from datetime import date

from inspector.context import AppContext
from inspector.domain.findings import PlanFilter, filter_plans
from inspector.reports.service_types import PlanRow


def plan_rows(ctx: AppContext, flt: PlanFilter, today: date) -> list[PlanRow]:
    """Plans across organizations (of findings not withdrawn), filtered, by deadline."""
    pairs = filter_plans(ctx.findings.plans_with_findings(flt.organization_id), flt, today)
    if not pairs:
        return []
    organizations = {o.id: o for o in ctx.repo.organizations()}
    not_independent = ctx.findings.not_independent_sessions(
        f.session_id for f, _ in pairs if f.session_id
    )
    return [
        PlanRow(
            finding=finding,
            plan=plan,
            organization=organizations[plan.responsible_organization_id],
            overdue=plan.is_overdue(today),
            days_left=plan.days_left(today),
            not_independent=finding.session_id in not_independent,
        )
        for finding, plan in pairs
    ]


__all__ = ["plan_rows"]

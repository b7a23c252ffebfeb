"""The field values of findings and improvement plans as their rows and change logs hold
them: converted from what an editor gives, compared, set with the old and new values of
what changed."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, datetime
from typing import Any

from inspector.domain.findings import FindingKind
from inspector.store.tables import FindingRow, ImprovementPlanRow

EDITABLE = ("kind", "title", "text", "items", "answers", "evidence", "requested_measure")
EDITABLE += ("layout", "requested_deadline")  # type: ignore[assignment]
PLAN_EDITABLE = ("measures", "responsible_organization_id", "responsible_person", "deadline")


def apply_changes(
    row: Any, values: Mapping[str, Any], fields: Callable[[Any], dict[str, Any]]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Set `values` on `row`; the old and new values of the fields that really changed
    (what a change-log entry records; both empty when nothing changed)."""
    before = fields(row)
    for key, value in values.items():
        setattr(row, key, value)
    after = fields(row)
    old = {key: value for key, value in before.items() if after[key] != value}
    return old, {key: after[key] for key in old}


def finding_values(changes: Mapping[str, Any]) -> dict[str, Any]:
    """Field values as the row holds them (the kind's value, lists, the deadline a date)."""
    return {
        key: value.value
        if isinstance(value, FindingKind)
        else list(value)
        if isinstance(value, tuple)
        else date.fromisoformat(value)
        if key == "requested_deadline" and isinstance(value, str)
        else value
        for key, value in changes.items()
    }


def finding_fields(row: FindingRow) -> dict[str, Any]:
    fields = {k: getattr(row, k) for k in EDITABLE}
    due = fields["requested_deadline"]
    fields["requested_deadline"] = due.isoformat() if due else None  # the log is JSON
    return fields


def plan_fields(row: ImprovementPlanRow) -> dict[str, Any]:
    """The editable values of a plan as JSON (the deadline as YYYY-MM-DD)."""
    fields = {k: getattr(row, k) for k in PLAN_EDITABLE}
    fields["deadline"] = row.deadline.isoformat()
    return fields


def plan_value(key: str, value: Any) -> Any:
    """A plan field's new value, checked: text, an organization id, or a date."""
    if key == "deadline":
        if isinstance(value, str):
            return date.fromisoformat(value)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        raise ValueError(f"deadline must be a date, not {type(value).__name__}")
    if key == "responsible_organization_id":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError("responsible_organization_id must be an organization id")
        return value
    if not isinstance(value, str):
        raise ValueError(f"{key} must be text, not {type(value).__name__}")
    return value


__all__ = [
    "EDITABLE",
    "PLAN_EDITABLE",
    "apply_changes",
    "finding_fields",
    "finding_values",
    "plan_fields",
    "plan_value",
]

"""Nothing lost when a 改善計画書 workbook comes back after the plans changed in the app.

The workbook carries, per row, the version of the row's plan when it was written
(`version:<row>` in the hidden sheet: how many change-log entries and how many measure
entries the plan had; "0:0" on a blank row). On collect, each field of the row is compared
three ways, as an edit in the app is (`update_finding`'s `seen`): the value exported, the
value now, the value returned.

- returned = exported: the department left it; the app's value (changed or not) stays;
- returned = now: nothing to do;
- otherwise the department changed it: written, unless the app changed it too since the
  export: then the row is left out (nothing of it written) and listed with who changed
  the plan and when, as `import-csv` lists the rows older than what is stored.

A status returned differing from both the exported and the current latest entry, on a
plan given entries since the export, is left out the same way (it was decided on an older
view). A workbook written before versions were carried is collected as before, and the rows
it changed are named in a warning.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from inspector.domain.findings import ImprovementPlan, MeasureEntry
from inspector.exchange.workbooks.plans import ReturnedPlan
from inspector.store.repositories.findings import FindingRepository

BLANK_PLAN: dict[str, Any] = {"measures": "", "responsible_person": "", "deadline": None}


@dataclass(frozen=True)
class Exported:
    """A plan's version as the workbook was written."""

    changes: int
    entries: int


def version_text(changes: int, entries: int) -> str:
    return f"{changes}:{entries}"


def parse_version(text: str) -> Exported | None:
    """The version a row carries; None when the workbook carries none (or a broken one)."""
    first, sep, second = text.partition(":")
    if not sep or not first.isdigit() or not second.isdigit():
        return None
    return Exported(int(first), int(second))


@dataclass(frozen=True)
class LeftOut:
    """A row not collected: its plan was changed in the app (or by another workbook) since
    the export, in a field the department changed too."""

    row: int
    by: str
    at: datetime


@dataclass
class RowUpdate:
    changes: dict[str, object] = field(default_factory=dict)
    entry: bool = False


def _latest(entries: list[MeasureEntry]) -> MeasureEntry | None:
    # as `ImprovementPlan.latest`: by date, ties the later recorded
    return max(entries, key=lambda e: (e.entry_date, e.recorded_at, e.id)) if entries else None


def _exported_fields(log: list[Any], count: int, current: dict[str, Any]) -> dict[str, Any]:
    """The plan's fields when it had `count` change-log entries: the current ones with the
    old values of each later entry put back, newest first (blank before its creation)."""
    state = dict(current)
    for action, old, _new, _by, _at in reversed(log[count:]):
        if action == "create":
            state = dict(BLANK_PLAN)
        else:
            state.update({k: v for k, v in (old or {}).items() if k in state})
    if isinstance(state["deadline"], str):
        state["deadline"] = date.fromisoformat(state["deadline"])
    return state


def workbook_action(form_id: str) -> str:
    """The change log's action of an edit made by collecting the workbook `form_id`."""
    return f"workbook:{form_id}"


def entry_uid(form_id: str, plan_uid: str, index: int) -> str:
    """The uid of the entry a collect of workbook `form_id` appends to a plan as its
    `index`-th entry (0-based, by id): its later collects know it as theirs."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"inspector:plans:{form_id}:{plan_uid}:{index}"))


def row_update(
    repo: FindingRepository,
    plan: ImprovementPlan,
    row: ReturnedPlan,
    exported: Exported | None,
    form_id: str,
) -> RowUpdate | LeftOut:
    """What to write for a returned row of an existing plan, or why it is left out.
    Changes made by collecting this same workbook before are the department's own: only
    the others' (the app's, another workbook's, a bundle's) can clash."""
    current: dict[str, Any] = {
        "measures": plan.measures,
        "responsible_person": plan.responsible_person,
        "deadline": plan.deadline,
    }
    # a blank cell leaves the stored value (a measure, a person, a deadline is never
    # blanked from a workbook: a cell emptied by a slip would lose it); clearing is done
    # in the app
    returned: dict[str, Any] = {}
    if row.measures:
        returned["measures"] = row.measures
    if row.person:
        returned["responsible_person"] = row.person
    if row.deadline is not None:
        returned["deadline"] = row.deadline
    update = RowUpdate({k: v for k, v in returned.items() if v != current[k]})
    latest = plan.latest
    update.entry = row.status is not None and (
        latest is None or (latest.status, latest.text) != (row.status, row.status_text)
    )
    if exported is None:
        return update
    log = repo.plan_changes(plan.id)
    before = _exported_fields(log, exported.changes, current)
    ours = (workbook_action(form_id), "create")  # a plan made since: made from this row
    others = [e for e in log[exported.changes :] if e[0] not in ours and e[2]]
    for key in list(update.changes):
        touched = [e for e in others if key in (e[2] or {})]
        if not touched:
            continue  # nobody else changed it since the export: the department's word
        if update.changes[key] == before[key]:
            del update.changes[key]  # left by the department: the app's value stays
        else:
            return LeftOut(row.row, touched[-1][3], touched[-1][4])
    if update.entry:
        entries = sorted(plan.entries, key=lambda e: e.id)
        since = [
            e
            for index, e in enumerate(entries)
            if index >= exported.entries and e.uid != entry_uid(form_id, plan.uid, index)
        ]
        was = _latest(entries[: exported.entries])
        if not since:
            return update
        if was is not None and (was.status, was.text) == (row.status, row.status_text):
            update.entry = False  # the status exported, left: the app's newer one stays
        else:
            return LeftOut(row.row, since[-1].recorded_by, since[-1].recorded_at)
    return update


__all__ = [
    "Exported",
    "LeftOut",
    "RowUpdate",
    "entry_uid",
    "parse_version",
    "row_update",
    "version_text",
    "workbook_action",
]

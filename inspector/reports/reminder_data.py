"""What a reminder (督促状) says, without the PDF library: the department, its overdue
plans and unreturned forms, the dates, the sender, the number and the earlier reminders;
and the canonical content hashed into its verification payload (`reminder.py` builds it)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from inspector.domain.documents import canonical_json
from inspector.domain.model import Organization


@dataclass(frozen=True)
class OverduePlan:
    """An improvement plan past its deadline and not done."""

    plan_id: int
    finding: str
    deadline: date
    days_overdue: int
    status: str | None  # MeasureStatus value, None: no entry yet
    reminded_before: bool = False


@dataclass(frozen=True)
class UnreturnedForm:
    """A self-check workbook handed out and not returned."""

    form_id: str
    checklist: str
    handed_out: date
    reminded_before: bool = False
    due: date | None = None
    """Its 提出期限 (None: none was set at hand-out)."""


@dataclass(frozen=True)
class ReminderData:
    """One department's reminder."""

    doc_id: str
    organization: Organization
    division: Organization | None
    issue_date: date
    as_of: date
    reply_by: date
    plans: tuple[OverduePlan, ...] = ()
    forms: tuple[UnreturnedForm, ...] = ()
    office: str = ""
    municipality: str = ""
    issuer: str = ""
    issuer_title: str = ""
    number: str | None = None
    # earlier reminders of any of these plans or forms: (文書番号 or id, date), oldest first
    earlier: tuple[tuple[str, date], ...] = field(default_factory=tuple)

    @property
    def again(self) -> bool:
        """再督促: some plan or form of it was reminded before."""
        return bool(self.earlier)


def content(data: ReminderData) -> dict[str, Any]:
    """The canonical content, hashed into the verification payload."""
    return {
        "kind": "reminder",
        "doc_id": data.doc_id,
        "number": data.number,
        "organization": {"code": data.organization.code, "name": data.organization.name},
        "issue_date": data.issue_date.isoformat(),
        "as_of": data.as_of.isoformat(),
        "reply_by": data.reply_by.isoformat(),
        "issuer": data.issuer,
        "plans": [
            {
                "finding": p.finding,
                "deadline": p.deadline.isoformat(),
                "days_overdue": p.days_overdue,
                "status": p.status,
            }
            for p in data.plans
        ],
        "forms": [
            {
                "form_id": f.form_id,
                "checklist": f.checklist,
                "handed_out": f.handed_out.isoformat(),
                "due": f.due.isoformat() if f.due is not None else None,
            }
            for f in data.forms
        ],
        "earlier": [[n, d.isoformat()] for n, d in data.earlier],
    }


def reminder_hash(data: ReminderData) -> str:
    return hashlib.sha256(canonical_json(content(data))).hexdigest()


def department_name(data: ReminderData, lang: str) -> str:
    """As the roster names it: 市民部　市民課."""
    if data.division is None:
        return data.organization.name
    if lang == "ja":
        return f"{data.division.name}　{data.organization.name}"
    return f"{data.organization.name}, {data.division.name}"


__all__ = [
    "OverduePlan",
    "ReminderData",
    "UnreturnedForm",
    "content",
    "department_name",
    "reminder_hash",
]

"""Whether a deadline can stand: the rules every place that takes one applies (the notice's
reply-by, a finding's requested deadline, a plan's deadline), so that the documents never
print a deadline the office could not send.

- No deadline before the visit it follows (nor before the notice it is printed on).
- A deadline the office sets falls on a business day (DOCUMENTS.md, 「Dates and
  deadlines」): not a Saturday, Sunday, national or substitute holiday, nor 12/29-1/3. It is
  refused with the next business day named, not moved: the user chose the day, and a
  document must not print another one behind their back.

Each check returns the refusal in the run's language, or None when the deadline stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from inspector.domain.business_days import closed_reason, next_business_day
from inspector.domain.era import format_date
from inspector.i18n import Translator

_WEEKEND_DAYS = {5: "tui8c.weekday.saturday", 6: "tui8c.weekday.sunday"}


def closed_day_problem(
    day: date,
    lang: str,
    *,
    what: str = "deadline",
    key: str | None = None,
    fields: Mapping[str, str] | None = None,
) -> str | None:
    """`day` is not a business day: the refusal naming why and the next business day.
    `what`: "deadline" (a deadline the office sets); `key`: another message with the same
    fields (`day`, `reason`, `next`) and `fields` (a document's name: `issue_day`)."""
    reason = closed_reason(day)
    if reason is None:
        return None
    t = Translator(lang)
    reason_key = f"docs8a.reason_{reason}"
    if reason == "weekend":  # the day named: a Sunday is not 「土曜日・日曜日」 (walk8b L2)
        reason_key = _WEEKEND_DAYS.get(day.weekday(), reason_key)
    return t(
        key or f"docs8a.closed_{what}",
        day=format_date(day, lang),
        reason=t(reason_key),
        next=format_date(next_business_day(day), lang),
        **(fields or {}),
    )


def before_visit_problem(deadline: date, visit: date | None, lang: str) -> str | None:
    """A deadline earlier than the visit it answers."""
    if visit is None or deadline >= visit:
        return None
    return Translator(lang)(
        "docs8a.before_visit",
        deadline=format_date(deadline, lang),
        visit=format_date(visit, lang),
    )


def deadline_problem(
    deadline: date, visit: date | None, lang: str, *, office_set: bool = True
) -> str | None:
    """The first reason `deadline` cannot stand, else None. `office_set`: the office sets it
    (a finding's requested deadline, the reply-by) and it must fall on a business day; a
    plan's deadline is the department's, only held to the visit."""
    problem = before_visit_problem(deadline, visit, lang)
    if problem is None and office_set:
        problem = closed_day_problem(deadline, lang)
    return problem


def plan_deadline_problem(
    deadline: date, visit: date | None, notice: date | None, lang: str
) -> str | None:
    """Why a plan's deadline is not one the documents may print as it is, else None: before
    the visit, on a closed day (older data, entered before they were refused), or before the
    date of the notice it answers (`notice`; None: no notice issued yet) -- a deadline the
    notice did not ask for, since the notice printed its reply-by instead (rev8b H3). The one
    rule of the notice, the plan form and the follow-up report: the notice leaves such a
    deadline out, the plan form and the follow-up print it marked 要確認, so that one finding
    never has two different unflagged dates."""
    if notice is not None and deadline < notice:
        return Translator(lang)(
            "docs9.before_notice",
            deadline=format_date(deadline, lang),
            notice=format_date(notice, lang),
        )
    return deadline_problem(deadline, visit, lang)


def shown_deadline(
    deadline: date, visit: date | None, lang: str, notice: date | None = None
) -> str:
    """A plan's deadline as a document prints it: one `plan_deadline_problem` finds is
    marked 要確認, never printed silently."""
    shown = format_date(deadline, lang)
    if plan_deadline_problem(deadline, visit, notice, lang) is None:
        return shown
    return Translator(lang)("docs8a.plan_flag", deadline=shown)


__all__ = [
    "before_visit_problem",
    "closed_day_problem",
    "deadline_problem",
    "plan_deadline_problem",
    "shown_deadline",
]

"""Business days of a Japanese municipal office: the deadlines the software computes.

A reply date or a requested measure deadline that lands on a Saturday, a Sunday, a
national holiday (国民の祝日, 振替休日, 国民の休日) or the year-end closure (12/29-1/3,
by 地方自治法 4条の2 and the municipalities' 休日条例) moves to the next business day. The
holiday table is the maintained `holidays` library (country JP), not a hand-written list.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

JAPAN = ZoneInfo("Asia/Tokyo")


@cache
def _japan_holidays(year: int) -> frozenset[date]:
    # imported when a deadline is computed: the library loads every country's calendars
    # (about 0.1 s), which the interface's start and most commands do not need
    import holidays

    return frozenset(holidays.country_holidays("JP", years=year))


def is_year_end_closure(day: date) -> bool:
    """12/29 to 1/3: the office is closed (年末年始の休日)."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_business_day(day: date) -> bool:
    return not (day.weekday() >= 5 or is_year_end_closure(day) or day in _japan_holidays(day.year))


def next_business_day(day: date) -> date:
    """`day` itself when the office is open, else the next day it is."""
    while not is_business_day(day):
        day += timedelta(days=1)
    return day


def deadline_after(start: date, days: int) -> date:
    """`days` calendar days after `start`, moved to the next business day."""
    return next_business_day(start + timedelta(days=days))


def japan_now(now: datetime | None = None) -> datetime:
    """The time in Japan (a naive `now` is taken as UTC)."""
    moment = now or datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(JAPAN)


def japan_today(now: datetime | None = None) -> date:
    """The date in Japan: a document issued at 23:30 UTC bears the next day's date."""
    return japan_now(now).date()


__all__ = [
    "JAPAN",
    "deadline_after",
    "is_business_day",
    "is_year_end_closure",
    "japan_now",
    "japan_today",
    "next_business_day",
]

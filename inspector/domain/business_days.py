"""Business days of a Japanese municipal office: the deadlines the software computes.

A reply date or a requested measure deadline that lands on a Saturday, a Sunday, a
national holiday (国民の祝日, 振替休日, 国民の休日) or the year-end closure (12/29-1/3,
by 地方自治法 4条の2 and the municipalities' 休日条例) moves to the next business day. The
holiday table is the maintained `holidays` library (country JP), not a hand-written list.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from inspector.cache_files import write_cache_file

JAPAN = ZoneInfo("Asia/Tokyo")

_holiday_cache: Path | None = None


def use_holiday_cache(path: Path | None) -> None:
    """Keep each year's holidays in `path` (None: compute them every time). Importing the
    library loads every country's calendars (about 0.1 s): a command that computes one
    deadline, such as a signed notice, reads the year from this file instead."""
    global _holiday_cache
    _holiday_cache = path


def _library_key() -> list[Any] | None:
    """What a cached year must still match: the installed `holidays` library's files."""
    from importlib.util import find_spec

    spec = find_spec("holidays")
    if spec is None or spec.origin is None:
        return None
    folder = Path(spec.origin).parent
    try:
        stats = [(folder / name).stat() for name in ("version.py", "countries/japan.py")]
    except OSError:
        return None
    return [str(folder), *(n for s in stats for n in (s.st_mtime_ns, s.st_size))]


@cache
def _japan_holidays(year: int) -> frozenset[date]:
    cache_file, key = _holiday_cache, None
    if cache_file is not None:
        key = _library_key()
        try:
            data = json.loads(cache_file.read_text(encoding="utf-8"))
            if key is not None and data.get("key") == key and str(year) in data["years"]:
                return frozenset(date.fromisoformat(d) for d in data["years"][str(year)])
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            pass  # missing or damaged: computed again and rewritten
    # imported when a deadline is computed and the year is not cached
    import holidays

    days = frozenset(holidays.country_holidays("JP", years=year))
    if cache_file is not None and key is not None:
        _write_year(cache_file, key, year, days)
    return days


def _write_year(cache_file: Path, key: list[Any], year: int, days: frozenset[date]) -> None:
    """Atomic; a cache that cannot be written is no failure (computed again next time)."""
    try:
        data = json.loads(cache_file.read_text(encoding="utf-8"))
        years = data["years"] if data.get("key") == key else {}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        years = {}
    if not isinstance(years, dict):
        years = {}
    years[str(year)] = sorted(d.isoformat() for d in days)
    write_cache_file(cache_file, {"key": key, "years": years})


def is_year_end_closure(day: date) -> bool:
    """12/29 to 1/3: the office is closed (年末年始の休日)."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def is_business_day(day: date) -> bool:
    return not (day.weekday() >= 5 or is_year_end_closure(day) or day in _japan_holidays(day.year))


def closed_reason(day: date) -> str | None:
    """Why the office is closed on `day`: "closure" (12/29-1/3), "holiday" (a national or
    substitute holiday), "weekend"; None on a business day."""
    if is_year_end_closure(day):
        return "closure"
    if day in _japan_holidays(day.year):
        return "holiday"
    if day.weekday() >= 5:
        return "weekend"
    return None


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
    "closed_reason",
    "deadline_after",
    "is_business_day",
    "is_year_end_closure",
    "japan_now",
    "japan_today",
    "next_business_day",
    "use_holiday_cache",
]

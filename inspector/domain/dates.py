"""Dates and times as people type them on site and in spreadsheets."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone

from inspector.i18n import Message


def parse_date(text: str) -> date:
    """`2025-06-02`, `2025/6/2`, `2025.6.2`, `2025年6月2日`, an era date (`令和7年6月2日`,
    `令和元年5月1日`, `R7.6.2`, `H31/4/30`) or full-width digits; raises ValueError."""
    folded = unicodedata.normalize("NFKC", text).strip()
    if folded[:1] and not folded[:1].isdigit():
        return parse_era_date(text)
    folded = _KANJI_DATE.sub(r"\1-\2-\3", folded)
    parts = folded.replace("/", "-").replace(".", "-").split("-")
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(Message("more.dates.not_date", text=text))
    year, month, day = (int(p) for p in parts)
    try:
        return date(year, month, day)
    except (ValueError, OverflowError):  # 2027-13-45, 2027-02-30: the words, not Python's
        raise ValueError(Message("more.dates.no_such_day", text=text)) from None


_KANJI_DATE = re.compile(r"^(\d+)\s*年\s*(\d+)\s*月\s*(\d+)\s*日$")
_ERA_DATE = re.compile(
    r"^(?P<era>[^\d\s元.\-/]+)\s*(?P<year>\d+|元)\s*(?:年|[.\-/])\s*(?P<month>\d+)\s*"
    r"(?:月|[.\-/])\s*(?P<day>\d+)\s*日?$"
)


def parse_era_date(text: str) -> date:
    """`令和9年3月31日`, `令和元年5月1日`, `R9.3.31`, `r9/3/31`, `H31.4.30`: a day of the
    era, which must be within it (平成31年5月1日 was 令和元年). Raises ValueError."""
    folded = unicodedata.normalize("NFKC", text).strip()
    match = _ERA_DATE.match(folded)
    era = _ERA_NAMES.get(match["era"].upper() if match else "")
    if match is None or era is None:
        raise ValueError(Message("more.dates.not_date_era", text=text))
    start, end = era
    year = 1 if match["year"] == "元" else int(match["year"])
    if year < 1:
        raise ValueError(Message("more.dates.era_year_zero", text=text))
    try:
        day = date(start.year + year - 1, int(match["month"]), int(match["day"]))
    except (ValueError, OverflowError):
        raise ValueError(Message("more.dates.no_such_day", text=text)) from None
    if day < start or (end is not None and day >= end):
        raise ValueError(Message("more.dates.not_in_era", text=text, era=match["era"]))
    return day


def _era_names() -> dict[str, tuple[date, date | None]]:
    """Era name (and its Latin initial) -> (first day, first day of the next era)."""
    from inspector.domain.era import ERAS

    names: dict[str, tuple[date, date | None]] = {}
    later: date | None = None
    for start, name in ERAS:  # newest first
        names[name] = (start, later)
        names[_ERA_INITIALS[name]] = (start, later)
        later = start
    return names


_ERA_INITIALS = {"令和": "R", "平成": "H", "昭和": "S", "大正": "T", "明治": "M"}
_ERA_NAMES = _era_names()


def parse_local_datetime(text: str) -> datetime:
    """`2025-06-02 09:30`, `2025/6/2 9:30`, `2025-06-02T09:30` or a date alone (midnight);
    naive: Japan time (`japan_typed`). Raises ValueError."""
    folded = unicodedata.normalize("NFKC", text).strip().replace("T", " ")
    date_part, _, time_part = folded.partition(" ")
    day = parse_date(date_part)
    moment = time()
    if time_part.strip():
        hour, _, minute = time_part.strip().partition(":")
        if not hour.isdigit() or (minute and not minute[:2].isdigit()):
            raise ValueError(Message("more.dates.not_datetime", text=text))
        moment = time(int(hour), int(minute[:2] or 0))
    return datetime.combine(day, moment)


#: the earliest date an imported record may carry (an OverflowError waits below year 1)
EARLIEST = date(1900, 1, 1)
#: how far ahead of this computer's clock an imported time may be (another computer's
#: clock may be a little fast); anything later would stay "the latest" forever
CLOCK_SKEW = timedelta(minutes=10)


def check_plausible(moment: date | datetime, now: datetime | None = None) -> None:
    """Raise ValueError for a date before 1900 or a time later than now (plus the clock
    skew): such a record would hide every later correction. A naive time is Japan time."""
    if moment.year < EARLIEST.year:
        raise ValueError(
            Message("more.dates.before", moment=moment.isoformat(), year=EARLIEST.year)
        )
    current = now or datetime.now().astimezone()
    if isinstance(moment, datetime):
        # The year is compared first: arithmetic near year 9999 overflows.
        aware = japan_typed(moment)
        late = moment.year > current.year + 1 or aware > current + CLOCK_SKEW
    else:
        # a date is an office's day in Japan, whatever this computer's zone (a machine
        # ahead of Japan keeps its own day)
        latest = current + CLOCK_SKEW
        late = moment > max(latest.astimezone(JAPAN).date(), latest.date())
    if late:
        raise ValueError(Message("more.dates.future", moment=moment.isoformat()))


def recorded_date(text: str) -> date:
    """A date a file says something happened on: `parse_date`, then `check_plausible`."""
    try:
        day = parse_date(text)
    except ValueError:
        raise ValueError(Message("more.dates.not_date_iso", text=text)) from None
    check_plausible(day)
    return day


def recorded_datetime(text: str) -> datetime:
    """A naive (Japan) time a file says something happened at: `parse_local_datetime`, then
    `check_plausible`."""
    try:
        moment = parse_local_datetime(text)
    except ValueError:
        raise ValueError(Message("more.dates.not_datetime_iso", text=text)) from None
    check_plausible(moment)
    return moment


#: Japan time: what the offices' clocks show, whatever the computer's zone is set to
JAPAN = timezone(timedelta(hours=9), "JST")


def japan_typed(moment: datetime) -> datetime:
    """A time typed on site or read from a file: a naive one is Japan time (the office's
    clock, whatever zone this computer is set to); an aware one is kept."""
    return moment.replace(tzinfo=JAPAN) if moment.tzinfo is None else moment


def japan_time(moment: datetime) -> datetime:
    """`moment` in Japan time (UTC+9, no daylight saving); a naive time already is (see
    `japan_typed`), whatever this computer's zone."""
    return japan_typed(moment).astimezone(JAPAN)


#: the days a plan's deadline or a form's due date may be: what an office plans within. A
#: day outside is a slip (1 in a date cell is 1899-12-31, 0001/1/1, 9999/12/31) that
#: would print as no era at all or as 令和7981年; 2000 is well within what a bundle takes
#: (from 1900), so a deadline accepted here is never refused by the office's import.
PLAN_EARLIEST = date(2000, 1, 1)
PLAN_LATEST = date(2099, 12, 31)


def check_plan_day(day: date) -> None:
    """Raise ValueError (a catalogue message) for a deadline or due date outside
    `PLAN_EARLIEST`..`PLAN_LATEST`."""
    if not PLAN_EARLIEST <= day <= PLAN_LATEST:
        raise ValueError(
            Message(
                "excel5.day_out_of_range",
                day=day.isoformat(),
                earliest=PLAN_EARLIEST.isoformat(),
                latest=PLAN_LATEST.isoformat(),
            )
        )

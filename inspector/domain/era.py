"""Japanese era dates (和暦) for printed documents: 令和7年3月31日, 令和元年5月1日.

English documents use "31 March 2025"; ISO dates stay for machines.
"""

from __future__ import annotations

from datetime import date

from inspector.i18n import Message

# (first day, name) newest first
ERAS: tuple[tuple[date, str], ...] = (
    (date(2019, 5, 1), "令和"),
    (date(1989, 1, 8), "平成"),
    (date(1926, 12, 25), "昭和"),
    (date(1912, 7, 30), "大正"),
    (date(1868, 10, 23), "明治"),
)

_MONTHS_EN = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def era_year(day: date) -> tuple[str, int]:
    """The era's name and the year within it (1 for the first year)."""
    for start, name in ERAS:
        if day >= start:
            return name, day.year - start.year + 1
    raise ValueError(Message("more.dates.before_meiji", day=day.isoformat()))


def format_era(day: date) -> str:
    """令和7年3月31日; the first year of an era is 元年 (令和元年5月1日)."""
    name, year = era_year(day)
    year_text = "元" if year == 1 else str(year)
    return f"{name}{year_text}年{day.month}月{day.day}日"


def format_english(day: date) -> str:
    """31 March 2025."""
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def has_era(day: date) -> bool:
    """Whether `day` falls in an era (from 明治): a date before it (a deadline typed as 1
    or 0001/1/1 before plausible dates were enforced) is shown in ISO, never a crash."""
    return day >= ERAS[-1][0]


def format_date(day: date | None, lang: str = "ja") -> str:
    """A date as printed on paper in the document's language; '' for no date."""
    if day is None:
        return ""
    if lang == "ja":
        return format_era(day) if has_era(day) else day.isoformat()
    return format_english(day)


def format_fiscal_year(year: int) -> str:
    """The fiscal year starting in April of `year` in the era: 令和7 for 2025, 令和元 for
    2019 (the era that began in its first weeks names it), 昭和63 for 1988. "年度" is the
    message's."""
    name, number = era_year(date(year, 5, 1))
    return f"{name}{'元' if number == 1 else number}"


def shown_date(day: date | None, lang: str) -> str:
    """A date on a screen: 令和7年3月31日 in Japanese, ISO (2025-03-31) in English."""
    if day is None:
        return ""
    return format_era(day) if lang == "ja" and has_era(day) else day.isoformat()


__all__ = [
    "ERAS",
    "era_year",
    "format_date",
    "format_english",
    "format_era",
    "format_fiscal_year",
    "has_era",
    "shown_date",
]

"""Dates and times as the screens show them: 令和7年6月2日 (Japan time) in Japanese, ISO in
English. What a person types is read by the domain's `parse_date` (ISO or era)."""

from __future__ import annotations

from datetime import date, datetime

from rich.cells import cell_len

from inspector.domain.dates import japan_time
from inspector.domain.era import era_year, has_era, shown_date
from inspector.i18n import Translator

#: the widest day of the present era with a one-digit year (令和9年12月28日): the whole
#: form's columns; from 令和10 a day wider than this is shown short (`fitted_day_text`)
_WIDEST = date(2027, 12, 28)
#: the widest short day of the present era (令和10.12.28): deadlines reach 令和10 already
_WIDEST_SHORT = date(2028, 12, 28)


def day_text(day: date | None, t: Translator) -> str:
    """`day` in the interface's language; '' for none."""
    return shown_date(day, t.lang)


def moment_text(moment: datetime | None, t: Translator) -> str:
    """A moment as its day and time in Japan time (令和7年10月28日 18:00); '' for none."""
    if moment is None:
        return ""
    local = japan_time(moment)
    return f"{shown_date(local.date(), t.lang)} {local:%H:%M}"


def moment_day(moment: datetime | None, t: Translator) -> str:
    """The day of a moment in Japan time; '' for none."""
    return shown_date(japan_time(moment).date(), t.lang) if moment is not None else ""


def short_day_text(day: date | None, t: Translator) -> str:
    """A day in a narrow column: 令和7.6.1 (令和元.5.1) in Japanese, ISO in English; for the
    deadlines of the findings and plans lists, where the full 令和7年6月1日 would take five
    cells of the title at 80 columns."""
    if day is None:
        return ""
    if t.lang != "ja" or not has_era(day):
        return day.isoformat()
    name, year = era_year(day)
    return f"{name}{'元' if year == 1 else year}.{day.month}.{day.day}"


def fitted_day_text(day: date | None, t: Translator, cells: int) -> str:
    """`day` for a column `cells` wide: whole (令和9年12月28日) when it fits, else the short
    form (令和10.12.28): from 令和10 a whole day takes 16 cells, one more than the column
    sized for this era's one-digit years, and was cut."""
    whole = day_text(day, t)
    return whole if cell_len(whole) <= cells else short_day_text(day, t)


def fitted_moment_day(moment: datetime | None, t: Translator, cells: int) -> str:
    """The day of a moment in Japan time for a column `cells` wide (`fitted_day_text`)."""
    return fitted_day_text(japan_time(moment).date(), t, cells) if moment is not None else ""


def day_cells(t: Translator, *, short: bool = False) -> int:
    """The cells a table column of days needs: 15 in Japanese (12 `short`), 10 for ISO."""
    shown = short_day_text(_WIDEST_SHORT, t) if short else shown_date(_WIDEST, t.lang)
    return cell_len(shown)


__all__ = [
    "day_cells",
    "day_text",
    "fitted_day_text",
    "fitted_moment_day",
    "moment_day",
    "moment_text",
    "short_day_text",
]

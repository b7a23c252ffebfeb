"""Dates on screens: 令和 in Japanese (Japan time for moments), ISO in English."""

from __future__ import annotations

from datetime import UTC, date, datetime

from rich.cells import cell_len

from inspector.i18n import Translator
from inspector.tui.dates import day_cells, day_text, moment_day, moment_text, short_day_text

JA, EN = Translator("ja"), Translator("en")


def test_days_in_the_era_in_japanese_iso_in_english() -> None:
    assert day_text(date(2026, 12, 2), JA) == "令和8年12月2日"
    assert day_text(date(2026, 12, 2), EN) == "2026-12-02"
    assert day_text(date(2019, 5, 1), JA) == "令和元年5月1日"
    assert short_day_text(date(2025, 6, 1), JA) == "令和7.6.1"
    assert short_day_text(date(2019, 5, 1), JA) == "令和元.5.1"
    assert short_day_text(date(2025, 6, 1), EN) == "2025-06-01"
    assert day_text(None, JA) == short_day_text(None, JA) == ""


def test_moments_are_shown_in_japan_time() -> None:
    """A moment stored in UTC late in the day is the next day in Japan."""
    late = datetime(2025, 10, 28, 18, 30, tzinfo=UTC)
    assert moment_text(late, JA) == "令和7年10月29日 03:30"
    assert moment_text(late, EN) == "2025-10-29 03:30"
    assert moment_day(late, JA) == "令和7年10月29日"
    assert moment_text(None, JA) == moment_day(None, EN) == ""


def test_column_widths_hold_the_widest_day() -> None:
    widest = date(2027, 12, 28)
    assert day_cells(JA) == cell_len(day_text(widest, JA)) == 15
    # the short deadline columns hold 令和10 (deadlines reach it already): 令和10.12.28
    widest_short = date(2028, 12, 28)
    assert day_cells(JA, short=True) == cell_len(short_day_text(widest_short, JA)) == 12
    assert day_cells(EN) == day_cells(EN, short=True) == 10

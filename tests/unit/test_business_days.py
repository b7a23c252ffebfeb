"""Deadlines fall on business days: holidays (the `holidays` library), weekends, 12/29-1/3."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from inspector.domain.business_days import (
    deadline_after,
    is_business_day,
    japan_now,
    japan_today,
    next_business_day,
)


def test_thirty_days_after_2026_12_02_is_new_years_day_and_moves_to_january_4() -> None:
    assert date(2027, 1, 1) == date(2026, 12, 2).fromordinal(date(2026, 12, 2).toordinal() + 30)
    assert deadline_after(date(2026, 12, 2), 30) == date(2027, 1, 4)


@pytest.mark.parametrize(
    "day",
    [
        date(2026, 12, 29),
        date(2026, 12, 30),
        date(2026, 12, 31),
        date(2027, 1, 2),
        date(2027, 1, 3),
    ],
)
def test_the_year_end_closure_is_closed_even_on_weekdays(day: date) -> None:
    assert not is_business_day(day)


def test_the_closure_ends_on_january_3() -> None:
    assert is_business_day(date(2026, 12, 28))  # Monday, last day before the closure
    assert next_business_day(date(2025, 12, 29)) == date(2026, 1, 5)  # 1/4 is a Sunday
    assert next_business_day(date(2027, 12, 29)) == date(2028, 1, 4)  # Tuesday


def test_golden_week_is_skipped() -> None:
    # 2026: 4/29 昭和の日 (Wed), 5/3 憲法記念日 (Sun), 5/4, 5/5, 5/6 振替休日
    assert not is_business_day(date(2026, 4, 29))
    for day in (date(2026, 5, 3), date(2026, 5, 4), date(2026, 5, 5), date(2026, 5, 6)):
        assert not is_business_day(day)
    assert next_business_day(date(2026, 5, 2)) == date(2026, 5, 7)
    assert deadline_after(date(2026, 4, 3), 30) == date(2026, 5, 7)


def test_weekends_and_a_working_day() -> None:
    assert next_business_day(date(2026, 3, 21)) == date(2026, 3, 23)  # Saturday -> Monday
    assert is_business_day(date(2026, 3, 19))
    assert not is_business_day(date(2026, 3, 20))  # 春分の日
    assert next_business_day(date(2026, 3, 19)) == date(2026, 3, 19)


def test_the_issue_date_is_the_date_in_japan() -> None:
    late_utc = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)  # 00:30 on 12/2 in Tokyo
    assert japan_today(late_utc) == date(2026, 12, 2)
    assert japan_now(late_utc).strftime("%H:%M %Z") == "00:30 JST"
    assert japan_today(datetime(2026, 12, 1, 15, 30)) == date(2026, 12, 2)

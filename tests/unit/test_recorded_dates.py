"""Dates read from files: before 1900 or in the future (past a small clock skew) they are
refused, since a record dated 2999 would stay "the latest" forever."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from inspector.domain.dates import (
    CLOCK_SKEW,
    check_plausible,
    recorded_date,
    recorded_datetime,
)

NOW = datetime(2025, 6, 1, 12, 0, tzinfo=timezone(timedelta(hours=9)))


@pytest.mark.parametrize(
    "moment",
    [
        date(1, 1, 1),
        date(1899, 12, 31),
        date(2999, 1, 1),
        datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-12))),
        datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=9))),
        NOW + CLOCK_SKEW + timedelta(seconds=1),
        datetime(9999, 12, 31, 23, 59),
    ],
)
def test_implausible_moments_are_refused(moment: date) -> None:
    with pytest.raises(ValueError):
        check_plausible(moment, NOW)


@pytest.mark.parametrize(
    "moment", [date(1900, 1, 1), NOW, NOW + CLOCK_SKEW, NOW.date(), datetime(2025, 5, 31, 12)]
)
def test_plausible_moments_pass(moment: date) -> None:
    check_plausible(moment, NOW)


def test_recorded_values_say_what_is_wrong() -> None:
    with pytest.raises(ValueError, match="before 1900"):
        recorded_date("0001-01-01")
    with pytest.raises(ValueError, match="in the future"):
        recorded_datetime("9999-12-31 23:59")
    with pytest.raises(ValueError, match="not a date"):
        recorded_date("soon")
    assert recorded_date("2025/6/2") == date(2025, 6, 2)

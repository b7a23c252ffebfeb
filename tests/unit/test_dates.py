"""Dates typed on site and in spreadsheets."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from inspector.domain.dates import parse_date, parse_local_datetime


@pytest.mark.parametrize(
    "text", ["2025-06-02", "2025/6/2", "2025.6.2", "２０２５/０６/０２", " 2025-6-02 "]
)
def test_dates(text: str) -> None:
    assert parse_date(text) == date(2025, 6, 2)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2025/6/2 9:30", datetime(2025, 6, 2, 9, 30)),
        ("2025-06-02T09:30", datetime(2025, 6, 2, 9, 30)),
        ("2025-06-02 09:30:15", datetime(2025, 6, 2, 9, 30)),
        ("2025-06-02", datetime(2025, 6, 2)),
    ],
)
def test_datetimes(text: str, expected: datetime) -> None:
    assert parse_local_datetime(text) == expected


@pytest.mark.parametrize("text", ["", "2025-13-01", "yesterday", "2025-06-02 nine", "2025/6"])
def test_bad_input_is_a_value_error(text: str) -> None:
    with pytest.raises(ValueError):
        parse_local_datetime(text)


def test_era_dates_are_read_as_typed() -> None:
    from inspector.domain.dates import parse_date

    for text in ("令和9年3月31日", "R9.3.31", "r9/3/31", "令和９年３月３１日", "2027年3月31日"):
        assert parse_date(text) == date(2027, 3, 31), text
    assert parse_date("令和元年5月1日") == date(2019, 5, 1)
    assert parse_date("H31.4.30") == date(2019, 4, 30)
    assert parse_date("2027-03-31") == date(2027, 3, 31)


@pytest.mark.parametrize(
    "text", ["令和9年2月30日", "平成31年5月1日", "令和1年4月30日", "R0.4.1", "X9.3.31", "令和9年"]
)
def test_era_dates_that_do_not_exist_are_refused(text: str) -> None:
    from inspector.domain.dates import parse_date

    with pytest.raises(ValueError, match="not a date"):
        parse_date(text)


def test_japan_time_whatever_the_zone() -> None:
    from datetime import UTC

    from inspector.domain.dates import japan_time

    shown = japan_time(datetime(2025, 10, 28, 9, 0, tzinfo=UTC))
    assert (shown.hour, shown.utcoffset()) == (18, timedelta(hours=9))

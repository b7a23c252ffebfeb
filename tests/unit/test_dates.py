"""Dates typed on site and in spreadsheets."""

from __future__ import annotations

from datetime import date, datetime

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

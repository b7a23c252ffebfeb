"""Japanese era dates on paper."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.domain.era import era_year, format_date, format_english, format_era


@pytest.mark.parametrize(
    ("day", "text"),
    [
        (date(2025, 3, 31), "令和7年3月31日"),
        (date(2019, 5, 1), "令和元年5月1日"),
        (date(2020, 1, 1), "令和2年1月1日"),
        (date(2019, 4, 30), "平成31年4月30日"),
        (date(1989, 1, 8), "平成元年1月8日"),
        (date(1989, 1, 7), "昭和64年1月7日"),
        (date(1926, 12, 25), "昭和元年12月25日"),
        (date(2021, 2, 10), "令和3年2月10日"),
    ],
)
def test_format_era(day: date, text: str) -> None:
    assert format_era(day) == text


def test_era_year_and_boundaries() -> None:
    assert era_year(date(2019, 5, 1)) == ("令和", 1)
    assert era_year(date(2019, 4, 30)) == ("平成", 31)
    with pytest.raises(ValueError):
        era_year(date(1800, 1, 1))


def test_english_and_language_switch() -> None:
    assert format_english(date(2025, 3, 31)) == "31 March 2025"
    assert format_date(date(2025, 3, 31), "en") == "31 March 2025"
    assert format_date(date(2025, 3, 31), "ja") == "令和7年3月31日"
    assert format_date(None) == ""


def test_fiscal_years_in_the_era() -> None:
    from inspector.domain.era import format_fiscal_year

    assert format_fiscal_year(2025) == "令和7"
    assert format_fiscal_year(2019) == "令和元"  # April 2019 was Heisei; the year is 令和元年度
    assert format_fiscal_year(1988) == "昭和63"

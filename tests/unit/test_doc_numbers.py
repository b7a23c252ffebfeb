"""文書番号 in the office's style; the fiscal year runs April to March."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.domain.doc_numbers import (
    NumberFormatProblem,
    check_number_format,
    fiscal_year,
    format_number,
)


def test_fiscal_year_runs_april_to_march() -> None:
    assert fiscal_year(date(2026, 4, 1)) == 2026
    assert fiscal_year(date(2027, 3, 31)) == 2026
    assert fiscal_year(date(2026, 3, 31)) == 2025


def test_the_office_style() -> None:
    day = date(2026, 12, 2)
    assert format_number("{prefix}第{n}号", prefix="み監", serial=12, day=day) == "み監第12号"
    assert format_number("{prefix}{era_fy}第{n}号", prefix="監", serial=1, day=day) == "監8第1号"


@pytest.mark.parametrize(
    ("template", "says"),
    [
        ("{prefix}第号", "{n}"),
        ("{prefix}第{num}号", "{num}"),
        ("{prefix}第{n号", "'{prefix}第{n号'"),
        ("{n:>5}", "format spec"),
    ],
)
def test_bad_templates_are_refused_saying_why(template: str, says: str) -> None:
    with pytest.raises(NumberFormatProblem) as caught:
        check_number_format(template)
    assert says in str(caught.value)

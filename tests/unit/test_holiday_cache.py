"""The year's holidays kept in a cache file (issue 17): the same days as the library's,
a damaged or foreign file is computed again and rewritten."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import holidays
import pytest

from inspector.domain import business_days
from inspector.domain.business_days import use_holiday_cache

compute = business_days._japan_holidays.__wrapped__


@pytest.fixture
def cache_file(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "cache" / "holidays.json"
    use_holiday_cache(path)
    yield path
    use_holiday_cache(None)


def test_cached_years_are_the_library_days(cache_file: Path) -> None:
    expected = frozenset(holidays.country_holidays("JP", years=2027))
    assert compute(2027) == expected  # computed, then written
    assert set(json.loads(cache_file.read_text())["years"]) == {"2027"}
    assert compute(2027) == expected  # read back
    assert compute(2026) == frozenset(holidays.country_holidays("JP", years=2026))
    assert set(json.loads(cache_file.read_text())["years"]) == {"2026", "2027"}


@pytest.mark.parametrize("content", ["{not json", '{"key": "other", "years": {"2027": []}}', "[]"])
def test_a_damaged_or_foreign_cache_is_computed_again(cache_file: Path, content: str) -> None:
    cache_file.parent.mkdir(parents=True)
    cache_file.write_text(content)
    assert date(2027, 1, 1) in compute(2027)
    assert json.loads(cache_file.read_text())["years"]["2027"][0] == "2027-01-01"


def test_a_cache_that_cannot_be_written_is_no_failure(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("")
    use_holiday_cache(blocker / "holidays.json")  # its folder is a file
    try:
        assert date(2027, 1, 1) in compute(2027)
    finally:
        use_holiday_cache(None)

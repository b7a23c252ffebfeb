"""office15 (1): an ISO date with no such month or day is refused in the interface's words
(the era branch's `more.dates.no_such_day`), never Python's English `month must be in 1..12`."""

from __future__ import annotations

import pytest

from inspector.domain.dates import parse_date, parse_local_datetime
from inspector.i18n import Translator, render


@pytest.mark.parametrize("text", ["2027-13-45", "2027-02-30", "2027/0/1", "2027年4月31日", "0-1-1"])
def test_an_iso_day_that_does_not_exist_is_refused_in_words(text: str) -> None:
    for reader in (parse_date, parse_local_datetime):
        with pytest.raises(ValueError) as caught:
            reader(text)
        ja = render(caught.value, Translator("ja"))
        en = render(caught.value, Translator("en"))
        assert text in ja and "存在しません" in ja, ja
        assert text in en and "no such day" in en, en
        for python in ("month must be", "out of range", "year 0"):
            assert python not in ja and python not in en

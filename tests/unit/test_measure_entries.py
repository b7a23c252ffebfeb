"""Who a measure entry names as its recorder and which days are refused: decided once in
the services, for the interface and the plans workbook alike (visit5a M4, M5)."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.config import Settings
from inspector.services.measure_entries import check_entry_date, entry_recorder


def test_the_recorder_is_the_configured_inspector() -> None:
    assert entry_recorder(Settings(user="inspector", inspector_name="監査 太郎")) == "監査 太郎"
    # no name configured yet: the login name, rather than nobody
    assert entry_recorder(Settings(user="inspector", inspector_name=None)) == "inspector"


def test_a_day_after_today_is_refused() -> None:
    today = date(2026, 12, 3)
    check_entry_date(today, today)
    check_entry_date(date(2026, 12, 2), today)
    with pytest.raises(ValueError, match="2027-01-15"):
        check_entry_date(date(2027, 1, 15), today)

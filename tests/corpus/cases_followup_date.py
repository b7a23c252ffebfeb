"""`report followup --date` (fix14): a signed 措置状況報告 dated after today is refused in the
report's words (not the notice's), before any key is read; a date that is no date is refused
by the option. Nothing is written, the database is unchanged."""

from __future__ import annotations

from datetime import timedelta

from inspector.domain.business_days import japan_today
from tests.corpus.case import Case

_LATER = (japan_today() + timedelta(days=30)).isoformat()

CASES = [
    Case(
        id="followup-date-future-signed",
        args=["report", "followup", "-o", "{tmp}/f.pdf", "--date", _LATER],
        expect=["措置状況報告の発行日（--date）", "--unsigned"],
        exit_code=1,
        keys=True,
    ),
    Case(
        id="followup-date-not-a-date",
        args=["report", "followup", "-o", "{tmp}/f.pdf", "--date", "2026-13-40"],
        expect=["--date"],
        exit_code=2,
    ),
]

"""docs8 M9 and H3 below the command line: the notice's date and reply-by rules, in both
languages."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.reports.notice_rules import IssueRefused, check_reply_by
from inspector.services.issue_day import check_issue_day


def check_issue_date(day: date, today: date, *, signed: bool, lang: str) -> str | None:
    """The notice's date rules (`services.issue_day`, the notice's words)."""
    return check_issue_day(day, today, document="notice", signed=signed, lang=lang)


TODAY = date(2026, 12, 4)


def test_a_signed_notice_dated_after_today_is_refused_a_draft_is_not() -> None:
    with pytest.raises(IssueRefused) as caught:
        check_issue_date(date(2027, 4, 1), TODAY, signed=True, lang="ja")
    assert "令和9年4月1日" in str(caught.value) and "令和8年12月4日" in str(caught.value)
    assert check_issue_date(date(2027, 4, 1), TODAY, signed=False, lang="ja") is None
    assert check_issue_date(TODAY, TODAY, signed=True, lang="ja") is None


def test_a_closed_day_or_a_date_months_back_is_warned_of() -> None:
    warned = check_issue_date(date(2026, 11, 3), TODAY, signed=True, lang="ja")  # 文化の日
    assert warned is not None and "国民の祝日" in warned and "令和8年11月4日" in warned
    warned = check_issue_date(date(2026, 8, 3), TODAY, signed=True, lang="en")  # a Monday
    assert warned is not None and "123 days before today" in warned
    assert check_issue_date(date(2026, 11, 30), TODAY, signed=True, lang="ja") is None


def test_the_reply_by_refusal_in_english() -> None:
    with pytest.raises(IssueRefused) as caught:
        check_reply_by(date(2027, 1, 2), TODAY, "en")
    message = str(caught.value)
    assert "--reply-by" in message and "year-end closure" in message
    assert "next business day: 4 January 2027" in message, message
    check_reply_by(date(2027, 1, 4), TODAY, "en")  # a Monday, open: no refusal

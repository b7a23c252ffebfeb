"""One set of date rules for the notice and the follow-up report (dedup): the same refusal
and the same warnings, each in the words of the document whose date it is, and of where
the date was given (`--date`, or a dialog's field)."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.reports.errors import ReportProblem
from inspector.services.issue_day import check_issue_day

TODAY = date(2026, 12, 4)  # a Friday
SATURDAY = date(2026, 11, 28)
LONG_AGO = date(2026, 8, 3)  # a Monday, 123 days back


@pytest.mark.parametrize("document", ["notice", "followup"])
def test_both_documents_refuse_and_warn_alike(document: str) -> None:
    with pytest.raises(ReportProblem):
        check_issue_day(date(2026, 12, 7), TODAY, document=document, signed=True, lang="ja")  # type: ignore[arg-type]
    for day in (date(2026, 12, 7), TODAY, date(2026, 11, 30)):
        assert check_issue_day(day, TODAY, document=document, signed=False, lang="ja") is None  # type: ignore[arg-type]
    warned = check_issue_day(SATURDAY, TODAY, document=document, signed=True, lang="ja")  # type: ignore[arg-type]
    assert warned is not None and "土曜日" in warned and "令和8年11月30日" in warned
    warned = check_issue_day(LONG_AGO, TODAY, document=document, signed=True, lang="en")  # type: ignore[arg-type]
    assert warned is not None and "123 days before today" in warned


def test_each_document_is_named_in_its_own_words() -> None:
    notice = check_issue_day(SATURDAY, TODAY, document="notice", signed=True, lang="ja")
    report = check_issue_day(SATURDAY, TODAY, document="followup", signed=True, lang="ja")
    assert notice is not None and "通知書の日付" in notice and "措置状況報告" not in notice
    assert report is not None and "措置状況報告の発行日" in report and "通知書" not in report
    english = check_issue_day(LONG_AGO, TODAY, document="followup", signed=True, lang="en")
    assert english is not None and "follow-up report's date of issue" in english
    assert "notice" not in english


def test_the_refusal_says_how_to_make_a_draft_where_the_date_was_given() -> None:
    later = date(2026, 12, 7)
    with pytest.raises(ReportProblem) as cli:
        check_issue_day(later, TODAY, document="followup", signed=True, lang="ja")
    assert "措置状況報告の発行日（--date）" in str(cli.value) and "--unsigned" in str(cli.value)
    with pytest.raises(ReportProblem) as form:
        check_issue_day(later, TODAY, document="followup", signed=True, lang="ja", where="form")
    said = str(form.value)
    assert "「署名する」を外して下書き" in said and "--" not in said
    with pytest.raises(ReportProblem) as notice:
        check_issue_day(later, TODAY, document="notice", signed=True, lang="en")
    assert "signed notice (--date)" in str(notice.value) and "--unsigned" in str(notice.value)
    assert "令和" not in str(notice.value) and "7 December 2026" in str(notice.value)

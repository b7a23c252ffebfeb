"""The date a document bears (its 発行日: `--date`, or the date field of a dialog), by one
set of rules for the findings notice (通知書) and the follow-up report (措置状況報告), in
the command line and the interface alike.

Signed and later than today: refused (the signature's time would precede the date it
bears; the number's fiscal year would contradict it). On a closed day, or more than a
month back: allowed -- DOCUMENTS.md rules only the deadlines the office sets -- and warned
of. Every message names the document whose date it is (通知書の日付 / 措置状況報告の
発行日), and says how to make a draft where the date was given: `--unsigned` on the
command line, the 「署名する」 checkbox in a dialog."""

from __future__ import annotations

from datetime import date
from typing import Literal

from inspector.domain.deadlines import closed_day_problem
from inspector.domain.era import format_date
from inspector.i18n import Translator
from inspector.reports.notice_rules import IssueRefused

Document = Literal["notice", "followup"]
"""Which document's date: 通知書 (notice) or 措置状況報告 (followup)."""

Where = Literal["cli", "form"]
"""Where the date was given: `--date` (cli) or a dialog's date field (form)."""

#: a document dated more than this many days before it is issued is warned of (a re-issue
#: or a late one may be; months back is more likely a slip)
BACKDATED_DAYS = 31

_K = "issue_day."


def document_words(document: Document, lang: str) -> dict[str, str]:
    """The document's name, the name of its date, and of its unsigned edition, in `lang`."""
    t = Translator(lang)
    return {part: t(f"{_K}{document}.{part}") for part in ("document", "word", "draft")}


def check_issue_day(
    day: date,
    today: date,
    *,
    document: Document,
    signed: bool,
    lang: str,
    where: Where = "cli",
) -> str | None:
    """`document`'s date `day`: signed and after `today`, `IssueRefused` (a `ReportProblem`);
    else the warnings for a closed or long-past day, one a line (None: nothing to say)."""
    t = Translator(lang)
    words = document_words(document, lang)
    shown = {"day": format_date(day, lang), "today": format_date(today, lang)}
    if signed and day > today:
        raise IssueRefused(t(f"{_K}future_{where}", **words, **shown))
    warnings = []
    closed = closed_day_problem(day, lang, key=f"{_K}closed", fields=words)
    if closed is not None:
        warnings.append(closed)
    days = (today - day).days
    if days > BACKDATED_DAYS:
        warnings.append(t(f"{_K}backdated", **words, **shown, days=days))
    return "\n".join(warnings) or None


__all__ = ["BACKDATED_DAYS", "Document", "Where", "check_issue_day", "document_words"]

"""The follow-up report's number and language (doc10, rev9 D7): one report, one number.

A follow-up report issued for an organization (or for all) in a fiscal year has one 文書番号
whatever language it is read in: asked in another language than the last one issued for
the same organization and year, it is refused (the message says how to proceed), and with
`other_language` (the CLI's --force) it is a copy under the original's number, recorded as
a re-issue of it, written beside (`_en`), never over the original's file
(`reports/registered_files.py`). In the original's language it is a new report with the
next number, as before, unless its content is the same as the last one's: then it is
refused (a second number for the same report), and --force gives it the next number.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import TYPE_CHECKING

from inspector.i18n import Translator

if TYPE_CHECKING:
    from inspector.domain.documents import FollowupData
    from inspector.reports.notice_rules import Numbering
    from inspector.reports.service import DocumentService


def number_followup_report(
    service: DocumentService,
    data: FollowupData,
    *,
    other_language: bool = False,
    warn: Callable[[str], None] = lambda _m: None,
) -> tuple[FollowupData, Numbering]:
    """`data` with its number: the next of its fiscal year, or its original's as a copy in
    another language (`other_language`; refused without it). Numbers the keys folder's
    ledger knows and the register lost are passed over and said through `warn`; so are
    the ledger's lines skipped as not trusted (rem10 D5), refused or not (cli12)."""
    from inspector.reports.number_ledger import problem_text

    try:
        return _numbered(service, data, other_language, warn)
    finally:
        for problem in service.ledger_problems:
            warn(problem_text(problem, service.lang))


def _numbered(
    service: DocumentService,
    data: FollowupData,
    other_language: bool,
    warn: Callable[[str], None],
) -> tuple[FollowupData, Numbering]:
    from inspector.domain.documents import DocumentKind, content_hash
    from inspector.domain.era import format_date
    from inspector.reports.followup_number import (
        copy_numbering,
        earlier_followup,
        number_followup,
    )
    from inspector.reports.forms import load_form
    from inspector.reports.notice_rules import IssueRefused

    documents = service.findings.documents()
    original = earlier_followup(documents, data)
    if original is not None:
        language = service.ledger_language(original.doc_id)
        if language != service.doc_lang:
            t = Translator(service.lang)
            said = {
                "number": original.number,
                "original": t(f"docs9.lang_{language}"),
                "asked": t(f"docs9.lang_{service.doc_lang}"),
            }
            if not other_language:
                raise IssueRefused(t("doc10.followup_other_language", **said))
            warn(t("doc10.followup_copy_note", **said))
            return copy_numbering(data, original)
        if original.content_hash == content_hash(data):  # the same report again (rev10 5)
            t = Translator(service.lang)
            said = {
                "number": original.number,
                "date": format_date(_day(original.issued_at), t.lang),
            }
            if not other_language:
                raise IssueRefused(t("int10.followup_same_content", **said))
            warn(t("int10.followup_same_content_again", **said))
    form = load_form("followup", service.doc_lang, service.forms_dirs)
    lost = service.forgotten_numbers(DocumentKind.FOLLOWUP.value, documents)
    data, numbering = number_followup(data, form, documents, lost)
    if lost:
        from inspector.services.document_language import skipped_warning

        warn(skipped_warning(service, [e.number for e in lost]))
    return data, numbering


def _day(when: object) -> date:
    """The day in Japan of a register's time (a datetime, or its text on the plain path)."""
    from inspector.domain.business_days import japan_today

    if isinstance(when, datetime):
        return japan_today(when)
    return date.fromisoformat(str(when)[:10])


__all__ = ["number_followup_report"]

"""The language of a document and the numbers the keys folder's ledger knows (docs9).

A document's language is its own choice, Japanese unless asked (`--doc-lang`), never the
interface's (walk8 M2); a re-issue keeps its original's unless the user insists (--force),
and then is written under another file name. Numbers the ledger knows were issued and the
database does not record (a restore from a backup) are passed over and said.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from inspector.i18n import Translator

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from inspector.context import AppContext
    from inspector.reports.notice_rules import Numbering
    from inspector.reports.service import DocumentService

DOC_LANGS = ("ja", "en")


def original_language(service: DocumentService, numbering: Numbering) -> str | None:
    """The language of the original a re-issue replaces (the ledger's; Japanese when it
    does not know it, the default); None: not a re-issue."""
    if numbering.reissue_of is None:
        return None
    return service.ledger_language(numbering.reissue_of)


def same_language(service: DocumentService, numbering: Numbering) -> None:
    """A re-issue is refused in another language than its original (walk8 M2): the
    official document of a number is in one language; --force writes a copy."""
    from inspector.reports.notice_rules import IssueRefused

    original = original_language(service, numbering)
    if original is None or original == service.doc_lang:
        return
    t = Translator(service.lang)
    raise IssueRefused(
        t(
            "docs9.reissue_other_language",
            number=numbering.number,
            original=t(f"docs9.lang_{original}"),
            asked=t(f"docs9.lang_{service.doc_lang}"),
        )
    )


def lang_suffix(doc_lang: str) -> str:
    """What a document's default file name ends with: nothing for Japanese, `_en` for an
    English copy (never the Japanese file's name, walk8 M2)."""
    return "" if doc_lang == "ja" else f"_{doc_lang}"


def skipped_warning(service: DocumentService, skipped: list[str]) -> str:
    """Numbers the keys folder's ledger knows were issued and this database does not
    record: passed over, said with what to do."""
    from inspector.reports.number_ledger import ledger_path

    assert service.keys_dir is not None
    return Translator(service.lang)(
        "docs9.numbers_skipped",
        numbers="、".join(skipped),
        ledger=ledger_path(service.keys_dir),
    )


def say_ledger(
    service: DocumentService, warn: Callable[[str], None], skipped: Iterable[str] = ()
) -> None:
    """The number ledger's lines skipped as not trusted (rem10 D5), each with its file and
    line, then the numbers it knows and the database does not (`skipped`), through `warn`:
    what `inspector report notice` prints, refused or not (cli12), for the interface."""
    from inspector.reports.number_ledger import problem_text

    for problem in service.ledger_problems:
        warn(problem_text(problem, service.lang))
    numbers = sorted(set(skipped))
    if numbers:
        warn(skipped_warning(service, numbers))


def earlier_notice_number(context: AppContext, session_id: int) -> str | None:
    """The number (else the document id) of a notice already issued for the visit of
    `session_id`; None when there is none. The interface asks before a re-issue."""
    from inspector.reports.notice_rules import earlier_notice
    from inspector.services.documents import document_service

    service = document_service(context)
    session = context.repo.session(session_id)
    visit = tuple(s.id for s in service.visit_sessions(session))
    found = earlier_notice(visit, service.findings.documents())
    return None if found is None else found.number or found.doc_id


def earlier_notice_language(context: AppContext, session_id: int) -> str | None:
    """The language of the notice already issued for the visit of `session_id` (the
    ledger's; Japanese when it does not know); None: never issued."""
    from inspector.reports.notice_rules import earlier_notice
    from inspector.services.documents import document_service

    service = document_service(context)
    session = context.repo.session(session_id)
    visit = tuple(s.id for s in service.visit_sessions(session))
    found = earlier_notice(visit, service.findings.documents())
    return None if found is None else service.ledger_language(found.doc_id)


def check_copy_target(service: DocumentService, numbering: Numbering, target: Path) -> None:
    """A re-issue in another language than its original (--force) is a copy: never written
    over a file the register records for that number."""
    from inspector.reports.notice_rules import IssueRefused

    original = original_language(service, numbering)
    if original is None or original == service.doc_lang:
        return
    where = target.expanduser().resolve()
    for d in service.findings.documents():
        same = d.number == numbering.number and d.kind == "notice" and d.path
        if same and Path(str(d.path)).expanduser().resolve() == where:
            t = Translator(service.lang)
            raise IssueRefused(
                t(
                    "docs9.copy_over_original",
                    path=target,
                    number=numbering.number,
                    original=t(f"docs9.lang_{original}"),
                    asked=t(f"docs9.lang_{service.doc_lang}"),
                )
            )


__all__ = [
    "DOC_LANGS",
    "check_copy_target",
    "lang_suffix",
    "original_language",
    "same_language",
    "say_ledger",
    "skipped_warning",
]

"""No file the register records as a signed document is written over (doc10, rev9 D7).

`--force` lets a document replace a file of the user's, never a signed original the
register (`issued_document.path`) records: the original would be gone without a word, and
the register would name a file that no longer holds it. Only a re-issue of that very
document (the same kind and 文書番号, in the same language) takes its place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from inspector.i18n import Translator
from inspector.reports.notice_rules import IssueRefused, Numbering
from inspector.reports.number_ledger import LedgerEntry, signed_at


def _same_file(recorded: str, where: Path) -> bool:
    try:
        return Path(recorded).expanduser().resolve() == where
    except (OSError, RuntimeError):
        return False


def check_not_over_registered(
    documents: Iterable[Any],
    out: Path,
    *,
    kind: str,
    numbering: Numbering | None,
    doc_lang: str,
    language_of: Callable[[str], str],
    lang: str,
    ledger: Iterable[LedgerEntry] = (),
    ledger_file: Path | None = None,
) -> None:
    """Refuse (`IssueRefused`, naming the number) to write `out` when it is the file of the
    signed document the register last recorded there, unless the new document is a
    re-issue of it: signed (`numbering` given) with its kind and number, in its language
    (`language_of(doc_id)`). A recorded file no longer there is nothing to lose. A file the
    keys folder's ledger (`ledger`, in `ledger_file`) names as a signed document the register
    does not record (a restored database, rev10 D2) is refused too, naming its number."""
    where = out.expanduser().resolve()
    if not where.exists():
        return
    documents = list(documents)
    entry = signed_at(ledger, where, {d.doc_id for d in documents})
    if entry is not None:
        raise IssueRefused(
            Translator(lang)(
                "rem11.file_in_ledger", path=out, number=entry.number, ledger=ledger_file or "-"
            )
        )
    last = None
    for document in documents:
        if document.path and document.signer and _same_file(str(document.path), where):
            last = document
    if last is None:
        return
    if (
        numbering is not None
        and last.kind == kind
        and last.number == numbering.number
        and language_of(last.doc_id) == doc_lang
    ):
        return
    t = Translator(lang)
    raise IssueRefused(
        t(
            "doc10.over_registered",
            path=out,
            number=last.number or last.doc_id,
            kind=t(f"doc10.kind_{last.kind}"),
        )
    )


__all__ = ["check_not_over_registered"]

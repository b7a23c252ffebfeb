"""Which of two documents under one 文書番号 is the copy, as `inspector verify` says it.

A follow-up report issued again in another language with --force is a copy under the
original's number (`services/followup_language.py`): the register records it as a re-issue
of the original (`reissue_of`), and it prints （写し）/(copy) after the number. Verifying
either file says so, from the register: the copy names its original, the original names
its copies. (Notices re-issued also record `reissue_of`, but whether one is in another
language only the keys folder's ledger knows, and a notice prints no copy mark: they are
left out.)"""

from __future__ import annotations

from typing import Any

from inspector.cli.text import t
from inspector.domain.documents import DocumentKind

_FOLLOWUP = DocumentKind.FOLLOWUP.value


def copy_relations(register: Any, doc_id: str) -> dict[str, Any]:
    """`{"copy_of": original doc id}` for a copy, `{"copies": [doc ids]}` for an original
    that has some, `{}` otherwise; `register` has `document(doc_id)` and `documents()`."""
    record = register.document(doc_id)
    if record is None or record.kind != _FOLLOWUP:
        return {}
    if record.reissue_of:
        return {"copy_of": record.reissue_of}
    copies = [
        d.doc_id for d in register.documents() if d.kind == _FOLLOWUP and d.reissue_of == doc_id
    ]
    return {"copies": copies} if copies else {}


def copy_sentence(register: Any, doc_id: str, found: dict[str, Any]) -> str:
    """The sentence `verify` prints for `found` (`copy_relations`; "" when it is empty)."""
    record = register.document(doc_id) if found else None
    number = record.number if record is not None and record.number else doc_id
    if "copy_of" in found:
        return t("cli11.verify.is_copy", number=number, original=found["copy_of"])
    if "copies" in found:
        return t("cli11.verify.has_copies", number=number, copies=", ".join(found["copies"]))
    return ""


__all__ = ["copy_relations", "copy_sentence"]

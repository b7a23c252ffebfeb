"""An issued document as the register (`issued_document`) holds it, in a module without
SQLAlchemy: the ORM's register (`repositories/issued_documents.py`) and the plain `sqlite3`
one of a notice (`plain_notice.py`) hand back the same value."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class IssuedDocument:
    id: int
    doc_id: str
    kind: str
    session_id: int | None
    organization_id: int | None
    content_hash: str
    signer: str | None
    file_sha256: str | None
    path: str | None
    issued_by: str
    issued_at: datetime
    number: str | None = None
    fiscal_year: int | None = None
    serial: int | None = None
    reissue_of: str | None = None


__all__ = ["IssuedDocument"]

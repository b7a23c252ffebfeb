"""The register of issued documents (`issued_document`) as plain values."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from inspector.store.tables import IssuedDocumentRow


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


def _document(row: IssuedDocumentRow) -> IssuedDocument:
    assert row.id is not None
    return IssuedDocument(
        id=row.id,
        doc_id=row.doc_id,
        kind=row.kind,
        session_id=row.session_id,
        organization_id=row.organization_id,
        content_hash=row.content_hash,
        signer=row.signer,
        file_sha256=row.file_sha256,
        path=row.path,
        issued_by=row.issued_by,
        issued_at=row.issued_at,
        number=row.number,
        fiscal_year=row.fiscal_year,
        serial=row.serial,
        reissue_of=row.reissue_of,
    )


__all__ = ["IssuedDocument", "_document"]

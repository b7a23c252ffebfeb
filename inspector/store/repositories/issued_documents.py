"""The register of issued documents (`issued_document`): notices, plan forms, follow-ups,
with their ids, numbers, hashes and files, so that `verify` can check a file against them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from inspector.store.repositories.base import DbGuard, RepositoryBase
from inspector.store.tables import IssuedDocumentRow
from inspector.store.types import utcnow


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


class IssuedDocuments(RepositoryBase):
    # -- issued documents ---------------------------------------------------------------

    def record_document(
        self,
        *,
        doc_id: str,
        kind: str,
        content_hash: str,
        issued_by: str,
        session_id: int | None = None,
        organization_id: int | None = None,
        signer: str | None = None,
        file_sha256: str | None = None,
        path: str | None = None,
        number: tuple[str, int, int] | None = None,
        reissue_of: str | None = None,
    ) -> IssuedDocument:
        numbered = dict(zip(("number", "fiscal_year", "serial"), number or (), strict=False))
        row = IssuedDocumentRow(
            **numbered,
            reissue_of=reissue_of,
            doc_id=doc_id,
            kind=kind,
            session_id=session_id,
            organization_id=organization_id,
            content_hash=content_hash,
            signer=signer,
            file_sha256=file_sha256,
            path=path,
            issued_by=issued_by,
            issued_at=utcnow(),
        )
        with DbGuard(), self._db() as db:
            db.add(row)
            db.commit()
            return _document(row)

    def document(self, doc_id: str) -> IssuedDocument | None:
        with self._db() as db:
            row = (
                db.exec(select(IssuedDocumentRow).where(IssuedDocumentRow.doc_id == doc_id))
                .scalars()
                .first()
            )
            return _document(row) if row is not None else None

    def documents(self, session_id: int | None = None) -> list[IssuedDocument]:
        with self._db() as db:
            query = select(IssuedDocumentRow).order_by(IssuedDocumentRow.id)
            if session_id is not None:
                query = query.where(IssuedDocumentRow.session_id == session_id)
            return [_document(r) for r in db.exec(query).scalars()]


__all__ = ["IssuedDocument", "IssuedDocuments", "_document"]

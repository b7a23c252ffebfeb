"""The register of issued documents (`issued_document`): notices, plan forms, follow-ups,
with their ids, numbers, hashes and files, so that `verify` can check a file against them."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import select
from sqlmodel import Session as DbSession

from inspector.store.issued_document import IssuedDocument
from inspector.store.locking import retry_on_conflict, write_connection
from inspector.store.repositories.base import DbGuard, RepositoryBase
from inspector.store.tables import IssuedDocumentRow
from inspector.store.types import utcnow


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


def _insert(
    db: DbSession, fields: dict[str, str | int | None], number: tuple[str, int, int] | None
) -> IssuedDocument:
    numbered = dict(zip(("number", "fiscal_year", "serial"), number or (), strict=False))
    row = IssuedDocumentRow(**fields, **numbered, issued_at=utcnow())
    db.add(row)
    db.commit()
    return _document(row)


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
        check: Callable[[list[IssuedDocument]], None] | None = None,
    ) -> IssuedDocument:
        """Record an issued document. `check` (a numbered notice) runs inside the write
        transaction, holding the write lock, on the register as it is then: it raises to
        record nothing (its number was given meanwhile, its visit issued). The unique
        number index catches a writer outside the lock; the whole is then run again."""
        fields: dict[str, str | int | None] = {
            "doc_id": doc_id,
            "kind": kind,
            "content_hash": content_hash,
            "issued_by": issued_by,
            "session_id": session_id,
            "organization_id": organization_id,
            "signer": signer,
            "file_sha256": file_sha256,
            "path": path,
            "reissue_of": reissue_of,
        }
        if check is None:
            with DbGuard(), self._db() as db:
                return _insert(db, fields, number)

        def checked() -> IssuedDocument:
            with DbGuard(), write_connection(self.engine) as conn:
                db = DbSession(bind=conn, expire_on_commit=False)
                rows = db.exec(select(IssuedDocumentRow).order_by(IssuedDocumentRow.id))
                check([_document(r) for r in rows.scalars()])
                return _insert(db, fields, number)

        return retry_on_conflict(checked)

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

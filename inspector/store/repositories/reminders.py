"""Reminders (督促): the register entry of each one (`issued_document`, kind reminder) and
what it chased (`reminder_item`, revision 0017), written in one transaction that holds
the write lock, its 文書番号 checked there (`check`), so two reminders issued at once never
share a number and a failed record leaves neither the document nor its items."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlmodel import Session as DbSession

from inspector.store.issued_document import IssuedDocument
from inspector.store.locking import retry_on_conflict, write_connection
from inspector.store.repositories.base import DbGuard, RepositoryBase
from inspector.store.repositories.issued_documents import _document
from inspector.store.tables import IssuedDocumentRow, ReminderItemRow
from inspector.store.types import utcnow


@dataclass(frozen=True)
class ReminderItem:
    """One plan or form a reminder chased (exactly one of `plan_id`, `form_id`)."""

    organization_id: int
    plan_id: int | None = None
    form_id: str | None = None


@dataclass(frozen=True)
class Reminded:
    """An earlier reminder of a plan or form: when, under which number, reply by when."""

    doc_id: str
    number: str | None
    reminded_on: date
    reply_by: date


class Reminders(RepositoryBase):
    def record_reminder(
        self,
        fields: dict[str, str | int | None],
        number: tuple[str, int, int],
        items: Sequence[ReminderItem],
        *,
        reminded_on: date,
        reply_by: date,
        check: Callable[[list[IssuedDocument]], None],
        check_items: Callable[[set[str]], None] | None = None,
    ) -> IssuedDocument:
        """Record the reminder and its items. `check` runs inside the write transaction on
        the register as it is then (raises to record nothing: its number was taken);
        `check_items` there too, on the documents that reminded any of `items` by then
        (raises to record nothing: another process reminded them meanwhile, rem10)."""

        def checked() -> IssuedDocument:
            with DbGuard(), write_connection(self.engine) as conn:
                db = DbSession(bind=conn, expire_on_commit=False)
                rows = db.exec(select(IssuedDocumentRow).order_by(IssuedDocumentRow.id))
                check([_document(r) for r in rows.scalars()])
                if check_items is not None:
                    check_items(_reminded_docs(db, items))
                numbered = dict(zip(("number", "fiscal_year", "serial"), number, strict=True))
                row = IssuedDocumentRow(**fields, **numbered, issued_at=utcnow())
                db.add(row)
                db.flush()
                for item in items:
                    db.add(
                        ReminderItemRow(
                            doc_id=row.doc_id,
                            organization_id=item.organization_id,
                            plan_id=item.plan_id,
                            form_id=item.form_id,
                            reminded_on=reminded_on,
                            reply_by=reply_by,
                        )
                    )
                db.commit()
                return _document(row)

        return retry_on_conflict(checked)

    def reminded(self) -> tuple[dict[int, list[Reminded]], dict[str, list[Reminded]]]:
        """Every earlier reminder, oldest first: by plan id, and by form id."""
        plans: dict[int, list[Reminded]] = {}
        forms: dict[str, list[Reminded]] = {}
        with DbGuard(), self._db() as db:
            query = (
                select(ReminderItemRow, IssuedDocumentRow.number)
                .join(IssuedDocumentRow, IssuedDocumentRow.doc_id == ReminderItemRow.doc_id)
                .order_by(ReminderItemRow.reminded_on, ReminderItemRow.id)
            )
            for item, number in db.exec(query).all():
                seen = Reminded(item.doc_id, number, item.reminded_on, item.reply_by)
                if item.plan_id is not None:
                    plans.setdefault(item.plan_id, []).append(seen)
                if item.form_id is not None:
                    forms.setdefault(item.form_id, []).append(seen)
        return plans, forms


def _reminded_docs(db: DbSession, items: Sequence[ReminderItem]) -> set[str]:
    """The documents recorded as reminding any of `items` (read in the caller's transaction)."""
    plan_ids = [i.plan_id for i in items if i.plan_id is not None]
    form_ids = [i.form_id for i in items if i.form_id is not None]
    found: set[str] = set()
    column = ReminderItemRow.doc_id
    if plan_ids:
        query = select(column).where(ReminderItemRow.plan_id.in_(plan_ids))  # type: ignore[union-attr]
        found.update(db.exec(query).scalars())
    if form_ids:
        query = select(column).where(ReminderItemRow.form_id.in_(form_ids))  # type: ignore[union-attr]
        found.update(db.exec(query).scalars())
    return found


__all__ = ["Reminded", "ReminderItem", "Reminders"]

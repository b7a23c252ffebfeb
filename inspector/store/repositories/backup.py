"""The backup storage register (boxes and safes, where each is kept and where its key is)
and the transport log of each storage; a transport's receiver, once recorded, is never
overwritten. Every write is one committed transaction."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlmodel import Session as DbSession

from inspector.domain.backup import BackupStorage, BackupTransport, StorageKind
from inspector.i18n import Message
from inspector.store.errors import AlreadyExists, NotFound
from inspector.store.repositories.base import DbGuard, RepositoryBase, lock_row
from inspector.store.tables import BackupStorageRow, BackupTransportRow, OrganizationRow
from inspector.store.types import utcnow


class AlreadyReceived(ValueError):
    """The transport's receiver is already recorded; the log is never overwritten."""


def _storage(row: BackupStorageRow) -> BackupStorage:
    assert row.id is not None
    return BackupStorage(
        id=row.id,
        organization_id=row.organization_id,
        name=row.name,
        kind=StorageKind(row.kind),
        box_location=row.box_location,
        key_location=row.key_location,
        key_holder=row.key_holder,
        key_next_to_box=bool(row.key_next_to_box),
        note=row.note,
        updated_by=row.updated_by,
        updated_at=row.updated_at,
    )


def _transport(row: BackupTransportRow) -> BackupTransport:
    assert row.id is not None
    return BackupTransport(
        id=row.id,
        storage_id=row.storage_id,
        transport_date=row.transport_date,
        from_place=row.from_place,
        to_place=row.to_place,
        carrier=row.carrier,
        box_locked=bool(row.box_locked),
        key_separate=bool(row.key_separate),
        receiver=row.receiver,
        note=row.note,
        recorded_by=row.recorded_by,
    )


class BackupRepository(RepositoryBase):
    """Reads and writes the backup storage register and its transport log."""

    def add_storage(
        self,
        organization_id: int,
        *,
        name: str,
        box_location: str,
        key_location: str,
        key_holder: str = "",
        kind: StorageKind = StorageKind.BOX,
        key_next_to_box: bool = False,
        note: str = "",
        actor: str,
    ) -> BackupStorage:
        row = BackupStorageRow(
            organization_id=organization_id,
            name=name,
            kind=kind.value,
            box_location=box_location,
            key_location=key_location,
            key_holder=key_holder,
            key_next_to_box=key_next_to_box,
            note=note,
            updated_by=actor,
            updated_at=utcnow(),
        )
        with DbGuard(), self._db() as db:
            # The organization locked before its names are read: two boxes given one
            # name at once would both pass the check (bundles tell boxes apart by name).
            lock_row(db, OrganizationRow, organization_id)
            _check_storage_name(db, organization_id, name, None)
            db.add(row)
            db.commit()
            return _storage(row)

    def update_storage(self, storage_id: int, actor: str, **changes: Any) -> BackupStorage:
        allowed = {"name", "box_location", "key_location", "key_holder", "key_next_to_box", "note"}
        unknown = set(changes) - allowed
        if unknown:
            raise ValueError(f"not editable: {', '.join(sorted(unknown))}")
        with DbGuard(), self._db() as db:
            locked = lock_row(db, BackupStorageRow, storage_id)
            row = db.get(BackupStorageRow, storage_id) if locked else None
            if row is None:
                raise NotFound(Message("time5.record.storage", id=storage_id))
            if "name" in changes:
                lock_row(db, OrganizationRow, row.organization_id)  # as add_storage
                _check_storage_name(db, row.organization_id, str(changes["name"]), storage_id)
            for key, value in changes.items():
                setattr(row, key, value)
            row.updated_by = actor
            row.updated_at = utcnow()
            db.add(row)
            db.commit()
            return _storage(row)

    def storages(self, organization_id: int | None = None) -> list[BackupStorage]:
        with self._db() as db:
            query = select(BackupStorageRow).order_by(BackupStorageRow.id)
            if organization_id is not None:
                query = query.where(BackupStorageRow.organization_id == organization_id)
            return [_storage(r) for r in db.exec(query).scalars()]  # type: ignore[call-overload]

    def record_receipt(self, transport_id: int, receiver: str) -> None:
        """Fill in the receiver of a transport that has none (a recorded receiver is never
        overwritten: the transport log stays append-only in effect)."""
        with DbGuard(), DbSession(self.engine, expire_on_commit=False) as db:
            # Locked before it is read: of two receivers recorded at once, the second
            # reads the first's and is refused (AlreadyReceived), not written over it.
            locked = lock_row(db, BackupTransportRow, transport_id)
            row = db.get(BackupTransportRow, transport_id) if locked else None
            if row is None:
                raise NotFound(Message("time5.record.transport", id=transport_id))
            if row.receiver.strip():
                raise AlreadyReceived(row.receiver)
            row.receiver = receiver
            db.add(row)
            db.commit()

    def add_transport(
        self,
        storage_id: int,
        *,
        transport_date: date,
        from_place: str,
        to_place: str,
        carrier: str,
        box_locked: bool,
        key_separate: bool,
        receiver: str = "",
        note: str = "",
        actor: str,
    ) -> BackupTransport:
        row = BackupTransportRow(
            storage_id=storage_id,
            transport_date=transport_date,
            from_place=from_place,
            to_place=to_place,
            carrier=carrier,
            box_locked=box_locked,
            key_separate=key_separate,
            receiver=receiver,
            note=note,
            recorded_by=actor,
            recorded_at=utcnow(),
        )
        with DbGuard(), self._db() as db:
            if db.get(BackupStorageRow, storage_id) is None:
                raise NotFound(Message("time5.record.storage", id=storage_id))
            db.add(row)
            db.commit()
            return _transport(row)

    def transports(self, storage_ids: Iterable[int]) -> list[BackupTransport]:
        ids = list(storage_ids)
        if not ids:
            return []
        with self._db() as db:
            rows = db.exec(
                select(BackupTransportRow)
                .where(BackupTransportRow.storage_id.in_(ids))  # type: ignore[attr-defined]
                .order_by(BackupTransportRow.transport_date, BackupTransportRow.id)
            ).scalars()  # type: ignore[call-overload]
            return [_transport(r) for r in rows]


def _check_storage_name(db: Any, organization_id: int, name: str, own_id: int | None) -> None:
    """Raises `AlreadyExists` when another box or safe of the organization has the name
    (a bundle identifies a storage by organization and name)."""
    others = db.exec(
        select(BackupStorageRow.id, BackupStorageRow.name).where(
            BackupStorageRow.organization_id == organization_id
        )
    ).all()
    wanted = name.strip()
    if any(other_id != own_id and other.strip() == wanted for other_id, other in others):
        raise AlreadyExists(f"the register already has a box or safe named '{wanted}'", wanted)


__all__ = ["AlreadyReceived", "BackupRepository"]

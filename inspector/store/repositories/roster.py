"""The roster: organizations (with their parents and tags) and people (with their staff
type and status), read by code or staff number and added or updated in bulk by upserts.

Each upsert is one transaction; a roster import runs several in one write transaction
through `inspector.store.transaction.BoundRepository`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Any, Final

from sqlalchemy import select
from sqlmodel import Session as DbSession

from inspector.domain.model import Organization, Person, PersonStatus, StaffType
from inspector.i18n import Message
from inspector.store.errors import NotFound
from inspector.store.person_changes import PersonChangeRow
from inspector.store.repositories.base import RepositoryBase
from inspector.store.tables import OrganizationRow, PersonRow, SessionRow


class Keep(Enum):
    """The type of `KEEP`."""

    KEEP = "keep"


KEEP: Final = Keep.KEEP
"""An upsert's "leave the stored value alone" (for a new row, the default) where `None`
means something else, as an organization's `parent_code` (`None`: no parent)."""


@dataclass(frozen=True)
class OrganizationInput:
    """`parent_code`: `None` for none, `KEEP` (the default) to leave the stored parent;
    `tags`: `None` (the default) to leave the stored tags, `()` for none. A new
    organization has no parent and no tags unless given."""

    code: str
    name: str
    parent_code: str | Keep | None = KEEP
    tags: tuple[str, ...] | None = None


@dataclass(frozen=True)
class PersonInput:
    """`None` for `staff_type` or `status` leaves the stored value alone; a new person is
    then regular and active."""

    staff_number: str
    name: str
    organization_code: str | None
    staff_type: StaffType | None = None
    status: PersonStatus | None = None


@dataclass(frozen=True)
class PersonChange:
    """One field of an existing person an upsert changed (the organization by its code;
    None: none), as logged in `person_change`."""

    staff_number: str
    field: str
    old: str | None
    new: str | None


@dataclass(frozen=True)
class UpsertCounts:
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: tuple[PersonChange, ...] = ()
    """The people upsert's: each field it changed, in the order of the input."""


def _org(row: OrganizationRow) -> Organization:
    assert row.id is not None
    return Organization(
        id=row.id,
        code=row.code,
        name=row.name,
        parent_id=row.parent_id,
        tags=frozenset(row.tags or ()),
    )


def _person(row: PersonRow) -> Person:
    assert row.id is not None
    return Person(
        id=row.id,
        staff_number=row.staff_number,
        name=row.name,
        organization_id=row.organization_id,
        staff_type=StaffType(row.staff_type),
        status=PersonStatus(row.status),
    )


def read_organizations(db: DbSession) -> list[Organization]:
    """Every organization, by code."""
    rows = db.exec(select(OrganizationRow).order_by(OrganizationRow.code)).scalars()  # type: ignore[call-overload]
    return [_org(r) for r in rows]


class RosterRepository(RepositoryBase):
    """Reads and writes organizations and people."""

    # -- organizations ------------------------------------------------------------------

    def organizations(self) -> list[Organization]:
        with self._db() as db:
            return read_organizations(db)

    def organization(self, organization_id: int) -> Organization:
        with self._db() as db:
            row = db.get(OrganizationRow, organization_id)
            if row is None:
                raise NotFound(Message("time5.record.organization", id=organization_id))
            return _org(row)

    def find_organization(self, code_or_name: str) -> Organization | None:
        """By code first, then by exact name."""
        key = code_or_name.strip()
        with self._db() as db:
            row = (
                db.exec(select(OrganizationRow).where(OrganizationRow.code == key))
                .scalars()
                .first()
            )  # type: ignore[call-overload]
            if row is None:
                row = (
                    db.exec(select(OrganizationRow).where(OrganizationRow.name == key))
                    .scalars()
                    .first()
                )  # type: ignore[call-overload]
            return _org(row) if row is not None else None

    def upsert_organizations(self, inputs: Sequence[OrganizationInput]) -> UpsertCounts:
        """Add or update by code in one transaction; parents may come later in the same list.

        An organization counts as updated when its name, tags or parent changed."""
        added: set[str] = set()
        changed: set[str] = set()
        retagged: list[OrganizationRow] = []
        # under the write lock: a list storing counters counted with the old tags cannot
        # commit them after this recount (they would then pass for current)
        with self._write_db() as db:
            existing = {r.code: r for r in db.exec(select(OrganizationRow)).scalars()}  # type: ignore[call-overload]
            for item in inputs:
                row = existing.get(item.code)
                if row is None:
                    row = OrganizationRow(
                        code=item.code, name=item.name, tags=sorted(item.tags or ())
                    )
                    db.add(row)
                    existing[item.code] = row
                    added.add(item.code)
                    continue
                tags = sorted(row.tags or ()) if item.tags is None else sorted(item.tags)
                if sorted(row.tags or ()) != tags:
                    retagged.append(row)  # what applies to its sessions may change
                if row.name != item.name or sorted(row.tags or ()) != tags:
                    row.name = item.name
                    row.tags = tags
                    db.add(row)
                    changed.add(item.code)
            db.flush()
            for item in inputs:
                if item.parent_code is KEEP:
                    continue
                row = existing[item.code]
                parent_id = existing[item.parent_code].id if item.parent_code else None
                if row.parent_id != parent_id:
                    row.parent_id = parent_id
                    db.add(row)
                    changed.add(item.code)
            if retagged:
                db.flush()
                self._recount_organizations(db, [r.id for r in retagged if r.id is not None])
            db.commit()
        codes = {item.code for item in inputs}
        updated = changed - added
        return UpsertCounts(len(added), len(updated), len(codes - added - updated))

    def _recount_organizations(self, db: DbSession, organization_ids: list[int]) -> None:
        """The session counters of these organizations, counted again with their new tags."""
        from inspector.store.session_counters import refresh_session_counters

        sessions = SessionRow.__table__.c  # type: ignore[attr-defined]
        ids = [
            sid
            for start in range(0, len(organization_ids), 500)
            for sid in db.connection()
            .execute(
                select(sessions.id).where(
                    sessions.organization_id.in_(organization_ids[start : start + 500])
                )
            )
            .scalars()
        ]
        refresh_session_counters(db.connection(), ids, self.checklists)

    def organization_codes(self) -> dict[str, int]:
        with self._db() as db:
            return {
                code: oid
                for oid, code in db.exec(select(OrganizationRow.id, OrganizationRow.code)).all()
            }  # type: ignore[call-overload]

    def organization_code_by_id(self) -> dict[int, str]:
        return {oid: code for code, oid in self.organization_codes().items()}

    def organization_lookup(self) -> dict[str, int]:
        """Code and name to id, for resolving imported rows in bulk. A code wins over a
        name; a name that several organizations share (a 庶務係 in two departments) is left
        out, since it does not say which one: `ambiguous_organization_names` says which."""
        rows = self._organization_keys()
        lookup: dict[str, int] = {}
        shared = self._shared_names(rows)
        for oid, _code, name in rows:
            if name not in shared:
                lookup.setdefault(name, oid)
        for oid, code, _name in rows:
            lookup[code] = oid
        return lookup

    def ambiguous_organization_names(self) -> dict[str, list[str]]:
        """Each name that several organizations share (and that is no code), with their
        codes: an import naming it must give the code instead."""
        rows = self._organization_keys()
        codes = {code for _oid, code, _name in rows}
        return {n: c for n, c in self._shared_names(rows).items() if n not in codes}

    def _organization_keys(self) -> list[tuple[int, str, str]]:
        with self._db() as db:
            return [
                (int(oid), str(code), str(name))
                for oid, code, name in db.exec(
                    select(OrganizationRow.id, OrganizationRow.code, OrganizationRow.name)
                ).all()  # type: ignore[call-overload]
            ]

    @staticmethod
    def _shared_names(rows: list[tuple[int, str, str]]) -> dict[str, list[str]]:
        holders: dict[str, list[str]] = {}
        for _oid, code, name in rows:
            holders.setdefault(name, []).append(code)
        return {n: sorted(c) for n, c in holders.items() if len(c) > 1}

    # -- people -------------------------------------------------------------------------

    def people(self, organization_id: int | None = None) -> list[Person]:
        with self._db() as db:
            query = select(PersonRow).order_by(PersonRow.staff_number)
            if organization_id is not None:
                query = query.where(PersonRow.organization_id == organization_id)
            return [_person(r) for r in db.exec(query).scalars()]  # type: ignore[call-overload]

    def person(self, person_id: int) -> Person:
        with self._db() as db:
            row = db.get(PersonRow, person_id)
            if row is None:
                raise NotFound(Message("time5.record.person", id=person_id))
            return _person(row)

    def find_person(self, staff_number: str) -> Person | None:
        with self._db() as db:
            row = (
                db.exec(select(PersonRow).where(PersonRow.staff_number == staff_number.strip()))
                .scalars()
                .first()
            )  # type: ignore[call-overload]
            return _person(row) if row is not None else None

    def upsert_people(self, inputs: Sequence[PersonInput], actor: str = "") -> UpsertCounts:
        """Add or update by staff number in one transaction; a staff type or status of
        `None` leaves the stored one alone. Each field changed of a person already stored
        is logged in `person_change` (by `actor`) in the same transaction and returned."""
        added = updated = unchanged = 0
        changes: list[PersonChange] = []
        with self._db() as db:
            orgs = {
                code: oid
                for oid, code in db.exec(select(OrganizationRow.id, OrganizationRow.code)).all()  # type: ignore[call-overload]
            }
            code_of = {oid: code for code, oid in orgs.items()}
            existing = {r.staff_number: r for r in db.exec(select(PersonRow)).scalars()}  # type: ignore[call-overload]
            for item in inputs:
                org_id = orgs.get(item.organization_code) if item.organization_code else None
                values: dict[str, Any] = {"name": item.name, "organization_id": org_id}
                if item.staff_type is not None:
                    values["staff_type"] = item.staff_type.value
                if item.status is not None:
                    values["status"] = item.status.value
                row = existing.get(item.staff_number)
                if row is None:
                    defaults = {
                        "staff_type": StaffType.REGULAR.value,
                        "status": PersonStatus.ACTIVE.value,
                    }
                    row = PersonRow(staff_number=item.staff_number, **(defaults | values))
                    db.add(row)
                    existing[item.staff_number] = row
                    added += 1
                elif changed := [k for k, v in values.items() if getattr(row, k) != v]:
                    if row.id is None:  # added by this upsert: its id is given on a flush
                        db.flush()
                    for key in changed:
                        old, new = getattr(row, key), values[key]
                        if key == "organization_id":
                            key, old, new = "organization", code_of.get(old), code_of.get(new)
                        change = PersonChange(item.staff_number, key, old, new)
                        changes.append(change)
                        db.add(_change_row(row, change, actor))
                    for key, value in values.items():
                        setattr(row, key, value)
                    db.add(row)
                    updated += 1
                else:
                    unchanged += 1
            db.commit()
        return UpsertCounts(added, updated, unchanged, tuple(changes))


def _change_row(row: PersonRow, change: PersonChange, actor: str) -> PersonChangeRow:
    assert row.id is not None
    return PersonChangeRow(
        person_id=row.id,
        staff_number=change.staff_number,
        field=change.field,
        old_value=change.old,
        new_value=change.new,
        changed_by=actor,
    )


__all__ = [
    "KEEP",
    "Keep",
    "OrganizationInput",
    "PersonChange",
    "PersonInput",
    "RosterRepository",
    "UpsertCounts",
    "read_organizations",
]

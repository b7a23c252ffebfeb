"""The roster's change log (`person_change`, migration 0019): one row per field of a person
that an import (`people import`) changed, with the old and the new value, written in the
transaction that changes the person. Nothing reads it back but the receipt and an audit:
a staff type or status changed by a file is never a change without a trace."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from inspector.store.types import UTCDateTime, utcnow

PERSON_FIELDS = ("name", "organization", "staff_type", "status")
"""The fields of a person a change names (the organization by its code)."""


class PersonChangeRow(SQLModel, table=True):
    """0019: one field of one person changed: `field` one of `PERSON_FIELDS`, the values as
    text (None: none, e.g. no organization)."""

    __tablename__ = "person_change"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="person.id", index=True)
    staff_number: str
    field: str
    old_value: str | None = None
    new_value: str | None = None
    changed_by: str = ""
    changed_at: datetime = Field(
        default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False)
    )

"""How rows travel in a bundle: the tables in merge order, how a row of each is identified
across databases (a natural key, or an organization's code and a value unique in it),
the id <-> key maps of this database, and values to and from JSON.

Both the payload (`payload.collect`, ids -> keys) and the merge (`merge_base`, keys -> ids)
read these; the content checks (`content_checks`) judge a payload by them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Column, Connection, Table, inspect, select
from sqlalchemy.types import Date

from inspector.store import tables as _tables  # noqa: F401 - registers the tables
from inspector.store.types import UTCDateTime

# The bundle format: the envelope's marker and the payload's `format`.
FORMAT = 2

# Tables in merge order, and how a row of each is identified across databases.
NATURAL_KEY = {
    "organization": "code",
    "person": "staff_number",
    "inspection_session": "uid",
    "finding": "uid",
    "improvement_plan": "uid",
    "measure_entry": "uid",
}
TABLE_ORDER = (
    "organization",
    "person",
    "inspection_session",
    "answer",
    "answer_change",
    "session_event",
    "finding",
    "finding_change",
    "improvement_plan",
    "improvement_plan_change",
    "measure_entry",
    "site_layout",
    "card",
    "card_event",
    "card_usage",
    "backup_storage",
    "backup_transport",
    "hearing_classification",
)
# Rows without a uid, identified by their organization's code and a value unique in it
# (cards: the number, unique by constraint; backup storages: the name), carried as
# [organization code, value].
COMPOSITE_KEY = {
    "card": ("organization_id", "number"),
    "backup_storage": ("organization_id", "name"),
}
# later work: carried only when both sides have it
OPTIONAL_TABLES = (
    "site_layout",
    "improvement_plan_change",
    "card",
    "card_event",
    "card_usage",
    "backup_storage",
    "backup_transport",
    "hearing_classification",
)


def tables_present(conn: Connection) -> dict[str, Table]:
    from sqlmodel import SQLModel

    existing = set(inspect(conn).get_table_names())
    return {
        name: SQLModel.metadata.tables[name]
        for name in TABLE_ORDER
        if name in SQLModel.metadata.tables and name in existing
    }


def fk_target(column: Column[Any]) -> str | None:
    for fk in column.foreign_keys:
        return str(fk.column.table.name)
    return None


def dump_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def load_value(column: Column[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, UTCDateTime):
        parsed = datetime.fromisoformat(value)
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if isinstance(column.type, Date):
        return date.fromisoformat(value)
    return value


class Ids:
    """id <-> natural key maps of the referenced tables, kept current while merging."""

    def __init__(self, conn: Connection, tables: Mapping[str, Table]) -> None:
        # natural keys: a string; composite keys: (organization code, value)
        self.to_key: dict[str, dict[int, Any]] = {}
        self.to_id: dict[str, dict[Any, int]] = {}
        for name, key in NATURAL_KEY.items():
            if name not in tables:
                continue
            table = tables[name]
            rows = conn.execute(select(table.c.id, table.c[key])).all()
            self.to_key[name] = {i: k for i, k in rows}
            self.to_id[name] = {k: i for i, k in rows}
        codes = self.to_key.get("organization", {})
        for name, (parent, column) in COMPOSITE_KEY.items():
            if name not in tables:
                continue
            table = tables[name]
            self.to_key[name], self.to_id[name] = {}, {}
            for i, org, value in conn.execute(
                select(table.c.id, table.c[parent], table.c[column]).order_by(table.c.id)
            ):
                pair = (codes.get(org), value)
                self.to_key[name][i] = pair
                self.to_id[name].setdefault(pair, i)  # two storages of one name: the first

    def add(self, table: str, row_id: int, key: Any) -> None:
        self.to_key[table][row_id] = key
        self.to_id[table][key] = row_id

    def composite(self, table: str, values: Mapping[str, Any]) -> tuple[Any, Any]:
        """The composite key of a row of `table` with local ids."""
        parent, column = COMPOSITE_KEY[table]
        return (self.to_key["organization"].get(values[parent]), values[column])


def member_ids(members: Any) -> list[int]:
    """The person ids of `card.members` (a JSON list; ids written as text are read too)."""
    found: list[int] = []
    for member in members or ():
        try:
            found.append(int(member))
        except (TypeError, ValueError):
            continue
    return found

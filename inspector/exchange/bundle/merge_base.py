"""What every merge rule stands on: a bundle's rows converted to this database's values
(keys resolved to local ids), inserted with their keys remembered, and the two generic
rules: rows identified by a natural key (added when new, else kept) and append-only rows
identified by their content (added when new).

The rules per table family are mixins of `MergeBase` beside it (`merge_organizations`,
`merge_sessions`, `merge_answers`, `merge_findings`, `merge_site`); `merge.Merger` puts
them together in the merge order.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, insert, select

from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.receipt import Receipt
from inspector.exchange.bundle.rows import (
    COMPOSITE_KEY,
    NATURAL_KEY,
    Ids,
    fk_target,
    load_value,
    tables_present,
)
from inspector.i18n import Message
from inspector.store.types import utcnow


class MergeBase:
    """One merge in one connection: the tables present, the id <-> key maps, the receipt."""

    def __init__(self, conn: Connection, actor: str, receipt: Receipt) -> None:
        self.conn = conn
        self.actor = actor
        self.receipt = receipt
        self.tables = tables_present(conn)
        self.ids = Ids(conn, self.tables)
        self.now = utcnow()
        # the bundle being merged and its signer, in the merge's own change-log rows
        self.signed = "bundle"

    # rows from the payload, converted to local values (ids resolved)
    def _local(self, name: str, row: Mapping[str, Any]) -> dict[str, Any]:
        table = self.tables[name]
        out: dict[str, Any] = {}
        for column in table.columns:
            if column.name == "id" or column.name not in row:
                continue
            value = row[column.name]
            target = fk_target(column)
            if target is not None:
                keyed = target in NATURAL_KEY or target in COMPOSITE_KEY
                if keyed and value is not None:
                    ref = _composite(value) if target in COMPOSITE_KEY else value
                    local = self.ids.to_id[target].get(ref)
                    if local is None:
                        shown = "/".join(map(str, ref)) if isinstance(ref, tuple) else ref
                        raise BundleRefused(
                            Message(
                                "more.bundle.unknown_reference", name=name, target=target, ref=shown
                            )
                        )
                    value = local
                elif not keyed:
                    value = None  # e.g. answer_change.undoes_id: local ids do not travel
            out[column.name] = load_value(column, value)
        return out

    def _insert(self, name: str, values: dict[str, Any]) -> int:
        result = self.conn.execute(insert(self.tables[name]).values(**values))
        row_id = int(result.inserted_primary_key[0])  # type: ignore[index]
        key = NATURAL_KEY.get(name)
        if key is not None:
            self.ids.add(name, row_id, values[key])
        elif name in COMPOSITE_KEY:
            self.ids.add(name, row_id, self.ids.composite(name, values))
        return row_id

    def _simple_keyed(self, name: str, rows: list[dict[str, Any]], conflicts: bool = False) -> None:
        key = NATURAL_KEY[name]
        table = self.tables[name]
        for row in rows:
            if row[key] in self.ids.to_id[name]:
                self.receipt.count(name, "skipped")
                if conflicts:
                    local = (
                        self.conn.execute(select(table).where(table.c[key] == row[key]))
                        .one()
                        ._mapping
                    )
                    theirs = self._local(name, row)
                    differ = [c for c, v in theirs.items() if local[c] != v]
                    if differ:
                        self.receipt.conflicts.append(
                            {"table": name, "uid": row[key], "fields": differ, "kept": "local"}
                        )
                continue
            self._insert(name, self._local(name, row))
            self.receipt.count(name, "added")

    def _dedupe(self, name: str, rows: list[dict[str, Any]], key: Any, parent_column: str) -> None:
        table = self.tables[name]
        converted = [self._local(name, r) for r in rows]
        parents = sorted({r[parent_column] for r in converted})
        seen: set[Any] = set()
        for start in range(0, len(parents), 500):
            for r in self.conn.execute(
                select(table).where(table.c[parent_column].in_(parents[start : start + 500]))
            ):
                seen.add(key(r._mapping))
        for row in converted:
            if key(row) in seen:
                self.receipt.count(name, "skipped")
                continue
            seen.add(key(row))
            self.conn.execute(insert(table).values(**row))
            self.receipt.count(name, "added")


def _composite(value: Any) -> Any:
    """A composite key as the bundle carries it ([organization code, value]) -> a tuple."""
    return tuple(value) if isinstance(value, list) else value

"""Merge rules for the site tools (layouts: `merge_layouts`): card ledgers (cards by
organization and number, the office's values kept; their events and usage lines
append-only), the backup register (storages: the newer `updated_at` wins; transports
append-only, a receiver filled in when the office has none)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.merge_base import MergeBase
from inspector.exchange.bundle.rows import member_ids
from inspector.i18n import Message


class SiteRules(MergeBase):
    def _cards(self, rows: list[dict[str, Any]]) -> None:
        """Cards by (organization, number). A card the office lacks is added. A card both
        sides have keeps the office's values: cards carry no edit time (the application
        never edits a card once added), so the bundle only fills what the office left
        empty (group name, members, note); other differences are listed as conflicts."""
        table = self.tables["card"]
        staff = self.ids.to_id["person"]
        for raw in rows:
            theirs = self._local("card", raw)
            members: list[int] = []
            for number in raw.get("members") or []:
                if number not in staff:
                    raise BundleRefused(
                        Message("more.bundle.unknown_member", card=raw["number"], member=number)
                    )
                members.append(staff[number])
            theirs["members"] = members
            key = self.ids.composite("card", theirs)
            local_id = self.ids.to_id["card"].get(key)
            if local_id is None:
                self._insert("card", theirs)
                self.receipt.count("card", "added")
                continue
            mine = self.conn.execute(select(table).where(table.c.id == local_id)).one()._mapping
            fill: dict[str, Any] = {}
            differ: list[str] = []
            for column in _CARD_FIELDS:
                if column not in theirs:
                    continue
                if column == "members":
                    same = sorted(member_ids(mine[column])) == sorted(members)
                else:
                    same = mine[column] == theirs[column]
                if same or (column in _CARD_FILLED and not theirs[column]):
                    continue
                if column in _CARD_FILLED and not mine[column]:
                    fill[column] = theirs[column]
                else:
                    differ.append(column)
            if fill:
                self.conn.execute(update(table).where(table.c.id == local_id).values(**fill))
                self.receipt.count("card", "updated")
            else:
                self.receipt.count("card", "skipped")
            if differ:
                self.receipt.conflicts.append(
                    {
                        "table": "card",
                        "uid": f"{key[0]}/{key[1]}",
                        "fields": differ,
                        "kept": "local",
                    }
                )

    def _card_ledgers(self, events: list[dict[str, Any]], usage: list[dict[str, Any]]) -> None:
        self._dedupe("card_event", events, _card_event_key, "card_id")
        self._dedupe("card_usage", usage, _card_usage_key, "card_id")

    def _storages(self, rows: list[dict[str, Any]]) -> None:
        """Backup storages by (organization, name): the newer `updated_at` wins (all the
        storage's fields)."""
        table = self.tables["backup_storage"]
        editable = [
            c.name for c in table.columns if c.name not in ("id", "organization_id", "name")
        ]
        for raw in rows:
            theirs = self._local("backup_storage", raw)
            local_id = self.ids.to_id["backup_storage"].get(
                self.ids.composite("backup_storage", theirs)
            )
            if local_id is None:
                self._insert("backup_storage", theirs)
                self.receipt.count("backup_storage", "added")
                continue
            mine = self.conn.execute(select(table).where(table.c.id == local_id)).one()._mapping
            differ = [
                c
                for c in editable
                if c in theirs and c not in ("updated_by", "updated_at") and mine[c] != theirs[c]
            ]
            if differ and theirs["updated_at"] > mine["updated_at"]:
                self.conn.execute(
                    update(table)
                    .where(table.c.id == local_id)
                    .values(**{c: theirs[c] for c in editable if c in theirs})
                )
                self.receipt.count("backup_storage", "updated")
            else:
                self.receipt.count("backup_storage", "skipped")

    def _transports(self, rows: list[dict[str, Any]]) -> None:
        """Transports, append-only, by their content (`_transport_key`). The receiver is
        filled in later (`record_receipt`): a receiver in the bundle fills an empty one at
        the office; a recorded receiver is never overwritten (a different one is listed as a
        conflict)."""
        table = self.tables["backup_transport"]
        converted = [self._local("backup_transport", r) for r in rows]
        storages = sorted({r["storage_id"] for r in converted})
        mine: dict[tuple[Any, ...], dict[str, Any]] = {}
        for start in range(0, len(storages), 500):
            for r in self.conn.execute(
                select(table)
                .where(table.c.storage_id.in_(storages[start : start + 500]))
                .order_by(table.c.id)
            ):
                mine.setdefault(_transport_key(r._mapping), dict(r._mapping))
        for row in converted:
            key = _transport_key(row)
            local = mine.get(key)
            if local is None:
                row_id = self._insert("backup_transport", row)
                mine[key] = {**row, "id": row_id}
                self.receipt.count("backup_transport", "added")
                continue
            receiver = (row.get("receiver") or "").strip()
            if receiver and not (local["receiver"] or "").strip():
                self.conn.execute(
                    update(table).where(table.c.id == local["id"]).values(receiver=receiver)
                )
                local["receiver"] = receiver
                self.receipt.count("backup_transport", "updated")
                continue
            self.receipt.count("backup_transport", "skipped")
            if receiver and receiver != local["receiver"].strip():
                org, name = self.ids.to_key["backup_storage"][row["storage_id"]]
                self.receipt.conflicts.append(
                    {
                        "table": "backup_transport",
                        "uid": f"{org}/{name} {row['transport_date'].isoformat()}",
                        "fields": ["receiver"],
                        "kept": "local",
                    }
                )


# card fields compared when both sides have the card; the ones a bundle may fill when empty
_CARD_FIELDS = ("kind", "use", "group_name", "members", "note")
_CARD_FILLED = frozenset({"group_name", "members", "note"})


# The identity of an append-only row across databases: its content, not who typed it when
# (`recorded_by`/`recorded_at`, a usage line's `source`): the same ledger or usage log
# imported from one CSV file on the laptop and at the office is one set of rows.
def _card_event_key(row: Any) -> tuple[Any, ...]:
    return (
        row["card_id"],
        row["kind"],
        row["at"],
        row["person_id"],
        row["place"],
        row["note"],
        row["session_id"],
    )


def _card_usage_key(row: Any) -> tuple[Any, ...]:
    return (row["card_id"], row["used_at"], row["person_id"], row["user_name"], row["purpose"])


def _transport_key(row: Any) -> tuple[Any, ...]:
    """A transport without its receiver, the one field filled in later."""
    return (
        row["storage_id"],
        row["transport_date"],
        row["from_place"],
        row["to_place"],
        row["carrier"],
        bool(row["box_locked"]),
        bool(row["key_separate"]),
        row["note"],
    )

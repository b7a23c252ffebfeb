"""Who a bundle speaks for in the site records (layouts, card ledgers, the backup register):
what a bundle adds or changes there is recorded in its signer's name, never another's.

These tables name who recorded a row (`saved_by`, `recorded_by`, `updated_by`) and nothing
else of the bundle, so at the office, after the merge (`trust.Guard.check`):

- a row the bundle added or replaced must name the bundle's signer as who recorded it
  (`person_names.same_name`); a bundle claiming another person's name is refused whole,
  naming the table, the row and that name: that person exports it with their own key;
- a backup storage the bundle changed is recorded in the signer's name (whoever recorded
  it before: checking the backup box on each visit is routine, the newer record wins);
- a transport's receiver may be filled in by any signer's bundle (the receiver is who took
  delivery, not who recorded the transport), its recorder staying as it was.

The layout of another inspector's visit is in that visit's record (`trust.Guard`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import Connection, Table, func, select

from inspector.domain.person_names import same_name
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.rows import Ids
from inspector.i18n import Message

# the append-only ledgers: who recorded each row
_LEDGERS = ("card_event", "card_usage", "backup_transport")


class SiteGuard:
    """Taken before a bundle is merged (`before`), judged after it (`check`)."""

    def __init__(self, conn: Connection, tables: Mapping[str, Table], ids: Ids) -> None:
        self.conn = conn
        self.tables = tables
        self.ids = ids
        self.signer = ""
        self.last: dict[str, int] = {}
        self.storages: dict[int, dict[str, Any]] = {}
        self.open_transports: dict[int, str] = {}  # transport id -> its recorder
        self.layouts: dict[int, tuple[Any, ...]] = {}  # session id -> (saved_by, saved_at)

    def before(self, data: Mapping[str, list[dict[str, Any]]], signer: str) -> None:
        self.signer = signer
        for name in (*_LEDGERS, "backup_storage"):
            if name in self.tables:
                t = self.tables[name]
                self.last[name] = self.conn.execute(select(func.max(t.c.id))).scalar() or 0
        if "backup_storage" in self.tables and data.get("backup_storage"):
            t = self.tables["backup_storage"]
            self.storages = {
                r.id: dict(r._mapping) for r in self.conn.execute(select(t).order_by(t.c.id))
            }
        if "backup_transport" in self.tables and data.get("backup_transport"):
            t = self.tables["backup_transport"]
            self.open_transports = {
                r.id: r.recorded_by
                for r in self.conn.execute(
                    select(t.c.id, t.c.recorded_by, t.c.receiver).where(
                        func.trim(t.c.receiver) == ""
                    )
                )
            }
        if "site_layout" in self.tables:
            self.layouts = self._layouts(self._layout_sessions(data))

    def _layout_sessions(self, data: Mapping[str, list[dict[str, Any]]]) -> list[int]:
        to_id = self.ids.to_id["inspection_session"]
        uids = {r.get("session_id") for r in data.get("site_layout", [])}
        return sorted(to_id[u] for u in uids if u in to_id)

    def _layouts(self, sessions: list[int]) -> dict[int, tuple[Any, ...]]:
        t = self.tables["site_layout"]
        found: dict[int, tuple[Any, ...]] = {}
        for start in range(0, len(sessions), 500):
            for r in self.conn.execute(
                select(t.c.session_id, t.c.saved_by, t.c.saved_at).where(
                    t.c.session_id.in_(sessions[start : start + 500])
                )
            ):
                found[r.session_id] = (r.saved_by, r.saved_at)
        return found

    # -- after -------------------------------------------------------------------------

    def check(self, data: Mapping[str, list[dict[str, Any]]]) -> None:
        """Raise `BundleRefused` for the first row the merge recorded in another person's
        name than the signer's."""
        if "site_layout" in self.tables:
            self._check_layouts(data)
        if "backup_storage" in self.tables:
            self._check_storages()
        for name in _LEDGERS:
            if name in self.tables:
                self._check_ledger(name)
        if "backup_transport" in self.tables:
            self._check_receivers()

    def _check_layouts(self, data: Mapping[str, list[dict[str, Any]]]) -> None:
        session_key = self.ids.to_key["inspection_session"]
        for session, (saved_by, saved_at) in self._layouts(self._layout_sessions(data)).items():
            if self.layouts.get(session) == (saved_by, saved_at):
                continue  # as it was
            if not same_name(saved_by, self.signer):
                self._claimed("site_layout", session_key.get(session), "saved_by", saved_by)

    def _check_storages(self) -> None:
        t = self.tables["backup_storage"]
        since = self.last.get("backup_storage", 0)
        changed = [
            r
            for r in self.conn.execute(select(t).order_by(t.c.id))
            if r.id > since or (r.id in self.storages and dict(r._mapping) != self.storages[r.id])
        ]
        for r in changed:
            if not same_name(r.updated_by, self.signer):
                self._claimed(
                    "backup_storage", self._storage_words(r.id), "updated_by", r.updated_by
                )

    def _check_ledger(self, name: str) -> None:
        t = self.tables[name]
        since = self.last.get(name, 0)
        for r in self.conn.execute(select(t).where(t.c.id > since).order_by(t.c.id)):
            if not same_name(r.recorded_by, self.signer):
                self._claimed(
                    name, self._ledger_words(name, dict(r._mapping)), "recorded_by", r.recorded_by
                )

    def _check_receivers(self) -> None:
        if not self.open_transports:
            return
        t = self.tables["backup_transport"]
        ids = sorted(self.open_transports)
        for start in range(0, len(ids), 500):
            for r in self.conn.execute(
                select(t).where(t.c.id.in_(ids[start : start + 500])).order_by(t.c.id)
            ):
                recorder = self.open_transports[r.id]
                if r.recorded_by != recorder:
                    self._claimed(
                        "backup_transport",
                        self._ledger_words("backup_transport", dict(r._mapping)),
                        "recorded_by",
                        r.recorded_by,
                    )

    # -- words -------------------------------------------------------------------------

    def _claimed(self, table: str, row: Any, field: str, person: str) -> None:
        raise BundleRefused(
            Message(
                "bundleguard.in_another_name",
                table=table,
                row=row,
                field=field,
                person=person,
                signer=self.signer,
            )
        )

    def _storage_words(self, storage: int) -> str:
        org, name = self.ids.to_key["backup_storage"].get(storage, ("?", storage))
        return f"{org}/{name}"

    def _ledger_words(self, name: str, row: Mapping[str, Any]) -> str:
        if name == "backup_transport":
            return f"{self._storage_words(row['storage_id'])} {row['transport_date'].isoformat()}"
        org, number = self.ids.to_key["card"].get(row["card_id"], ("?", row["card_id"]))
        at = row["at"] if name == "card_event" else row["used_at"]
        return f"{org}/{number} {at.isoformat()}"


__all__ = ["SiteGuard"]

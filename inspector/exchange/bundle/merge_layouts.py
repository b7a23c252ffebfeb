"""The merge rule for server-room layouts: a layout is one value (the whole room), so the
two sides cannot be merged field by field; its version is when it was saved (`saved_at`).

A layout in a bundle carries the versions it was based on (`based_on`, recorded by every
save: `store.repositories.layouts.versions_after`, at most `KEPT_VERSIONS`; a longer list
was not made by a save and the bundle is refused, naming the table, row and field). At the
office:

- no layout for the visit: the bundle's is added;
- the same version (the same bundle twice): nothing changes;
- the office's version is one the bundle's was based on: the bundle's replaces it (the
  laptop went on from what the office has), when the versions before it in the bundle's
  list agree with the office's record (`_history_agrees`; else the office's stays and
  the conflict is listed with `history_differs`). The history is the sender's word (a
  bundle can name the office's version, and its history, without having had it: the
  merge cannot tell), so every replacement is listed in the receipt (`replaced`) with
  both versions: the office sees whose layout replaced which;
- the bundle's version is one the office's was based on: the office's stays (an older
  bundle sent again; the office went on from it);
- otherwise both sides saved since their last common version: the office's stays and the
  conflict is listed with who saved which when (the laptop still has its own). This
  includes a bundle's layout without `based_on` when the office's own layout records its
  history (saved since migration 0016): the sender cannot say what it went on from, the
  office's edit is not overwritten (listed with `base_unknown`);
- only when neither side records its history (a bundle from a version before 0016 and an
  office layout not saved since): the newer `saved_at` wins as before, listed as unchecked
  when the two differ.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import insert, select, update

from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.merge_base import MergeBase
from inspector.i18n import Message
from inspector.store.repositories.layouts import (
    KEPT_VERSIONS,
    layout_version,
    version_instant,
    version_times,
)


class LayoutRules(MergeBase):
    def _layouts(self, rows: list[dict[str, Any]]) -> None:
        table = self.tables["site_layout"]
        for raw in rows:
            base = raw.get("based_on")
            if base is not None and len(base) > KEPT_VERSIONS:
                raise BundleRefused(
                    Message(
                        "bundle7b.too_many_versions",
                        table="site_layout",
                        row=raw.get("session_id"),
                        field="based_on",
                        count=len(base),
                        most=KEPT_VERSIONS,
                    )
                )
            theirs = self._local("site_layout", raw)
            theirs.setdefault("based_on", None)  # an older bundle's: not known
            found = self.conn.execute(
                select(table).where(table.c.session_id == theirs["session_id"])
            ).first()
            if found is None:
                self.conn.execute(insert(table).values(**theirs))
                self.receipt.count("site_layout", "added")
                continue
            mine: Mapping[str, Any] = dict(found._mapping)
            same_room = mine["layout"] == theirs.get("layout")
            if theirs["saved_at"] == mine["saved_at"]:
                replace = False
            elif base is None and mine["based_on"] is None:
                # neither side knows its history: the newer save wins, not checked
                replace = not same_room and theirs["saved_at"] > mine["saved_at"]
                if not same_room:
                    self.receipt.unchecked.append(
                        _entry(raw["session_id"], mine, theirs, "bundle" if replace else "local")
                    )
            elif base is not None and mine["saved_at"] in version_times(base):
                # the laptop says it went on from the office's version
                replace = _history_agrees(base, mine)
                if replace:
                    self.receipt.replaced.append(_entry(raw["session_id"], mine, theirs, "bundle"))
                elif not same_room:
                    entry = _entry(raw["session_id"], mine, theirs, "local")
                    entry["history_differs"] = True
                    self.receipt.conflicts.append(entry)
            else:
                replace = False
                older = theirs["saved_at"] in version_times(mine["based_on"] or [])
                if not older and not same_room:
                    entry = _entry(raw["session_id"], mine, theirs, "local")
                    if base is None:
                        entry["base_unknown"] = True
                    self.receipt.conflicts.append(entry)
            if replace:
                self.conn.execute(update(table).where(table.c.id == mine["id"]).values(**theirs))
                self.receipt.count("site_layout", "updated")
            else:
                self.receipt.count("site_layout", "skipped")


def _history_agrees(base: list[str], mine: Mapping[str, Any]) -> bool:
    """Whether a bundle's `based_on`, which names the office's version, agrees with what
    the office records came before that version: the one just before it in the bundle's
    list is the office's last (nothing, when the office's was a first save, unless the
    bundle's list is full and older versions were dropped). A laptop that went on from the
    office's version has that version's history too; a list naming only the office's
    version (its `saved_at` appears in receipts) does not agree. One copying the office's
    history as well does: the history is the sender's word, hence `replaced`."""
    if mine["based_on"] is None:
        return True  # the office's history is not known: nothing to compare
    times = [version_instant(value) for value in base]
    at = times.index(mine["saved_at"])
    before = version_instant(mine["based_on"][-1]) if mine["based_on"] else None
    if at == 0:
        return before is None or len(base) >= KEPT_VERSIONS
    return times[at - 1] == before


def _entry(
    session: str, mine: Mapping[str, Any], theirs: Mapping[str, Any], kept: str
) -> dict[str, Any]:
    """A layout in the receipt: the visit, who saved which version when on both sides (and
    the version the bundle's was based on last), and which one was kept."""
    base = theirs.get("based_on")
    return {
        "table": "site_layout",
        "uid": session,
        "fields": ["layout"],
        "kept": kept,
        "local": {"saved_by": mine["saved_by"], "saved_at": layout_version(mine["saved_at"])},
        "bundle": {
            "saved_by": theirs["saved_by"],
            "saved_at": layout_version(theirs["saved_at"]),
            "based_on": base[-1] if base else None,
        },
    }

"""Merge rules for sessions and what belongs to a session apart from its answers: a
session this office lacks is added; the status of one both sides have follows the newest
completion or reopening of either side; session events and hearing classifications are
append-only, identified by their content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from inspector.exchange.bundle.merge_base import MergeBase
from inspector.exchange.bundle.rows import load_value


class SessionRules(MergeBase):
    def _sessions(self, rows: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
        """Add the sessions this office does not have; returns the ones it had (their
        status is settled by `_session_status` once the events are merged)."""
        known: list[tuple[int, dict[str, Any]]] = []
        for row in rows:
            local_id = self.ids.to_id["inspection_session"].get(row["uid"])
            if local_id is None:
                values = self._local("inspection_session", row)
                values["source"] = "bundle"
                # The key names this database's ids and marks the CSV import's own session.
                values.pop("import_key", None)
                self._insert("inspection_session", values)
                self.receipt.count("inspection_session", "added")
            else:
                known.append((local_id, row))
        return known

    def _session_status(self, known: list[tuple[int, dict[str, Any]]]) -> None:
        """The status of a session both sides have follows the newest completion or reopening
        of either side (the session events, merged by now); without events a completion in
        the bundle still completes an open session."""
        s_t = self.tables["inspection_session"]
        e_t = self.tables["session_event"]
        for local_id, row in known:
            current = self.conn.execute(
                select(s_t.c.status, s_t.c.completed_at).where(s_t.c.id == local_id)
            ).one()
            last = self.conn.execute(
                select(e_t.c.action, e_t.c.at)
                .where(e_t.c.session_id == local_id, e_t.c.action.in_(("complete", "reopen")))
                .order_by(e_t.c.at.desc(), e_t.c.id.desc())
                .limit(1)
            ).first()
            target: tuple[str, datetime | None] = (current.status, current.completed_at)
            if last is not None:
                target = ("completed", last.at) if last.action == "complete" else ("open", None)
            elif row.get("status") == "completed" and current.status != "completed":
                target = ("completed", load_value(s_t.c.completed_at, row.get("completed_at")))
            if target == (current.status, current.completed_at):
                self.receipt.count("inspection_session", "skipped")
                continue
            self.conn.execute(
                update(s_t)
                .where(s_t.c.id == local_id)
                .values(status=target[0], completed_at=target[1])
            )
            self.receipt.count("inspection_session", "updated")

    def _events(self, rows: list[dict[str, Any]]) -> None:
        self._dedupe(
            "session_event",
            rows,
            lambda r: (r["session_id"], r["action"], r["actor"], r["at"]),
            "session_id",
        )

    def _classifications(self, rows: list[dict[str, Any]]) -> None:
        """Hearing classifications, append-only, by their content (the current one of a
        session is the newest by `classified_at`, wherever it was made)."""
        self._dedupe("hearing_classification", rows, _classification_key, "session_id")


def _classification_key(row: Any) -> tuple[Any, ...]:
    return (
        row["session_id"],
        row["case_id"],
        bool(row["detailed_hearing"]),
        row["note"],
        row["classified_by"],
        row["classified_at"],
    )

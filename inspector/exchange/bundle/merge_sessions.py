"""Merge rules for sessions and what belongs to a session apart from its answers: a
session this office lacks is added; the status of one both sides have follows the newest
completion or reopening of either side; session events and hearing classifications are
append-only, identified by their content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from inspector.domain.person_names import same_name
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.merge_base import MergeBase
from inspector.exchange.bundle.rows import load_value
from inspector.exchange.bundle.trust_scope import OFFICE_WRITTEN
from inspector.i18n import Message


class SessionRules(MergeBase):
    def _sessions(self, rows: list[dict[str, Any]]) -> list[tuple[int, dict[str, Any]]]:
        """Add the sessions this office does not have; returns the ones it had (their
        status is settled by `_session_status` once the events are merged). A session this
        office has must be the same session: the uid of one organization's self-check on
        another's visit would put the bundle's answers on that visit (refused)."""
        known: list[tuple[int, dict[str, Any]]] = []
        for number, row in enumerate(rows, start=1):
            local_id = self.ids.to_id["inspection_session"].get(row["uid"])
            if local_id is not None:
                self._same_session(number, local_id, row)
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

    def _same_session(self, number: int, local_id: int, row: dict[str, Any]) -> None:
        """Refuse a bundle row whose uid names another session of this office: another
        organization, kind, checklist or inspector."""
        s_t = self.tables["inspection_session"]
        mine = self.conn.execute(
            select(
                s_t.c.organization_id, s_t.c.kind, s_t.c.checklist_id, s_t.c.inspector_name
            ).where(s_t.c.id == local_id)
        ).one()
        code = self.ids.to_key["organization"].get(mine.organization_id)
        theirs_name = row.get("inspector_name")
        same = (
            code == row.get("organization_id")
            and mine.kind == row.get("kind")
            and mine.checklist_id == row.get("checklist_id")
            and (
                mine.inspector_name == theirs_name
                if mine.inspector_name is None or theirs_name is None
                else same_name(mine.inspector_name, theirs_name)
            )
        )
        if same:
            return
        raise BundleRefused(
            Message(
                "bundle7t.session_identity",
                row=number,
                uid=row["uid"],
                office=_describe(code, mine.kind, mine.checklist_id, mine.inspector_name),
                bundle=_describe(
                    row.get("organization_id"),
                    row.get("kind"),
                    row.get("checklist_id"),
                    theirs_name,
                ),
            )
        )

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
        # What the office writes on an import (who brought the visit, an expired key accepted)
        # is the office's own record: one carried in a bundle is a copy of the office's or
        # forged (it decides who keeps a visit recording no inspector), never merged.
        carried = [r for r in rows if r.get("action") not in OFFICE_WRITTEN]
        for _row in range(len(rows) - len(carried)):
            self.receipt.count("session_event", "skipped")
        self._dedupe(
            "session_event",
            carried,
            lambda r: (r["session_id"], r["action"], r["actor"], r["at"]),
            "session_id",
        )

    def _classifications(self, rows: list[dict[str, Any]]) -> None:
        """Hearing classifications, append-only, by their content (the current one of a
        session is the newest by `classified_at`, wherever it was made)."""
        self._dedupe("hearing_classification", rows, _classification_key, "session_id")


def _describe(organization: Any, kind: Any, checklist: Any, inspector: Any) -> str:
    return Message(
        "bundle7t.session_desc",
        organization=organization,
        kind=Message(f"bundle7t.kind.{kind}") if kind in ("inspection", "self_check") else kind,
        checklist=checklist,
        inspector=inspector if inspector else Message("bundle7t.no_inspector"),
    )


def _classification_key(row: Any) -> tuple[Any, ...]:
    return (
        row["session_id"],
        row["case_id"],
        bool(row["detailed_hearing"]),
        row["note"],
        row["classified_by"],
        row["classified_at"],
    )

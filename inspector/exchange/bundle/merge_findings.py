"""Merge rules for findings and improvement plans: rows edited on either side, whose last
logged edit decides (the newer side wins, and both sides' edits stay in the change log);
measure entries are added when new (`MergeBase._simple_keyed`)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import insert, select, update

from inspector.exchange.bundle.merge_base import MergeBase
from inspector.exchange.bundle.rows import dump_value, load_value


class FindingRules(MergeBase):
    def _findings(self, findings: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
        self._edited("finding", "finding_change", "finding_id", findings, changes)

    def _plans(self, plans: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
        if "improvement_plan_change" not in self.tables:
            # An office database from before plans were logged: nothing tells which side
            # edited last, so the office's plan is kept and the difference reported.
            self._simple_keyed("improvement_plan", plans, conflicts=True)
            return
        self._edited("improvement_plan", "improvement_plan_change", "plan_id", plans, changes)

    def _edited(
        self,
        name: str,
        log_name: str,
        parent_column: str,
        rows: list[dict[str, Any]],
        changes: list[dict[str, Any]],
    ) -> None:
        """Rows edited on either side (findings, plans): the side whose last logged edit is
        newer wins, and both sides' edits stay in the change log."""
        table = self.tables[name]
        log = self.tables[log_name]
        remote_last: dict[str, datetime] = {}
        for raw in changes:
            at = load_value(log.c.changed_at, raw["changed_at"])
            uid = raw[parent_column]
            remote_last[uid] = max(remote_last.get(uid, at), at)
        editable = [
            c.name for c in table.columns if c.name not in ("id", "uid", "created_by", "created_at")
        ]
        for raw in rows:
            uid = raw["uid"]
            local_id = self.ids.to_id[name].get(uid)
            theirs = self._local(name, raw)
            if local_id is None:
                self._insert(name, theirs)
                self.receipt.count(name, "added")
                continue
            mine = dict(
                self.conn.execute(select(table).where(table.c.id == local_id)).one()._mapping
            )
            differ = [c for c in editable if c in theirs and mine[c] != theirs[c]]
            if not differ:
                self.receipt.count(name, "skipped")
                continue
            local_last = self.conn.execute(
                select(log.c.changed_at)
                .where(log.c[parent_column] == local_id)
                .order_by(log.c.changed_at.desc())
                .limit(1)
            ).scalar()
            mine_at = local_last or mine["created_at"]
            theirs_at = remote_last.get(uid, theirs["created_at"])
            if theirs_at > mine_at:
                self.conn.execute(
                    update(table)
                    .where(table.c.id == local_id)
                    .values(**{c: theirs[c] for c in differ})
                )
                self.conn.execute(
                    insert(log).values(
                        **{parent_column: local_id},
                        action="bundle",
                        old={c: dump_value(mine[c]) for c in differ},
                        new={c: dump_value(theirs[c]) for c in differ},
                        changed_by=f"{self.actor} ({self.signed})",
                        changed_at=self.now,
                    )
                )
                self.receipt.count(name, "updated")
            else:
                self.receipt.count(name, "skipped")
        self._dedupe(
            log_name,
            changes,
            lambda r: (r[parent_column], r["action"], r["changed_by"], r["changed_at"]),
            parent_column,
        )

    def _measure_entries(self, rows: list[dict[str, Any]]) -> None:
        self._simple_keyed("measure_entry", rows)

"""Merge rules for organizations and people: an organization or a person this office
lacks is added (an organization with its parent, once all are in); one it has is kept as
it is (the office's register is the reference)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import update

from inspector.domain.organization_code import organization_code_problem
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.merge_base import MergeBase


class OrganizationRules(MergeBase):
    def _organizations(self, rows: list[dict[str, Any]]) -> None:
        table = self.tables["organization"]
        fresh: list[dict[str, Any]] = []
        for row in rows:
            if row["code"] in self.ids.to_id["organization"]:
                self.receipt.count("organization", "skipped")
                continue
            if bad_code := organization_code_problem(str(row["code"])):
                raise BundleRefused(bad_code)
            values = self._local("organization", {**row, "parent_id": None})
            self._insert("organization", values)
            fresh.append(row)
            self.receipt.count("organization", "added")
        for row in fresh:
            if row.get("parent_id"):
                parent = self.ids.to_id["organization"].get(row["parent_id"])
                self.conn.execute(
                    update(table).where(table.c.code == row["code"]).values(parent_id=parent)
                )

    def _people(self, rows: list[dict[str, Any]]) -> None:
        self._simple_keyed("person", rows)

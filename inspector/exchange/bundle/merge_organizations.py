"""Merge rules for organizations and people: an organization or a person this office
lacks is added (an organization with its parent, once all are in); one it has is kept as
it is (the office's register is the reference).

The organizations a bundle adds meet the same rules as a roster import
(`exchange.org_checks`), judged inside the merge transaction against what is stored: no
code that is another organization's name (a later CSV row naming that name would land on
the wrong one), no name that is another's code, no cycle of parents."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from inspector.domain.model import Organization
from inspector.domain.organization_code import organization_code_problem
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.merge_base import MergeBase
from inspector.exchange.org_checks import organization_conflicts
from inspector.i18n import Message, joined
from inspector.store.repository import OrganizationInput


class OrganizationRules(MergeBase):
    def _organizations(self, rows: list[dict[str, Any]]) -> None:
        table = self.tables["organization"]
        fresh: list[dict[str, Any]] = []
        for number, row in enumerate(rows, start=1):
            if row["code"] in self.ids.to_id["organization"]:
                self.receipt.count("organization", "skipped")
                continue
            if bad_code := organization_code_problem(str(row["code"])):
                raise BundleRefused(
                    Message(
                        "more.bundle.at_field",
                        table="organization",
                        row=number,
                        column="code",
                        what=bad_code,
                    )
                )
            fresh.append({**row, "_row": number})
        self._check_organizations(fresh)
        for row in fresh:
            values = self._local("organization", {**row, "parent_id": None})
            self._insert("organization", values)
            self.receipt.count("organization", "added")
        for row in fresh:
            if row.get("parent_id"):
                parent = self.ids.to_id["organization"].get(row["parent_id"])
                self.conn.execute(
                    update(table).where(table.c.code == row["code"]).values(parent_id=parent)
                )

    def _check_organizations(self, fresh: list[dict[str, Any]]) -> None:
        """Refuse the new organizations that would conflict with the stored ones."""
        if not fresh:
            return
        table = self.tables["organization"]
        stored = [
            Organization(id=r.id, code=r.code, name=r.name, parent_id=r.parent_id)
            for r in self.conn.execute(
                select(table.c.id, table.c.code, table.c.name, table.c.parent_id)
            )
        ]
        inputs = [
            (
                row["_row"],
                OrganizationInput(
                    code=row["code"], name=row["name"], parent_code=row.get("parent_id")
                ),
            )
            for row in fresh
        ]
        problems = organization_conflicts(stored, inputs)
        if problems:
            conflicts = joined(
                [
                    Message(
                        "more.bundle.at_field",
                        table="organization",
                        row=p.row,
                        column=_field(p.message),
                        what=p.message,
                    )
                    for p in problems[:10]
                ]
            )
            raise BundleRefused(Message("more.bundle.organizations_conflict", problems=conflicts))

    def _people(self, rows: list[dict[str, Any]]) -> None:
        self._simple_keyed("person", rows)


def _field(message: str) -> str:
    """The field an `organization_conflicts` message is about."""
    if message.startswith("code "):
        return "code"
    if message.startswith("name "):
        return "name"
    return "parent_id"

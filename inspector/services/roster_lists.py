"""What the read-only listings print (`orgs list`, `people list`, and whether `plans` has
anything to list), read with the standard library's `sqlite3` when the database is a
plain SQLite file at the newest revision (`inspector.store.plain_read`), else through the
repository. Nothing here imports SQLAlchemy, the checklist models or a PDF library unless
the fallback runs."""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager

from inspector.context import AppContext
from inspector.i18n import Message
from inspector.store.plain_read import (
    OrganizationLine,
    PersonLine,
    find_organization_id,
    has_plans,
    open_plain,
    organization_lines,
    person_lines,
)


class UnknownOrganization(LookupError):
    """No organization has this code or name; `message` says so in the run's language."""

    def __init__(self, code: str) -> None:
        super().__init__(Message("cli.rosters.unknown_organization", code=code))
        self.code = code


def _plain(ctx: AppContext) -> AbstractContextManager[sqlite3.Connection | None]:
    return open_plain(
        ctx.settings.database_url, ctx.db_passphrase, narrow_modes=ctx.narrows_database_files
    )


def organizations(ctx: AppContext) -> list[OrganizationLine]:
    """Every organization, by code."""
    with _plain(ctx) as conn:
        if conn is not None:
            return organization_lines(conn)
    items = ctx.repo.organizations()
    code_of = {o.id: o.code for o in items}
    return [
        OrganizationLine(
            o.code,
            o.name,
            code_of.get(o.parent_id) if o.parent_id else None,
            tuple(sorted(o.tags)),
        )
        for o in items
    ]


def people(
    ctx: AppContext, organization: str | None = None, limit: int | None = None
) -> list[PersonLine]:
    """People by staff number: of the organization with code (or name) `organization`,
    the first `limit`. Raises `UnknownOrganization`."""
    with _plain(ctx) as conn:
        if conn is not None:
            org_id = None
            if organization:
                org_id = find_organization_id(conn, organization)
                if org_id is None:
                    raise UnknownOrganization(organization)
            return person_lines(conn, org_id, limit)
    org_id = None
    if organization:
        org = ctx.repo.find_organization(organization)
        if org is None:
            raise UnknownOrganization(organization)
        org_id = org.id
    code_of = ctx.repo.organization_code_by_id()
    items = ctx.repo.people(org_id)
    if limit is not None:
        items = items[:limit]
    return [
        PersonLine(
            p.staff_number,
            p.name,
            code_of.get(p.organization_id) if p.organization_id else None,
            p.staff_type.value,
            p.status.value,
        )
        for p in items
    ]


def no_plans(ctx: AppContext, organization: str | None = None) -> bool:
    """True when it is certain, without the repository, that the plans listing is empty:
    no improvement plan (of a finding not withdrawn) is stored, or none of `organization`.
    False means "look": the listing reads the plans. Raises `UnknownOrganization`."""
    with _plain(ctx) as conn:
        if conn is None:
            return False
        org_id = None
        if organization:
            org_id = find_organization_id(conn, organization)
            if org_id is None:
                raise UnknownOrganization(organization)
        return not has_plans(conn, org_id)


__all__ = ["UnknownOrganization", "no_plans", "organizations", "people"]

"""The list of sessions as lists show it (the home screen, `inspector sessions list`): one
query over the sessions with their organization, respondent and counters (migration
0013), never over the answers.

A SQLite file is read with the standard library's `sqlite3`, read-only, so that the home
screen lists before SQLAlchemy and the tables are imported; any other database, or a
file that cannot be read so (encrypted, not yet migrated), is read through the engine
(`read_with_engine`). Nothing here imports SQLAlchemy at import time.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from inspector.domain.model import (
    InspectionSession,
    Organization,
    Person,
    PersonStatus,
    Role,
    SessionKind,
    SessionSource,
    SessionStatus,
    StaffType,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine

_SELECT = """
SELECT s.id, s.uid, s.checklist_id, s.checklist_version, s.organization_id, s.respondent_id,
       s.role, s.kind, s.session_date, s.status, s.source, s.inspector_name,
       s.inspector_organization_id, s.created_at, s.completed_at, s.not_independent,
       s.answered_count, s.applicable_count, s.broken_count, s.not_applicable_count,
       s.counted_with,
       o.code, o.name, o.parent_id,
       p.staff_number, p.name, p.organization_id, p.staff_type, p.status
FROM inspection_session s
JOIN organization o ON o.id = s.organization_id
LEFT JOIN person p ON p.id = s.respondent_id
"""


@dataclass(frozen=True)
class SessionFilter:
    """Which sessions, newest first (created, then id)."""

    limit: int | None = None
    organization_id: int | None = None
    organization_code: str | None = None
    checklist_id: str | None = None
    since: date | None = None


@dataclass(frozen=True)
class ListedSession:
    """A session with what a list shows; `counts` is None when not counted (NULL)."""

    session: InspectionSession
    organization: Organization
    respondent: Person | None
    counts: tuple[int, int, int, int] | None  # answered, applicable, broken, not applicable
    counted_with: str | None = None  # the digest of the checklist they were counted with


def _query(which: SessionFilter) -> tuple[str, dict[str, Any]]:
    where: list[str] = []
    params: dict[str, Any] = {}
    if which.organization_id is not None:
        where.append("s.organization_id = :org_id")
        params["org_id"] = which.organization_id
    if which.organization_code is not None:
        where.append("o.code = :org_code")
        params["org_code"] = which.organization_code
    if which.checklist_id is not None:
        where.append("s.checklist_id = :checklist")
        params["checklist"] = which.checklist_id
    if which.since is not None:
        where.append("s.session_date >= :since")
        params["since"] = which.since.isoformat()
    sql = _SELECT + (" WHERE " + " AND ".join(where) if where else "")
    sql += " ORDER BY s.created_at DESC, s.id DESC"
    if which.limit is not None:
        sql += " LIMIT :limit"
        params["limit"] = which.limit
    return sql, params


def sqlite_file(url: str) -> Path | None:
    """The file of a plain `sqlite:///` URL (None for any other database)."""
    if not url.startswith("sqlite:///") or "?" in url:
        return None
    name = url.removeprefix("sqlite:///")
    return Path(name).expanduser() if name and name != ":memory:" else None


def read_sqlite_file(path: Path, which: SessionFilter) -> list[ListedSession] | None:
    """The sessions, read with `sqlite3` read-only; None when the file cannot be read so
    (missing, encrypted, not migrated to the counters yet): read it through the engine."""
    if not path.is_file():
        return None
    sql, params = _query(which)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        rows = connection.execute(sql, params).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    organizations: dict[int, Organization] = {}
    return [_listed(row, organizations) for row in rows]


def read_with_engine(engine: Engine, which: SessionFilter) -> list[ListedSession]:
    """The same query through SQLAlchemy (PostgreSQL, SQLCipher)."""
    from sqlalchemy import text

    sql, params = _query(which)
    if engine.dialect.name != "sqlite" and "since" in params:
        params["since"] = which.since  # a date column compares with a date
    organizations: dict[int, Organization] = {}
    with engine.connect() as connection:
        return [_listed(tuple(row), organizations) for row in connection.execute(text(sql), params)]


# the enumerations by value: a plain lookup is several times cheaper than `Role(value)`
_ROLES = {m.value: m for m in Role}
_KINDS = {m.value: m for m in SessionKind}
_STATUSES = {m.value: m for m in SessionStatus}
_SOURCES = {m.value: m for m in SessionSource}


def _listed(row: tuple[Any, ...], organizations: dict[int, Organization]) -> ListedSession:
    """One row as domain objects (an organization made once per read: `organizations`)."""
    (sid, uid, checklist_id, version, org_id, respondent_id, role, kind, day, status, source,
     inspector_name, inspector_org, created, completed, not_independent,
     answered, applicable, broken, not_applicable, counted_with,
     org_code, org_name, org_parent,
     staff_number, person_name, person_org, staff_type, person_status) = row  # fmt: skip
    session = InspectionSession(
        id=sid,
        uid=uid,
        checklist_id=checklist_id,
        checklist_version=version,
        organization_id=org_id,
        respondent_id=respondent_id,
        role=_ROLES.get(role) or Role(role),
        kind=_KINDS.get(kind) or SessionKind(kind),
        session_date=day if isinstance(day, date) else date.fromisoformat(day),
        status=_STATUSES.get(status) or SessionStatus(status),
        source=_SOURCES.get(source) or SessionSource(source),
        inspector_name=inspector_name,
        inspector_organization_id=inspector_org,
        created_at=_instant(created),
        completed_at=_instant(completed),
        not_independent=bool(not_independent),
    )
    respondent = (
        Person(
            id=respondent_id,
            staff_number=staff_number,
            name=person_name,
            organization_id=person_org,
            staff_type=StaffType(staff_type),
            status=PersonStatus(person_status),
        )
        if respondent_id is not None and staff_number is not None
        else None
    )
    counters = (answered, applicable, broken, not_applicable)
    organization = organizations.get(org_id)
    if organization is None:
        organization = organizations[org_id] = Organization(
            id=org_id, code=org_code, name=org_name, parent_id=org_parent
        )
    return ListedSession(
        session,
        organization,
        respondent,
        None if any(c is None for c in counters) else counters,
        counted_with,
    )


def _instant(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


__all__ = ["ListedSession", "SessionFilter", "read_sqlite_file", "read_with_engine", "sqlite_file"]

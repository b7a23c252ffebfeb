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
from inspector.store.database_revision import head_revision

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


class ListedSession:
    """One listed session: its row as read, with the plain values a table prints, and its
    domain objects made only when asked for (a prefecture lists 57,000: the command line
    prints the plain values; the home screen asks for 200 sessions' objects)."""

    __slots__ = ("_row", "counted_with", "counts")

    def __init__(self, row: tuple[Any, ...], counts: tuple[int, int, int, int] | None = None):
        self._row = row
        counters = row[16:20]
        self.counts: tuple[int, int, int, int] | None = (
            counts if counts is not None else None if None in counters else tuple(counters)  # type: ignore[assignment]
        )
        """answered, applicable, broken, not applicable; None when not counted (NULL)"""
        self.counted_with: str | None = row[20]
        """the digest of the checklist the counters were counted with"""

    def counted(self, counts: tuple[int, int, int, int]) -> ListedSession:
        """The same session with these counts (counted from its answers)."""
        return ListedSession(self._row, counts)

    @property
    def id(self) -> int:
        return int(self._row[0])

    @property
    def uid(self) -> str:
        return str(self._row[1])

    @property
    def checklist_id(self) -> str:
        return str(self._row[2])

    @property
    def organization_id(self) -> int:
        return int(self._row[4])

    @property
    def session_date(self) -> str:
        """ISO (YYYY-MM-DD)."""
        day = self._row[8]
        return day.isoformat() if isinstance(day, date) else str(day)

    @property
    def role(self) -> str:
        return str(self._row[6])

    @property
    def kind(self) -> str:
        return str(self._row[7])

    @property
    def status(self) -> str:
        return str(self._row[9])

    @property
    def source(self) -> str:
        return str(self._row[10])

    @property
    def not_independent(self) -> bool:
        return bool(self._row[15])

    @property
    def organization_code(self) -> str:
        return str(self._row[21])

    @property
    def organization_name(self) -> str:
        return str(self._row[22])

    @property
    def staff_number(self) -> str | None:
        """The respondent's staff number (None without a respondent)."""
        return self._row[24] if self._row[5] is not None else None

    @property
    def session(self) -> InspectionSession:
        return _session(self._row)

    @property
    def organization(self) -> Organization:
        row = self._row
        return Organization(id=row[4], code=row[21], name=row[22], parent_id=row[23])

    @property
    def respondent(self) -> Person | None:
        row = self._row
        if row[5] is None or row[24] is None:
            return None
        return Person(
            id=row[5],
            staff_number=row[24],
            name=row[25],
            organization_id=row[26],
            staff_type=StaffType(row[27]),
            status=PersonStatus(row[28]),
        )


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
    """The file of a plain `sqlite:///` URL (None for any other database, or a URL with
    parameters or percent-escapes: the engine decodes those, see `plain_sqlite_path`)."""
    if not url.startswith("sqlite:///") or "?" in url or "%" in url:
        return None
    name = url.removeprefix("sqlite:///")
    return Path(name).expanduser() if name and name != ":memory:" else None


def read_sqlite_file(path: Path, which: SessionFilter) -> list[ListedSession] | None:
    """The sessions, read with `sqlite3` read-only; None when the file cannot be read so
    (missing, encrypted, not at this build's newest revision): read it through the engine."""
    if not path.is_file():
        return None
    sql, params = _query(which)
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return None
    try:
        # only a file at this build's newest revision: an older one is migrated and a
        # newer one refused by the engine's path (`open_database`), never read as it is
        version = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        if version is None or version[0] != head_revision():
            return None
        rows = connection.execute(sql, params).fetchall()
    except sqlite3.Error:
        return None
    finally:
        connection.close()
    return [ListedSession(row) for row in rows]


def read_with_engine(engine: Engine, which: SessionFilter) -> list[ListedSession]:
    """The same query through SQLAlchemy (PostgreSQL, SQLCipher)."""
    from sqlalchemy import text

    sql, params = _query(which)
    if engine.dialect.name != "sqlite" and "since" in params:
        params["since"] = which.since  # a date column compares with a date
    with engine.connect() as connection:
        return [ListedSession(tuple(row)) for row in connection.execute(text(sql), params)]


def _session(row: tuple[Any, ...]) -> InspectionSession:
    (sid, uid, checklist_id, version, org_id, respondent_id, role, kind, day, status, source,
     inspector_name, inspector_org, created, completed, not_independent) = row[:16]  # fmt: skip
    return InspectionSession(
        id=sid,
        uid=uid,
        checklist_id=checklist_id,
        checklist_version=version,
        organization_id=org_id,
        respondent_id=respondent_id,
        role=Role(role),
        kind=SessionKind(kind),
        session_date=day if isinstance(day, date) else date.fromisoformat(day),
        status=SessionStatus(status),
        source=SessionSource(source),
        inspector_name=inspector_name,
        inspector_organization_id=inspector_org,
        created_at=_instant(created),
        completed_at=_instant(completed),
        not_independent=bool(not_independent),
    )


def _instant(value: datetime | str | None) -> datetime | None:
    if value is None:
        return None
    moment = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


__all__ = ["ListedSession", "SessionFilter", "read_sqlite_file", "read_with_engine", "sqlite_file"]

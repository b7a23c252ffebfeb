"""Read-only lists straight from a plain SQLite file with the standard library's `sqlite3`.

The read-only commands (`plans`, `people list`, `orgs list`) print what a few queries
return; importing SQLAlchemy and the SQLModel tables alone costs about 0.35 s, more than
the whole command should take. When the database is a plain (not encrypted) SQLite file
that exists and is at the newest schema revision, these functions read it with `sqlite3`
and nothing else; otherwise `open_plain` returns None and the caller takes the usual path
(which makes, migrates or unlocks the database, and reaches other servers).

Each list is one query (counts grouped in SQL), so its cost grows with what it prints.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from inspector.store.encryption import file_state
from inspector.store.private_files import companions, narrow

BUSY_TIMEOUT_S = 30.0  # as the engine's: a writer in another process is waited for


def plain_sqlite_path(url: str) -> Path | None:
    """The file of a `sqlite:///PATH` URL without parameters or percent-escapes, else None
    (the engine's path then: SQLAlchemy decodes `%41` to `A`, so this reading of the text
    as written would name another file than every other command opens)."""
    if not url.startswith("sqlite:///") or "?" in url or "%" in url:
        return None
    path = url.removeprefix("sqlite:///")
    return Path(path) if path and path != ":memory:" else None


def _head() -> str | None:
    from inspector.store.database_revision import head_revision

    return head_revision()


@contextmanager
def open_plain(
    url: str, passphrase: str | None, *, narrow_modes: bool = True
) -> Iterator[sqlite3.Connection | None]:
    """A read-only `sqlite3` connection on the database of `url`, or None when the usual
    path must open it: not a SQLite file, missing or empty (it is made there), encrypted
    or a passphrase given (checked there), or not at the newest revision (migrated there).
    The file is narrowed to 0600 once it is known to be ours (never through a link given
    as --db: `narrow_modes` False)."""
    path = plain_sqlite_path(url)
    try:
        plain = path is not None and passphrase is None and file_state(path) == "plain"
    except OSError:  # not a folder, no permission: the usual path says what is wrong
        plain = False
    if not plain or path is None:
        yield None
        return
    conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S)
    try:
        conn.execute("PRAGMA query_only=ON")
        try:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        except sqlite3.DatabaseError:  # no such table (not ours, or never migrated)
            row = None
        ours = row is not None and row[0] == _head()
        if ours and narrow_modes:
            for each in (path, *companions(path)):
                narrow(each)  # the engine's rule: a database and its companions are 0600
        yield conn if ours else None
    finally:
        conn.close()


@dataclass(frozen=True)
class OrganizationLine:
    code: str
    name: str
    parent_code: str | None
    tags: tuple[str, ...]
    """Sorted."""


@dataclass(frozen=True)
class PersonLine:
    staff_number: str
    name: str
    organization_code: str | None
    staff_type: str
    status: str


def find_organization_id(conn: sqlite3.Connection, code_or_name: str) -> int | None:
    """By code first, then by exact name (as the repository's `find_organization`)."""
    key = code_or_name.strip()
    for column in ("code", "name"):
        row = conn.execute(
            f"SELECT id FROM organization WHERE {column} = ? ORDER BY id LIMIT 1",
            (key,),
        ).fetchone()
        if row is not None:
            return int(row[0])
    return None


def organization_lines(conn: sqlite3.Connection) -> list[OrganizationLine]:
    """Every organization by code, with its parent's code."""
    rows = conn.execute(
        "SELECT o.code, o.name, p.code, o.tags FROM organization o "
        "LEFT JOIN organization p ON p.id = o.parent_id ORDER BY o.code"
    )
    return [
        OrganizationLine(code, name, parent, tuple(sorted(json.loads(tags or "[]"))))
        for code, name, parent, tags in rows
    ]


def person_lines(
    conn: sqlite3.Connection, organization_id: int | None = None, limit: int | None = None
) -> list[PersonLine]:
    """People by staff number (of one organization), the first `limit` of them."""
    sql = (
        "SELECT p.staff_number, p.name, o.code, p.staff_type, p.status FROM person p "
        "LEFT JOIN organization o ON o.id = p.organization_id"
    )
    args: list[object] = []
    if organization_id is not None:
        sql += " WHERE p.organization_id = ?"
        args.append(organization_id)
    sql += " ORDER BY p.staff_number"
    if limit is not None:
        sql += " LIMIT ?"
        args.append(limit)
    return [PersonLine(*row) for row in conn.execute(sql, args)]


def has_plans(conn: sqlite3.Connection, organization_id: int | None = None) -> bool:
    """Whether any improvement plan (of a finding not withdrawn) is stored, optionally of
    one responsible organization: without one, the plans listing is empty."""
    sql = (
        "SELECT 1 FROM improvement_plan p JOIN finding f ON f.id = p.finding_id "
        "WHERE f.withdrawn_at IS NULL"
    )
    args: tuple[object, ...] = ()
    if organization_id is not None:
        sql += " AND p.responsible_organization_id = ?"
        args = (organization_id,)
    return conn.execute(sql + " LIMIT 1", args).fetchone() is not None


__all__ = [
    "OrganizationLine",
    "PersonLine",
    "find_organization_id",
    "has_plans",
    "open_plain",
    "organization_lines",
    "person_lines",
    "plain_sqlite_path",
]

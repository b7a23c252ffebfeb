"""timestamps with zone: SQLite's stored times carry their zone (+00:00)

PostgreSQL's time columns are `timestamp with time zone` since 0001 and are unchanged. A
SQLite file kept times as text without a zone ('2025-06-01 01:00:00.000000', UTC by
convention only); from now on they are written '2025-06-01 01:00:00.000000+00:00'
(`inspector.store.types.SQLITE_STORAGE_FORMAT`). Every stored time is rewritten to that
form, so that the texts of old and new times still compare as the times do.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-03
"""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_SUFFIX = "+00:00"


def _time_columns(bind: sa.Connection) -> list[tuple[str, str]]:
    inspector = sa.inspect(bind)
    found = []
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            if isinstance(column["type"], sa.DateTime):
                found.append((table, column["name"]))
    return found


def _normal(text: str) -> str:
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M:%S.%f") + _SUFFIX


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return  # timestamptz already
    for table, column in _time_columns(bind):
        t, c = f'"{table}"', f'"{column}"'
        # The form SQLAlchemy wrote (26 characters) in one statement; anything else (no
        # fraction, a 'T', an offset written by another program) parsed one by one.
        bind.exec_driver_sql(
            f"UPDATE {t} SET {c} = {c} || '{_SUFFIX}'"
            f" WHERE length({c}) = 26 AND substr({c}, 11, 1) = ' ' AND substr({c}, 20, 1) = '.'"
        )
        others = bind.exec_driver_sql(
            f"SELECT rowid, {c} FROM {t} WHERE {c} IS NOT NULL AND {c} NOT LIKE '%{_SUFFIX}'"
        ).fetchall()
        for rowid, value in others:
            bind.exec_driver_sql(
                f"UPDATE {t} SET {c} = ? WHERE rowid = ?", (_normal(str(value)), rowid)
            )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        return
    for table, column in _time_columns(bind):
        t, c = f'"{table}"', f'"{column}"'
        bind.exec_driver_sql(
            f"UPDATE {t} SET {c} = substr({c}, 1, length({c}) - {len(_SUFFIX)})"
            f" WHERE {c} LIKE '%{_SUFFIX}'"
        )

"""Times are stored with their zone on both databases (issue 16): PostgreSQL's `timestamp
with time zone`, SQLite's text with `+00:00`. They compare in SQL as instants, whatever
zone they were given in, and read back aware, in UTC."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, insert, select
from sqlmodel import SQLModel

import inspector.store.tables
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import Role, SessionKind
from inspector.store.database import alembic_config, create_db_engine, migrate, open_database
from inspector.store.repository import Repository
from inspector.store.tables import SessionEventRow
from inspector.store.types import UTCDateTime
from tests.db_rows import rows, url_of

JST = timezone(timedelta(hours=9))
# 08:00 in Tokyo is 23:00 UTC the day before: before 23:30 UTC, though its local text
# ('2025-06-01 08:00') sorts after '2025-05-31 23:30'.
TOKYO_MORNING = datetime(2025, 6, 1, 8, 0, tzinfo=JST)
UTC_LATE = datetime(2025, 5, 31, 23, 30, tzinfo=UTC)


def _time_columns() -> list[tuple[str, str]]:
    return sorted(
        (table.name, column.name)
        for table in SQLModel.metadata.tables.values()
        for column in table.columns
        if isinstance(column.type, UTCDateTime)
    )


def _session(repo: Repository, catalog: ChecklistCatalog) -> int:
    org = repo.find_organization("GEN")
    assert org is not None
    return repo.start_session(
        catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id


def test_every_time_column_is_stored_with_its_zone(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    assert len(_time_columns()) > 20
    sid = _session(city, mini_catalog)
    if city.engine.dialect.name == "postgresql":
        types = dict(
            ((table, column), kind)
            for table, column, kind in rows(
                city,
                "select table_name, column_name, data_type from information_schema.columns"
                " where table_schema = 'public'",
            )
        )
        assert {types[key] for key in _time_columns()} == {"timestamp with time zone"}
    else:
        (stored,) = rows(city, "select created_at from inspection_session where id = :sid", sid=sid)
        assert isinstance(stored[0], str) and stored[0].endswith("+00:00"), stored
        assert len(stored[0]) == len("2025-06-01 01:00:00.000000+00:00")


def test_times_given_in_any_zone_compare_as_instants_in_sql(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    sid = _session(city, mini_catalog)
    events = SessionEventRow.__table__
    with city.engine.begin() as conn:
        for action, at in (("late", UTC_LATE), ("tokyo", TOKYO_MORNING)):
            conn.execute(insert(events).values(session_id=sid, action=action, actor="t", at=at))
    with city.engine.connect() as conn:
        ordered = conn.execute(
            select(events.c.action, events.c.at)
            .where(events.c.session_id == sid)
            .order_by(events.c.at)
        ).all()
        after = conn.execute(
            select(events.c.action).where(
                events.c.session_id == sid, events.c.at > datetime(2025, 5, 31, 23, 15, tzinfo=UTC)
            )
        ).all()
    assert [action for action, _ in ordered] == ["tokyo", "late"]
    assert [at for _, at in ordered] == [TOKYO_MORNING, UTC_LATE]  # the same instants
    assert all(at.tzinfo is not None and at.utcoffset() == timedelta(0) for _, at in ordered)
    assert after == [("late",)]


def test_a_naive_time_is_refused(city: Repository, mini_catalog: ChecklistCatalog) -> None:
    sid = _session(city, mini_catalog)
    with pytest.raises(Exception, match="naive datetime"), city.engine.begin() as conn:
        conn.execute(
            insert(SessionEventRow.__table__).values(
                session_id=sid, action="x", actor="t", at=datetime(2025, 6, 1, 8, 0)
            )
        )


def test_postgresql_session_zone_does_not_change_what_is_read(postgres_url: str) -> None:
    """A server or connection set to Asia/Tokyo reads the same instants."""
    repo = Repository(open_database(postgres_url))
    try:
        from inspector.store.repository import OrganizationInput

        repo.upsert_organizations([OrganizationInput("GEN", "総務課")])
        org = repo.find_organization("GEN")
        assert org is not None
        with repo.engine.begin() as conn:
            conn.execute(
                insert(inspector.store.tables.SessionRow.__table__).values(
                    uid="u-tokyo",
                    checklist_id="mini",
                    checklist_version="1",
                    organization_id=org.id,
                    role="inspector",
                    kind="inspection",
                    session_date=TOKYO_MORNING.date(),
                    status="open",
                    source="local",
                    created_at=TOKYO_MORNING,
                )
            )
        tokyo = create_engine(url_of(repo), connect_args={"options": "-c timezone=Asia/Tokyo"})
        try:
            with tokyo.connect() as conn:
                table = inspector.store.tables.SessionRow.__table__
                (created,) = conn.execute(
                    select(table.c.created_at).where(table.c.uid == "u-tokyo")
                ).one()
                (text_in_tokyo,) = conn.exec_driver_sql(
                    "select created_at::text from inspection_session where uid = 'u-tokyo'"
                ).one()
        finally:
            tokyo.dispose()
        assert created == TOKYO_MORNING and created.utcoffset() == timedelta(0)
        assert text_in_tokyo == "2025-06-01 08:00:00+09"  # the server keeps the instant
    finally:
        repo.engine.dispose()


@pytest.mark.sqlite_only("the stored form of SQLite's text times")
def test_migration_0009_writes_the_zone_into_every_stored_time(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = create_db_engine(f"sqlite:///{db}")
    migrate(engine, "0008")
    engine.dispose()
    old = sqlite3.connect(db)
    with old:
        old.execute("insert into organization (id, code, name, tags) values (1, 'A', '甲課', '[]')")
        for sid, created in (
            (1, "2025-06-01 01:00:00.000000"),  # as SQLAlchemy wrote it
            (2, "2025-06-01 01:00:00"),  # no fraction
            (3, "2025-06-01T10:00:00.500000+09:00"),  # another program, Tokyo time
        ):
            old.execute(
                "insert into inspection_session (id, uid, checklist_id, checklist_version,"
                " organization_id, role, kind, session_date, status, source, created_at)"
                " values (?, ?, 'mini', '1', 1, 'inspector', 'inspection', '2025-06-01',"
                " 'open', 'local', ?)",
                (sid, f"u{sid}", created),
            )
    old.close()
    engine = open_database(f"sqlite:///{db}")
    try:
        stored = rows(engine, "select id, created_at from inspection_session order by id")
        assert stored == [
            (1, "2025-06-01 01:00:00.000000+00:00"),
            (2, "2025-06-01 01:00:00.000000+00:00"),
            (3, "2025-06-01 01:00:00.500000+00:00"),
        ]
        read = [s.created_at for s in Repository(engine).sessions()]
        assert sorted(read) == [
            datetime(2025, 6, 1, 1, tzinfo=UTC),
            datetime(2025, 6, 1, 1, tzinfo=UTC),
            datetime(2025, 6, 1, 1, 0, 0, 500000, tzinfo=UTC),
        ]
        command.downgrade(alembic_config(engine), "0008")  # and back: the zone taken off
        assert rows(engine, "select created_at from inspection_session where id = 1") == [
            ("2025-06-01 01:00:00.000000",)
        ]
    finally:
        engine.dispose()

"""A layout remembers the versions it was based on (`site_layout.based_on`, migration
0016): every save adds the version it replaced. From a 0015 database with a layout in it,
the upgrade keeps the layout with its base not known (NULL), the next save starts the
list, and the revision goes back down to 0015 without the column, the layout kept. Run
on SQLite and on PostgreSQL (`database_url`)."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from sqlalchemy import Engine, select, text

from inspector.domain.checklist_loader import load_checklist
from inspector.domain.layout import CellKind, Layout
from inspector.domain.model import Role, SessionKind
from inspector.store.database import create_db_engine, migrate, open_database
from inspector.store.repositories.layouts import KEPT_VERSIONS, versions_after
from inspector.store.repositories.site import SeenLayout, SiteRepository
from inspector.store.repository import OrganizationInput, Repository
from tests.conftest import FIXTURES
from tests.store.test_session_counters import _downgrade

ROOM = Layout("サーバ室", 6, 4, 0.5)


def _based_on(engine: Engine, session_id: int) -> object:
    with engine.connect() as conn:
        value = conn.execute(
            text("select based_on from site_layout where session_id = :s"), {"s": session_id}
        ).scalar_one()
    return None if value is None else json.loads(value)


def test_migration_0016_keeps_the_layouts_with_an_unknown_base(database_url: str) -> None:
    engine = create_db_engine(database_url)
    migrate(engine)  # (the PostgreSQL fixture's database is made at the head already)
    _downgrade(engine, "0015")
    saved = datetime(2025, 3, 1, 1, 0, 0, 123456, tzinfo=UTC)
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into organization (id, code, name, tags) values (1, '210', '市民課', '[]')"
            )
        )
        conn.execute(
            text(
                "insert into inspection_session (id, uid, checklist_id, checklist_version,"
                " organization_id, role, kind, session_date, status, source, created_at,"
                " not_independent) values (1, 'u-1', 'mini', '1.0', 1, 'inspector',"
                " 'inspection', '2025-03-01', 'completed', 'app', '2025-03-01 01:00:00', false)"
            )
        )
        conn.execute(
            text(
                "insert into site_layout (id, session_id, organization_id, layout, saved_by,"
                " saved_at) values (1, 1, 1, :layout, '監査 太郎', :at)"
            ),
            {"layout": json.dumps(ROOM.to_json(), ensure_ascii=False), "at": saved},
        )
    migrate(engine)
    site = SiteRepository(engine)
    before = site.layout_for(1)
    assert before is not None
    assert (before.layout, before.saved_by, before.saved_at) == (ROOM, "監査 太郎", saved)
    assert _based_on(engine, 1) is None  # not known
    site.save_layout(1, ROOM.place((0, 0), CellKind.RACK), "事務局 花子", SeenLayout(saved))
    assert _based_on(engine, 1) == [saved.isoformat()]
    _downgrade(engine, "0015")
    with engine.connect() as conn:
        columns = conn.execute(select(text("*")).select_from(text("site_layout"))).keys()
        assert "based_on" not in columns
        (row,) = conn.execute(text("select saved_by, layout from site_layout")).all()
    assert row[0] == "事務局 花子"
    assert Layout.from_json(json.loads(row[1])) == ROOM.place((0, 0), CellKind.RACK)
    engine.dispose()


def test_each_save_adds_the_version_it_replaced(database_url: str) -> None:
    engine = open_database(database_url)
    repo = Repository(engine)
    repo.upsert_organizations([OrganizationInput("GEN", "総務課")])
    org = repo.find_organization("GEN")
    assert org is not None
    visit = repo.start_session(
        load_checklist(FIXTURES / "mini.yaml"),
        org.id,
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
    ).id
    site = SiteRepository(engine)
    first = site.save_layout(visit, ROOM, "a")
    assert _based_on(engine, visit) == []  # the first: based on none
    second = site.save_layout(visit, ROOM.place((1, 1), CellKind.RACK), "b")
    site.save_layout(visit, ROOM.place((2, 2), CellKind.RACK), "c")
    assert _based_on(engine, visit) == [first.saved_at.isoformat(), second.saved_at.isoformat()]
    engine.dispose()


def test_a_layout_remembers_a_bounded_number_of_versions() -> None:
    many = [f"2025-01-01T00:00:{i % 60:02d}+00:00" for i in range(KEPT_VERSIONS)]
    later = datetime(2025, 2, 1, tzinfo=UTC)
    after = versions_after(many, later)
    assert len(after) == KEPT_VERSIONS and after[-1] == later.isoformat()
    assert after[0] == many[1]
    assert versions_after(None, later) == [later.isoformat()]

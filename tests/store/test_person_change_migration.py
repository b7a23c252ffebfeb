"""Migration 0019 (`person_change`, imports r16 #3): from a 0018 database with
organizations, people and a session in it, the upgrade keeps every row and adds the
empty log; a roster import then logs its changes there; the downgrade to 0018 drops only
the log, every person kept. Run on a SQLite file and on PostgreSQL (`database_url`)."""

from __future__ import annotations

from sqlalchemy import Engine, inspect, text

from inspector.domain.model import PersonStatus, StaffType
from inspector.store.database import create_db_engine, migrate
from inspector.store.repository import PersonInput, Repository
from tests.store.test_session_counters import _downgrade

TABLES = ("organization", "person", "inspection_session")


def _content(engine: Engine) -> dict[str, list[tuple[object, ...]]]:
    with engine.connect() as conn:
        return {
            t: [tuple(r) for r in conn.execute(text(f"select * from {t} order by id"))]
            for t in TABLES
        }


def _fill_0018(engine: Engine) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into organization (id, code, name, tags) values"
                " (1, '210', '市民課', '[]'), (2, '310', '税務課', '[\"employs_temporary\"]')"
            )
        )
        conn.execute(
            text(
                "insert into person (id, staff_number, name, organization_id, staff_type,"
                " status) values (1, 'S1001', '臨時 花子', 2, 'temporary', 'active'),"
                " (2, 'S1002', '退職 一郎', 1, 'regular', 'retired')"
            )
        )
        conn.execute(
            text(
                "insert into inspection_session (id, uid, checklist_id, checklist_version,"
                " organization_id, respondent_id, role, kind, session_date, status, source,"
                " created_at, not_independent) values (1, 'u-1', 'mini', '1.0', 2, 1,"
                " 'operator', 'self_check', '2025-03-01', 'completed', 'app',"
                " '2025-03-01 01:00:00', false)"
            )
        )


def test_0019_adds_the_person_change_log_and_keeps_every_row(database_url: str) -> None:
    engine = create_db_engine(database_url)
    migrate(engine)
    _downgrade(engine, "0018")
    assert "person_change" not in inspect(engine).get_table_names()
    _fill_0018(engine)
    before = _content(engine)
    assert [len(before[t]) for t in TABLES] == [2, 2, 1]
    migrate(engine)
    assert _content(engine) == before
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from person_change")).scalar_one() == 0
    counts = Repository(engine).upsert_people(
        [PersonInput("S1001", "臨時 花子", "310", StaffType.REGULAR, PersonStatus.ACTIVE)],
        actor="人事 担当",
    )
    assert [(c.field, c.old, c.new) for c in counts.changes] == [
        ("staff_type", "temporary", "regular")
    ]
    with engine.connect() as conn:
        logged = conn.execute(
            text("select person_id, field, old_value, new_value, changed_by from person_change")
        ).all()
    assert [tuple(r) for r in logged] == [(1, "staff_type", "temporary", "regular", "人事 担当")]
    after = _content(engine)
    _downgrade(engine, "0018")
    assert "person_change" not in inspect(engine).get_table_names()
    assert _content(engine) == after  # every person kept, the change with them
    engine.dispose()

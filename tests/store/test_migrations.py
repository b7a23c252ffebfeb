"""A database made at the first revision opens in this version with every row kept."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from inspector.store.database import (
    create_db_engine,
    current_revision,
    head_revision,
    migrate,
    open_database,
)
from inspector.store.repository import Repository

pytestmark = pytest.mark.sqlite_only("upgrading SQLite files made by older versions")

FIRST = "0001"


def test_upgrade_from_the_first_revision_keeps_rows(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = create_db_engine(f"sqlite:///{db}")
    migrate(engine, FIRST)
    engine.dispose()
    with sqlite3.connect(db) as old:
        old.execute(
            "insert into organization (id, code, name, tags) values (1, '210', '市民課', '[]')"
        )
        old.execute(
            "insert into inspection_session (id, uid, checklist_id, checklist_version, organization_id, role, kind,"
            " session_date, status, source, created_at) values (1, 'u-1', 'juki-department', '1.0', 1, 'inspector',"
            " 'inspection', '2025-03-31', 'completed', 'local', '2025-03-31 01:00:00')"
        )
        old.execute(
            "insert into answer (session_id, item_id, value, reasons, reason_text, note, evidence, answered_by,"
            " answered_at) values (1, 'd-01', 'noncompliant', '[\"unaware\"]', '', '机上に放置', '[]', 'old',"
            " '2025-03-31 01:00:00')"
        )

    engine = open_database(f"sqlite:///{db}")
    assert current_revision(engine) == head_revision()
    repo = Repository(engine)
    (org,) = repo.organizations()
    assert org.name == "市民課"
    session = repo.session(1)
    assert session.checklist_id == "juki-department"
    answer = repo.answers(1)["d-01"]
    assert answer.state.value == "noncompliant"
    assert answer.state.reasons == ("unaware",)
    assert answer.state.note == "机上に放置"
    assert answer.answered_at.tzinfo is not None


def test_opening_twice_is_harmless(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'x.db'}"
    open_database(url).dispose()
    engine = open_database(url)
    assert current_revision(engine) == head_revision()


def test_head_revision_read_from_the_files_matches_alembic() -> None:
    from alembic.config import Config
    from alembic.script import ScriptDirectory

    from inspector.store.database import MIGRATIONS_DIR

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()

"""The PostgreSQL test server itself: it starts, and a test database is migrated and empty."""

from __future__ import annotations

from sqlalchemy import text

from inspector.store.database import current_revision, head_revision, open_database
from inspector.store.repository import OrganizationInput, Repository


def test_each_database_is_migrated_and_separate(database_url: str) -> None:
    engine = open_database(database_url)
    try:
        assert current_revision(engine) == head_revision()
        repo = Repository(engine)
        repo.upsert_organizations([OrganizationInput("D1", "市民部")])
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM organization")).scalar_one()
        assert count == 1
    finally:
        engine.dispose()

"""Every table change has a migration: the migrated schema equals the models."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import inspector.store.tables  # noqa: F401
from inspector.store.database import open_database


def test_migrations_produce_the_models_schema(database_url: str) -> None:
    engine = open_database(database_url)
    with engine.connect() as connection:
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert diff == []

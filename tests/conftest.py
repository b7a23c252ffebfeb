"""Shared fixtures: a real SQLite file per test, the shipped checklists, a small checklist."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist_loader import load_checklist
from inspector.resources import shipped_checklists_dir
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository

FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(autouse=True)
def _isolated_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No test reads the developer's own config file or database."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("INSPECTOR_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.delenv("INSPECTOR_DB", raising=False)
    monkeypatch.delenv("INSPECTOR_LANG", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "inspector.db"


@pytest.fixture
def repo(db_path: Path) -> Iterator[Repository]:
    engine = open_database(f"sqlite:///{db_path}")
    yield Repository(engine)
    engine.dispose()


@pytest.fixture(scope="session")
def shipped_catalog() -> ChecklistCatalog:
    return ChecklistCatalog.from_folders([shipped_checklists_dir()])


@pytest.fixture(scope="session")
def mini_catalog() -> ChecklistCatalog:
    return ChecklistCatalog(
        [load_checklist(FIXTURES / "mini.yaml"), load_checklist(FIXTURES / "mini-person.yaml")]
    )


@pytest.fixture
def city(repo: Repository) -> Repository:
    """Three organizations; 'GEN' employs temporary staff."""
    repo.upsert_organizations(
        [
            OrganizationInput("D1", "市民部"),
            OrganizationInput("GEN", "総務課", "D1", ("employs_temporary",)),
            OrganizationInput("TAX", "税務課", "D1"),
        ]
    )
    return repo


# --- PostgreSQL: a real server per test process (tests/postgres_server.py) ---------------


@pytest.fixture(scope="session")
def postgres_server() -> object:
    """The test process's PostgreSQL server; skipped without one, except under CI."""
    import os

    from tests.postgres_server import PostgresUnavailable, start_server

    try:
        return start_server()
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs PostgreSQL: {exc}")
        pytest.skip(str(exc))


@pytest.fixture
def postgres_url(postgres_server: object) -> str:
    """A fresh, migrated, empty PostgreSQL database for one test."""
    from tests.postgres_server import PostgresServer

    assert isinstance(postgres_server, PostgresServer)
    return postgres_server.fresh_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The same test on a SQLite file and on a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'inspector.db'}"
    return str(request.getfixturevalue("postgres_url"))

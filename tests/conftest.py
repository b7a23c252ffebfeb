"""Shared fixtures: a real database per test (a SQLite file and a PostgreSQL database: the
same test runs on both), the shipped checklists, a small checklist.

`repo` and `city` run on both databases. A test whose subject is SQLite itself (the file,
its modes, WAL, encryption) says so with `@pytest.mark.sqlite_only("why")`: it runs on the
SQLite file only (its PostgreSQL run is deselected). `db_path` is the SQLite file."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
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
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))  # the error log
    monkeypatch.delenv("INSPECTOR_DB", raising=False)
    monkeypatch.delenv("INSPECTOR_LANG", raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "inspector.db"


@pytest.fixture
def repo(database_url: str) -> Iterator[Repository]:
    engine = open_database(database_url)
    yield Repository(engine)
    engine.dispose()


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "sqlite_only(reason): the test's subject is SQLite itself; no PostgreSQL run",
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A `sqlite_only` test's PostgreSQL run is deselected (its marker names the reason)."""
    kept: list[pytest.Item] = []
    dropped: list[pytest.Item] = []
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        callspec = getattr(item, "callspec", None)
        on_postgres = callspec is not None and callspec.params.get("database_url") == "postgresql"
        if marker is not None:
            assert marker.args and isinstance(marker.args[0], str), f"{item.nodeid}: no reason"
        (dropped if marker is not None and on_postgres else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept


@pytest.fixture(scope="session")
def shipped_catalog() -> ChecklistCatalog:
    return ChecklistCatalog.from_folders([shipped_checklists_dir()])


@pytest.fixture(scope="session")
def mini_catalog() -> ChecklistCatalog:
    return ChecklistCatalog(
        [load_checklist(FIXTURES / "mini.yaml"), load_checklist(FIXTURES / "mini-person.yaml")]
    )


@pytest.fixture(scope="session")
def demo_templates(tmp_path_factory: pytest.TempPathFactory) -> Callable[[date], Path]:
    """The demo office database (`build_demo`) as of a day, built once per test process and
    shared by the modules that copy it per test (each module used to build its own: ~3 s
    of CPU and many durable commits each). Never written to: tests copy it."""
    built: dict[date, Path] = {}

    def template(today: date) -> Path:
        if today not in built:
            from inspector.demo.city import build_demo

            path = tmp_path_factory.mktemp(f"demo-{today.isoformat()}") / "demo.db"
            engine = open_database(f"sqlite:///{path}")
            catalog = ChecklistCatalog.from_folders([shipped_checklists_dir()])
            build_demo(Repository(engine), catalog, today)
            engine.dispose()  # the last connection: the WAL is in the file, which is copied
            built[today] = path
        return built[today]

    return template


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
def postgres_server() -> Iterator[object]:
    """The test process's PostgreSQL server; skipped without one, except under CI. Stopped
    when the session ends (an xdist worker may end without running atexit handlers)."""
    import os

    from tests.postgres_server import PostgresUnavailable, start_server

    try:
        server = start_server()
    except PostgresUnavailable as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs PostgreSQL: {exc}")
        pytest.skip(str(exc))
    yield server
    server.stop()


@pytest.fixture
def postgres_url(postgres_server: object) -> Iterator[str]:
    """A fresh, migrated, empty PostgreSQL database for one test; dropped after it."""
    from tests.postgres_server import PostgresServer

    assert isinstance(postgres_server, PostgresServer)
    url = postgres_server.fresh_database()
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, db_path: Path) -> str:
    """The same test on a SQLite file (`db_path`) and on a PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{db_path}"
    return str(request.getfixturevalue("postgres_url"))


@pytest.fixture
def db_arg(database_url: str, db_path: Path) -> str:
    """What a CLI test passes to `--db`: the SQLite file's path, or the PostgreSQL URL."""
    return str(db_path) if database_url.startswith("sqlite") else database_url

"""`demo --force` on a server database (hunt9 H1, M3): a real office database is never
emptied; a demo that stops part way says what it left and how to clear it."""

from __future__ import annotations

import pytest
from click.testing import CliRunner, Result
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from inspector.cli.main import cli
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, PersonInput, Repository


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _count(url: str, table: str) -> int:
    engine = open_database(url)
    try:
        with engine.connect() as connection:
            return int(connection.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())
    finally:
        engine.dispose()


def test_force_never_empties_a_real_server_database(postgres_url: str) -> None:
    engine = open_database(postgres_url)
    repo = Repository(engine)
    repo.upsert_organizations([OrganizationInput("900", "県の本物の課")])
    org = repo.organizations()[0]
    repo.upsert_people([PersonInput("S1", "本物 一郎", org.id)])
    engine.dispose()
    result = run("--db", postgres_url, "demo", "--force")
    assert result.exit_code == 1 and "デモのデータベースではありません" in result.stderr
    assert "職員 1 人" in result.stderr and "データをすべて削除しました" not in result.output
    assert _count(postgres_url, "organization") == 1 and _count(postgres_url, "person") == 1


def test_a_demo_stopped_part_way_says_so_and_force_clears_it(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspector.cli.demo as demo_module
    from inspector.demo.city import DEPARTMENTS

    def stops(repo, catalog):  # type: ignore[no-untyped-def]
        repo.upsert_organizations([OrganizationInput(c, n, p, t) for c, n, p, t in DEPARTMENTS])
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(demo_module, "build_demo", stops)
    stopped = run("--db", postgres_url, "demo")
    assert stopped.exit_code == 1
    assert "途中までのデモが残っているかもしれません" in stopped.stderr
    assert "demo --force" in stopped.stderr and "何も保存されていません" not in stopped.stderr
    monkeypatch.undo()
    rebuilt = run("--db", postgres_url, "demo", "--force")
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert _count(postgres_url, "inspection_session") > 10

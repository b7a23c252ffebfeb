"""`demo --force` on a server database decides by the demo's mark (0018), as a SQLite file
does by its header: a demo in which real work was entered is never emptied, even though
its organizations are still the demo's."""

from __future__ import annotations

from click.testing import CliRunner, Result
from sqlalchemy import text

from inspector.cli.main import cli
from inspector.store.database import open_database
from inspector.store.repository import PersonInput, Repository


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args), catch_exceptions=False)


def _scalar(url: str, sql: str) -> object:
    engine = open_database(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text(sql)).scalar_one()
    finally:
        engine.dispose()


def _demo(url: str) -> None:
    built = run("--db", url, "demo")
    assert built.exit_code == 0, built.stderr


def test_an_unchanged_demo_is_rebuilt_and_marked(postgres_url: str) -> None:
    _demo(postgres_url)
    assert (
        _scalar(postgres_url, "SELECT count(*) FROM demo_mark WHERE fingerprint IS NOT NULL") == 1
    )
    sessions = _scalar(postgres_url, "SELECT count(*) FROM inspection_session")
    rebuilt = run("--db", postgres_url, "demo", "--force")
    assert rebuilt.exit_code == 0, rebuilt.stderr
    assert _scalar(postgres_url, "SELECT count(*) FROM inspection_session") == sessions
    assert _scalar(postgres_url, "SELECT count(*) FROM demo_mark") == 1


def test_a_person_added_to_the_demo_is_never_emptied(postgres_url: str) -> None:
    _demo(postgres_url)
    engine = open_database(postgres_url)
    repo = Repository(engine)
    organization = repo.organizations()[0]
    repo.upsert_people([PersonInput("R-1", "本物 花子", organization.id)])
    engine.dispose()
    people = _scalar(postgres_url, "SELECT count(*) FROM person")
    refused = run("--db", postgres_url, "demo", "--force")
    assert refused.exit_code == 1
    assert "デモを作った後に書き込まれたデータ" in refused.stderr
    assert "dropdb" in refused.stderr and "ファイル" not in refused.stderr
    assert "データをすべて削除しました" not in refused.output
    assert _scalar(postgres_url, "SELECT count(*) FROM person") == people
    assert _scalar(postgres_url, "SELECT count(*) FROM person WHERE staff_number = 'R-1'") == 1


def test_an_answer_changed_in_the_demo_is_never_emptied(postgres_url: str) -> None:
    _demo(postgres_url)
    before = _scalar(postgres_url, "SELECT count(*) FROM answer")
    engine = open_database(postgres_url)
    with engine.begin() as connection:  # one answer changed by hand: real work now
        connection.execute(
            text("UPDATE answer SET note = 'real' WHERE id = (SELECT min(id) FROM answer)")
        )
    engine.dispose()
    refused = run("--lang", "en", "--db", postgres_url, "demo", "--force")
    assert refused.exit_code == 1 and "Nothing was changed" in refused.stderr
    assert _scalar(postgres_url, "SELECT count(*) FROM answer") == before
    assert _scalar(postgres_url, "SELECT count(*) FROM answer WHERE note = 'real'") == 1


def test_a_demo_without_a_mark_is_not_a_demo(postgres_url: str) -> None:
    """Built by a version before the mark (or copied without it): the organizations alone
    no longer make it replaceable."""
    _demo(postgres_url)
    engine = open_database(postgres_url)
    with engine.begin() as connection:
        connection.execute(text("DELETE FROM demo_mark"))
    engine.dispose()
    sessions = _scalar(postgres_url, "SELECT count(*) FROM inspection_session")
    refused = run("--db", postgres_url, "demo", "--force")
    assert refused.exit_code == 1 and "何も変更していません" in refused.stderr
    assert _scalar(postgres_url, "SELECT count(*) FROM inspection_session") == sessions

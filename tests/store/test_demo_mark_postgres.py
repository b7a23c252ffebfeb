"""`demo --force` on a server database decides by the demo's mark (0018), as a SQLite file
does by its header: a demo in which real work was entered is never emptied, even though
its organizations are still the demo's."""

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
    assert _scalar(postgres_url, "SELECT id FROM demo_mark") == 1


def test_a_person_added_to_the_demo_is_never_emptied(postgres_url: str) -> None:
    _demo(postgres_url)
    engine = open_database(postgres_url)
    repo = Repository(engine)
    organization = repo.organizations()[0]
    repo.upsert_people([PersonInput("R-1", "本物 花子", organization.code)])
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


def test_a_build_stopped_part_way_is_marked_and_work_added_later_is_kept(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a stopped build wrote is the demo (its mark written then): `--force` clears it
    while nothing was added, and refuses once a person was (review12 #1)."""
    import inspector.cli.demo as demo_module
    from inspector.demo.city import DEPARTMENTS

    def stops(repo, catalog):  # type: ignore[no-untyped-def]
        repo.upsert_organizations([OrganizationInput(c, n, p, t) for c, n, p, t in DEPARTMENTS])
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(demo_module, "build_demo", stops)
    stopped = run("--db", postgres_url, "demo")
    assert stopped.exit_code == 1 and "デモの印を付けました" in stopped.stderr
    monkeypatch.undo()
    engine = open_database(postgres_url)
    repo = Repository(engine)
    repo.upsert_people([PersonInput("R-2", "本物 次郎", repo.organizations()[0].code)])
    engine.dispose()
    refused = run("--db", postgres_url, "demo", "--force")
    assert refused.exit_code == 1 and "何も変更していません" in refused.stderr
    assert _scalar(postgres_url, "SELECT count(*) FROM person WHERE staff_number = 'R-2'") == 1


def test_a_build_that_cannot_be_marked_is_never_cleared(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    import inspector.cli.demo as demo_module
    import inspector.store.demo_marker as marker

    def gone(engine):  # type: ignore[no-untyped-def]
        raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    monkeypatch.setattr(marker, "mark_demo", gone)
    stopped = run("--db", postgres_url, "demo")
    assert stopped.exit_code == 1 and "印を付けられませんでした" in stopped.stderr
    assert "dropdb" in stopped.stderr
    monkeypatch.undo()
    assert demo_module is not None and _scalar(postgres_url, "SELECT count(*) FROM demo_mark") == 0
    sessions = _scalar(postgres_url, "SELECT count(*) FROM inspection_session")
    refused = run("--db", postgres_url, "demo", "--force")
    assert refused.exit_code == 1
    assert _scalar(postgres_url, "SELECT count(*) FROM inspection_session") == sessions


def test_a_write_after_the_first_check_is_not_emptied(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another client's write between the first check and the emptying: the emptying
    checks again under its lock and refuses (review12 #2)."""
    import inspector.cli.demo_target as target

    _demo(postgres_url)
    first_check = target.refuse_unless_replaceable

    def then_another_client_writes(ctx, url):  # type: ignore[no-untyped-def]
        first_check(ctx, url)
        engine = open_database(postgres_url)
        repo = Repository(engine)
        repo.upsert_people([PersonInput("R-3", "本物 三郎", repo.organizations()[0].code)])
        engine.dispose()

    monkeypatch.setattr(target, "refuse_unless_replaceable", then_another_client_writes)
    refused = run("--db", postgres_url, "demo", "--force")
    assert refused.exit_code == 1 and "何も変更していません" in refused.stderr
    assert "データをすべて削除しました" not in refused.output
    assert _scalar(postgres_url, "SELECT count(*) FROM person WHERE staff_number = 'R-3'") == 1


def test_counters_stored_again_by_a_list_do_not_make_it_work(
    database_url: str, db_arg: str
) -> None:
    """A list that finds the sessions' counters stale (another checklist digest) stores
    them again: a read, not work; `--force` still rebuilds (review12 #3)."""
    built = run("--db", db_arg, "demo")
    assert built.exit_code == 0, built.stderr
    engine = open_database(database_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE inspection_session SET answered_count = 0, counted_with = 'other'")
        )
    engine.dispose()
    rebuilt = run("--db", db_arg, "demo", "--force")
    assert rebuilt.exit_code == 0, rebuilt.stderr


def test_encrypt_is_refused_for_a_server_database(postgres_url: str) -> None:
    refused = run("--db", postgres_url, "demo", "--force", "--encrypt")
    assert refused.exit_code == 2 and "--encrypt" in refused.stderr
    assert "サーバー" in refused.stderr


def test_a_sqlite_demo_marked_by_the_version_before_is_still_a_demo(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Its mark counted the counters too: accepted as it was."""
    from inspector.store.demo_marker import fingerprint

    db = tmp_path / "old.db"
    assert run("--db", str(db), "demo").exit_code == 0
    engine = open_database(f"sqlite:///{db}")
    with engine.connect() as connection:
        old = fingerprint(connection, with_cache=True)
        connection.exec_driver_sql(f"PRAGMA user_version = {old}")
        connection.commit()
    engine.dispose()
    rebuilt = run("--db", str(db), "demo", "--force")
    assert rebuilt.exit_code == 0, rebuilt.stderr

"""Writers at once on one database (a SQLite file, PostgreSQL): they take turns, none
fails, nothing is half written; an import's identity survives the migration of a SQLite
database with duplicates."""

from __future__ import annotations

import itertools
import sqlite3
import threading
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.exchange.answers_csv import COLUMNS, import_answers
from inspector.i18n import Translator
from inspector.store.database import create_db_engine, migrate, open_database
from inspector.store.errors import DatabaseError, integrity_failure
from inspector.store.repository import Repository
from inspector.tui.errors import describe_error
from tests.db_rows import dump, execute, scalar

THREADS = 8


def test_eight_threads_saving_one_new_item_end_with_one_answer_and_every_change(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    org = city.find_organization("GEN")
    assert org is not None
    sid = city.start_session(
        mini_catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []

    def save(n: int) -> None:
        start.wait()
        try:
            city.save_answer(
                sid, "c1", lambda s: replace(s, value="compliant", note=f"thread {n}"), f"t{n}"
            )
        except BaseException as exc:  # every failure is the test's finding
            failures.append(exc)

    threads = [threading.Thread(target=save, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert scalar(city, "select count(*) from answer where session_id = :sid", sid=sid) == 1
    changes = city.changes(sid)
    assert len(changes) == THREADS
    assert sorted(ch.changed_by for ch in changes) == sorted(f"t{n}" for n in range(THREADS))
    # Each change was applied to the one before it: the log is one unbroken chain.
    assert changes[0].old == AnswerState()
    for before, after in itertools.pairwise(changes):
        assert after.old == before.new
    assert city.answers(sid)["c1"].state == changes[-1].new


_REFUSE_ANSWERS = {
    "sqlite": [
        "create trigger refuse before insert on answer begin"
        " select raise(abort, 'refused by the test'); end"
    ],
    "postgresql": [
        "create function refuse() returns trigger language plpgsql as"
        " $$ begin raise integrity_constraint_violation using message = 'refused by the test';"
        " end $$",
        "create trigger refuse before insert on answer for each row execute function refuse()",
    ],
}


def test_a_failure_after_the_organizations_are_made_leaves_nothing(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    csv_file = tmp_path / "a.csv"
    csv_file.write_text(
        ",".join(COLUMNS)
        + "\nNEW1,,,mini,c1,遵守,,,2025-06-01\nGEN,P1,,mini-person,q1,はい,,,2025-06-01\n",
        encoding="utf-8",
    )
    # The database refuses the answers, after the organization and person are made.
    for statement in _REFUSE_ANSWERS[city.engine.dialect.name]:
        execute(city, statement)
    before = dump(city)
    with pytest.raises(DatabaseError, match=r"refused the change.*nothing was written") as caught:
        import_answers(city, mini_catalog, csv_file, create_missing=True)
    assert isinstance(caught.value.__cause__, IntegrityError)  # in plain words, cause kept
    assert dump(city) == before


def _old_database_with_duplicates(db: Path) -> None:
    """A database at 0005 where two imports at once made duplicate sessions."""
    engine = create_db_engine(f"sqlite:///{db}")
    migrate(engine, "0005")
    engine.dispose()
    c = sqlite3.connect(db)
    with c:
        c.execute("insert into organization (id, code, name, tags) values (1, 'A', '甲課', '[]')")
        c.execute(
            "insert into person (id, staff_number, name, organization_id, staff_type, status)"
            " values (1, 'S1', '職員', 1, 'regular', 'active')"
        )
        sessions = [
            # id, checklist, respondent, source: two units, each imported three times
            (1, "mini", None, "csv"),
            (2, "mini", None, "csv"),
            (3, "mini-person", 1, "csv"),
            (4, "mini", None, "csv"),
            (5, "mini-person", 1, "csv"),
            (6, "mini-person", 1, "csv"),
            (7, "mini", None, "local"),
            (8, "mini", None, "bundle"),
        ]
        for sid, checklist, respondent, source in sessions:
            c.execute(
                "insert into inspection_session (id, uid, checklist_id, checklist_version,"
                " organization_id, respondent_id, role, kind, session_date, status, source,"
                " created_at) values (?, ?, ?, '1.0', 1, ?, 'head', 'self_check', '2025-06-01',"
                " 'completed', ?, '2025-06-01 01:00:00')",
                (sid, f"u-{sid}", checklist, respondent, source),
            )
            item = "c1" if checklist == "mini" else "q1"
            value = "compliant" if checklist == "mini" else "yes"
            c.execute(
                "insert into answer (session_id, item_id, value, reasons, reason_text, note,"
                " evidence, answered_by, answered_at) values (?, ?, ?, '[]', '', '', '[]',"
                " 'import', '2025-06-01 01:00:00')",
                (sid, item, value),
            )
            c.execute(
                "insert into answer_change (session_id, item_id, action, new_value, changed_by,"
                " changed_at) values (?, ?, 'import', ?, 'import', '2025-06-01 01:00:00')",
                (sid, item, value),
            )
    c.close()


def _rows(db: Path, table: str) -> list[tuple[object, ...]]:
    c = sqlite3.connect(db)
    try:
        return c.execute(f"select * from {table} order by id").fetchall()
    finally:
        c.close()


def _zoned(rows: list[tuple[object, ...]]) -> list[tuple[object, ...]]:
    old, new = "2025-06-01 01:00:00", "2025-06-01 01:00:00.000000+00:00"
    return [tuple(new if value == old else value for value in row) for row in rows]


def test_migration_0006_keeps_every_duplicate_and_keys_the_newest(
    tmp_path: Path, mini_catalog: ChecklistCatalog
) -> None:
    db = tmp_path / "old.db"
    _old_database_with_duplicates(db)
    answers, changes = _rows(db, "answer"), _rows(db, "answer_change")
    sessions = _rows(db, "inspection_session")

    engine = open_database(f"sqlite:///{db}")
    # Every row kept; its times now written with their zone (0009).
    assert _rows(db, "answer") == _zoned(answers)
    assert _rows(db, "answer_change") == _zoned(changes)
    after = _rows(db, "inspection_session")
    # only the new columns are new: 0006's import_key, then 0013's session counters
    width = len(sessions[0])
    assert [row[:width] for row in after] == _zoned(sessions)
    keys = {row[0]: row[width] for row in after}
    assert keys == {
        1: None,
        2: None,
        3: None,
        4: "csv:mini/1/-",
        5: None,
        6: "csv:mini-person/1/1",
        7: None,
        8: None,
    }
    # Later imports merge into the keyed session; the duplicates stay as they were.
    csv_file = tmp_path / "a.csv"
    csv_file.write_text(
        ",".join(COLUMNS) + "\nA,,,mini,c1,不遵守,,,2025-07-01\nA,S1,,mini-person,q1,はい,,,\n",
        encoding="utf-8",
    )
    report = import_answers(Repository(engine), mini_catalog, csv_file)
    assert report.counts.sessions_added == 0
    assert (report.counts.answers_updated, report.counts.answers_unchanged) == (1, 1)
    c = sqlite3.connect(db)
    try:
        assert c.execute(
            "select session_id, value from answer where item_id = 'c1'"
        ).fetchall() == [
            (1, "compliant"),
            (2, "compliant"),
            (4, "noncompliant"),
            (7, "compliant"),
            (8, "compliant"),
        ]
        # The key is a database rule, not a habit of the importer.
        with pytest.raises(sqlite3.IntegrityError):
            c.execute("update inspection_session set import_key = 'csv:mini/1/-' where id = 1")
    finally:
        c.close()
    engine.dispose()


def test_an_integrity_error_is_a_plain_sentence_in_the_cli_and_the_interface(
    city: Repository, mini_catalog: ChecklistCatalog
) -> None:
    org = city.find_organization("GEN")
    assert org is not None
    sid = city.start_session(
        mini_catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    ).id
    city.save_answer(sid, "c1", lambda s: replace(s, value="compliant"), "t")
    with city.engine.begin() as conn, pytest.raises(IntegrityError) as caught:
        conn.execute(
            text(
                "insert into answer (session_id, item_id, value, reasons, reason_text, note,"
                " evidence, answered_by, answered_at) values (:sid, 'c1', 'x', '[]', '', '',"
                " '[]', 't', '2025-06-01 01:00:00+00')"
            ),
            {"sid": sid},
        )
    message = integrity_failure(caught.value)
    assert message is not None
    assert "another record already has the same key" in message
    assert "nothing was written" in message
    assert "insert into" not in message.lower()  # not SQLAlchemy's text with the SQL
    assert integrity_failure(ValueError("x")) is None
    for lang, wanted in (("en", "another record has the same key"), ("ja", "同時に保存")):
        shown = describe_error(caught.value, Translator(lang))
        assert wanted in shown and "IntegrityError" not in shown


def test_an_import_waits_for_a_long_writer_beyond_the_busy_timeout(
    db_path: Path,
    tmp_path: Path,
    mini_catalog: ChecklistCatalog,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Another import of a large file may hold the lock longer than the busy timeout: an
    import waits for it; an answer save gives up after the busy timeout, with a message."""
    import inspector.store.database as database

    monkeypatch.setattr(database, "BUSY_TIMEOUT_MS", 200)
    engine = open_database(f"sqlite:///{db_path}")
    repo = Repository(engine)
    csv_file = tmp_path / "a.csv"
    csv_file.write_text(
        ",".join(COLUMNS) + "\nNEW1,,,mini,c1,遵守,,,2025-06-01\n", encoding="utf-8"
    )
    holding = threading.Event()
    release = threading.Event()

    def long_writer() -> None:
        other = sqlite3.connect(db_path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        holding.set()
        release.wait(10)
        other.execute("COMMIT")
        other.close()

    writer = threading.Thread(target=long_writer)
    writer.start()
    holding.wait(10)
    threading.Timer(1.0, release.set).start()  # five busy timeouts
    try:
        report = import_answers(repo, mini_catalog, csv_file, create_missing=True)
    finally:
        release.set()
        writer.join()
    assert report.counts.answers_added == 1
    (session,) = repo.sessions()

    writer = threading.Thread(target=long_writer)
    release.clear()
    holding.clear()
    writer.start()
    holding.wait(10)
    try:
        with pytest.raises(DatabaseError, match="locked"):
            repo.save_answer(session.id, "c2", lambda s: replace(s, value="compliant"), "t")
    finally:
        release.set()
        writer.join()
    engine.dispose()

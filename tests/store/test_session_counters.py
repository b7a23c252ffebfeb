"""The per-session counters (migration 0013) equal a count from the answers after every
write path: start, answer, clear, undo, CSV import, bundle merge, demo, database copy;
NULL where the writer did not know the checklist."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlmodel import SQLModel

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.domain.progress import progress
from inspector.exchange.bundle.envelope import OpenedBundle
from inspector.exchange.bundle.merge import merge_bundles
from inspector.exchange.bundle.payload import collect
from inspector.store.database import open_database
from inspector.store.imports import ImportBatch
from inspector.store.repository import OrganizationInput, Repository
from inspector.store.session_counters import COUNTERS

SESSIONS = SQLModel.metadata.tables["inspection_session"]


def recount(repo: Repository, catalog: ChecklistCatalog) -> dict[int, tuple[int, ...]]:
    """What the counters must be: `progress` over each session's answers."""
    orgs = {o.id: o for o in repo.organizations()}
    sessions = repo.sessions()
    values = repo.answer_counts(s.id for s in sessions)
    result = {}
    for s in sessions:
        counts = progress(catalog.get(s.checklist_id), values[s.id], orgs[s.organization_id].tags)
        result[s.id] = (
            counts.answered,
            counts.applicable,
            counts.noncompliant,
            counts.not_applicable,
        )
    return result


def stored(repo: Repository) -> dict[int, tuple[int | None, ...]]:
    with repo.engine.connect() as conn:
        rows = conn.execute(select(SESSIONS.c.id, *(SESSIONS.c[c] for c in COUNTERS))).all()
    return {row[0]: tuple(row[1:]) for row in rows}


def _city(repo: Repository, catalog: ChecklistCatalog) -> Repository:
    repo.checklists = catalog.lookup
    repo.upsert_organizations(
        [
            OrganizationInput("D1", "市民部"),
            OrganizationInput("GEN", "総務課", "D1", ("employs_temporary",)),
            OrganizationInput("TAX", "税務課", "D1"),
        ]
    )
    return repo


def _set(state: AnswerState):  # type: ignore[no-untyped-def]
    return lambda _old: state


def test_counters_follow_every_answer_write(
    repo: Repository, mini_catalog: ChecklistCatalog
) -> None:
    _city(repo, mini_catalog)
    mini = mini_catalog.get("mini")
    gen = repo.find_organization("GEN")
    tax = repo.find_organization("TAX")
    assert gen is not None and tax is not None
    one = repo.start_session(mini, gen.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION)
    two = repo.start_session(mini, tax.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION)
    assert stored(repo) == recount(repo, mini_catalog)
    steps = [
        (one.id, "c1", AnswerState("noncompliant")),
        (one.id, "y1", AnswerState("yes")),  # y2 now applies
        (one.id, "y2", AnswerState("no")),
        (one.id, "t1", AnswerState("not_applicable")),
        (two.id, "c2", AnswerState("compliant")),
        (one.id, "y1", AnswerState("no")),  # y2 no longer applies: its answer is ignored
        (one.id, "c1", AnswerState()),  # cleared
    ]
    for session_id, item_id, state in steps:
        repo.save_answer(session_id, item_id, _set(state), "tester")
        assert stored(repo) == recount(repo, mini_catalog), (item_id, state)
    for _ in range(3):
        assert repo.undo_last(one.id, "tester") is not None
        assert stored(repo) == recount(repo, mini_catalog)


def test_counters_after_an_import(repo: Repository, mini_catalog: ChecklistCatalog) -> None:
    _city(repo, mini_catalog)
    mini = mini_catalog.get("mini")
    orgs = {o.code: o for o in repo.organizations()}
    when = datetime(2026, 4, 1, tzinfo=UTC)

    def batch(code: str, answers: dict[str, str]) -> ImportBatch:
        return ImportBatch(
            mini,
            orgs[code].id,
            None,
            Role.HEAD,
            date(2026, 4, 1),
            {k: (AnswerState(v), when) for k, v in answers.items()},
        )

    repo.import_sessions([batch("GEN", {"c1": "noncompliant", "y1": "yes"})], "importer")
    assert stored(repo) == recount(repo, mini_catalog)
    # again, with a changed and a new answer, and a second unit
    repo.import_sessions(
        [batch("GEN", {"c1": "compliant", "y2": "yes"}), batch("TAX", {"y1": "no"})], "importer"
    )
    assert stored(repo) == recount(repo, mini_catalog)
    assert len(stored(repo)) == 2


def test_counters_after_a_bundle_merge(
    repo: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    laptop_engine = open_database(f"sqlite:///{tmp_path / 'laptop.db'}")
    laptop = _city(Repository(laptop_engine), mini_catalog)
    _city(repo, mini_catalog)
    gen = laptop.find_organization("GEN")
    assert gen is not None
    session = laptop.start_session(
        mini_catalog.get("mini"), gen.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    )
    for item_id, value in (("c1", "noncompliant"), ("y1", "yes"), ("c2", "compliant")):
        laptop.save_answer(session.id, item_id, _set(AnswerState(value)), "laptop")
    # the laptop's counters travel in the bundle's rows: spoil them to see them counted again
    with laptop_engine.begin() as conn:
        conn.execute(text("UPDATE inspection_session SET answered_count = 99"))
    payload = collect(laptop_engine, "GEN", exporter="laptop")
    opened = OpenedBundle(
        bundle_id="b1",
        created_at=datetime.now(UTC),
        signer="laptop",
        signer_organization=None,
        signer_certificate=None,  # type: ignore[arg-type]  # not read by the merge
        payload=payload,
    )
    merge_bundles(repo.engine, [opened], "office", checklists=mini_catalog.lookup)
    assert len(stored(repo)) == 1
    assert stored(repo) == recount(repo, mini_catalog)
    # without the checklists the merged session is left to be counted when listed
    with repo.engine.begin() as conn:
        conn.execute(text("UPDATE inspection_session SET answered_count = 99"))
    merge_bundles(repo.engine, [opened], "office")
    assert set(stored(repo).values()) == {(None, None, None, None)}
    laptop_engine.dispose()


def test_a_writer_without_the_checklists_leaves_null(
    repo: Repository, mini_catalog: ChecklistCatalog
) -> None:
    _city(repo, mini_catalog)
    gen = repo.find_organization("GEN")
    assert gen is not None
    session = repo.start_session(
        mini_catalog.get("mini"), gen.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    )
    repo.checklists = None
    repo.save_answer(session.id, "c1", _set(AnswerState("compliant")), "tester")
    assert stored(repo)[session.id] == (None, None, None, None)


def test_demo_and_db_copy_keep_the_counters(
    database_url: str, shipped_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    from inspector.demo.city import build_demo
    from inspector.services.db_copy import copy_database

    engine = open_database(database_url)
    repo = Repository(engine)
    build_demo(repo, shipped_catalog, date(2026, 4, 1))
    assert stored(repo) == recount(repo, shipped_catalog)
    copy = tmp_path / "copy.db"
    copy_database(engine, f"sqlite:///{copy}")
    copied_engine = open_database(f"sqlite:///{copy}")
    assert stored(Repository(copied_engine)) == stored(repo)
    copied_engine.dispose()
    engine.dispose()


def test_migration_0013_counts_the_sessions_already_there(
    database_url: str, shipped_catalog: ChecklistCatalog
) -> None:
    from inspector.store.database import create_db_engine, migrate

    engine = create_db_engine(database_url)
    migrate(engine)  # (the PostgreSQL fixture's database is made at the head already)
    _downgrade(engine, "0012")
    with engine.begin() as conn:
        conn.execute(
            text(
                "insert into organization (id, code, name, tags) values (1, '210', '市民課', '[]')"
            )
        )
        for sid, checklist in ((1, "juki-department"), (2, "office-own")):
            conn.execute(
                text(
                    "insert into inspection_session (id, uid, checklist_id, checklist_version,"
                    " organization_id, role, kind, session_date, status, source, created_at,"
                    " not_independent) values (:id, :uid, :cl, '1.0', 1, 'inspector',"
                    " 'inspection', '2025-03-31', 'open', 'local', '2025-03-31 01:00:00', false)"
                ),
                {"id": sid, "uid": f"u-{sid}", "cl": checklist},
            )
            conn.execute(
                text(
                    "insert into answer (session_id, item_id, value, reasons, reason_text, note,"
                    " evidence, answered_by, answered_at) values (:id, 'd-01', 'noncompliant',"
                    " '[]', '', '', '[]', 'old', '2025-03-31 01:00:00')"
                ),
                {"id": sid},
            )
    migrate(engine)
    repo = Repository(engine)
    counters = stored(repo)
    juki = progress(shipped_catalog.get("juki-department"), {"d-01": "noncompliant"}, set())
    assert counters[1] == (juki.answered, juki.applicable, juki.noncompliant, 0)
    assert juki.noncompliant == 1
    assert counters[2] == (None, None, None, None)  # not a shipped checklist: counted when listed
    _downgrade(engine, "0012")
    with engine.connect() as conn:
        columns = conn.execute(select(text("*")).select_from(text("inspection_session"))).keys()
    assert not set(COUNTERS) & set(columns)
    engine.dispose()


def _downgrade(engine: Engine, revision: str) -> None:
    from alembic import command

    from inspector.store.database import alembic_config

    config = alembic_config(engine)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":  # batch mode copies the table (as `migrate` does)
            connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        config.attributes["connection"] = connection
        command.downgrade(config, revision)


def test_new_tags_of_an_organization_count_its_sessions_again(
    repo: Repository, mini_catalog: ChecklistCatalog
) -> None:
    _city(repo, mini_catalog)
    tax = repo.find_organization("TAX")
    assert tax is not None
    session = repo.start_session(
        mini_catalog.get("mini"), tax.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    )
    before = stored(repo)[session.id]
    # t1 applies only where temporary staff are employed
    repo.upsert_organizations([OrganizationInput("TAX", "税務課", "D1", ("employs_temporary",))])
    assert stored(repo) == recount(repo, mini_catalog)
    assert stored(repo)[session.id][1] == (before[1] or 0) + 1


def test_counters_of_an_edited_checklist_are_counted_again_when_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An office's checklist edited after the answers (same id and version, one item more):
    the list counts with the checklist in force, not with the stored counters."""
    from inspector.config import load_settings
    from inspector.context import AppContext
    from inspector.services.session_list import recent_sessions

    folder = tmp_path / "office"
    folder.mkdir()
    mini_file = Path(__file__).resolve().parent.parent / "fixtures" / "mini.yaml"
    (folder / "mini.yaml").write_text(mini_file.read_text(encoding="utf-8"), "utf-8")
    settings = load_settings(db=str(tmp_path / "office.db"), checklist_dirs=[folder])
    context = AppContext(settings)
    gen = context.repo.upsert_organizations([OrganizationInput("GEN", "総務課")])
    assert gen.added == 1
    (org,) = context.repo.organizations()
    session = context.repo.start_session(
        context.catalog.get("mini"), org.id, role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    )
    context.repo.save_answer(session.id, "c1", _set(AnswerState("noncompliant")), "t")
    (before,) = recent_sessions(context)
    context.close()
    text_now = (folder / "mini.yaml").read_text(encoding="utf-8")
    extra = (
        "  - id: c9\n    section: basics\n    text: {ja: 追加の項目, en: An added item}\n"
        "    answer: compliance\n"
    )
    (folder / "mini.yaml").write_text(
        text_now.replace("  - id: c2\n", extra + "  - id: c2\n", 1), "utf-8"
    )
    later = AppContext(settings)
    (after,) = recent_sessions(later)
    assert after.total == before.total + 1
    assert (after.answered, after.noncompliant) == (1, 1)
    later.close()


def test_counters_after_import_csv_changes_answers(
    repo: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    """`import-csv` writes with its own bulk writer: a session that already has counters
    (collected from Excel, merged from a bundle, or imported before) is counted again when
    the CSV changes its answers, not left with the old figures the lists trust."""
    from inspector.exchange.answers_csv import import_answers

    _city(repo, mini_catalog)
    mini = mini_catalog.get("mini")
    gen = repo.find_organization("GEN")
    assert gen is not None
    when = datetime(2026, 4, 1, tzinfo=UTC)
    repo.import_sessions(
        [
            ImportBatch(
                mini,
                gen.id,
                None,
                Role.HEAD,
                date(2026, 4, 1),
                {"c1": (AnswerState("compliant"), when), "c2": (AnswerState("compliant"), when)},
            )
        ],
        "collect",
    )
    before = stored(repo)
    assert before == recount(repo, mini_catalog) and all(v is not None for v in before.values())
    csv_file = tmp_path / "answers.csv"
    csv_file.write_text(
        "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"
        "GEN,,,mini,c1,noncompliant,,,2026-04-02T10:00:00+09:00\n"
        "GEN,,,mini,c2,noncompliant,,,2026-04-02T10:00:00+09:00\n",
        encoding="utf-8",
    )
    report = import_answers(repo, mini_catalog, csv_file)
    assert report.counts.answers_updated == 2
    after = stored(repo)
    assert after == recount(repo, mini_catalog)
    assert after != before and next(iter(after.values()))[2] == 2  # two broken now

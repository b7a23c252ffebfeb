"""Improvement plans are edited with a change log (old and new values), like findings;
measure entries stay append-only."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from inspector.domain.findings import FindingDraft, FindingKind, MeasureStatus
from inspector.store.database import (
    create_db_engine,
    current_revision,
    head_revision,
    migrate,
    open_database,
)
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import NotFound, Repository


def _plan(city: Repository) -> tuple[FindingRepository, int, int, int]:
    repo = FindingRepository(city.engine)
    gen, tax = city.find_organization("GEN"), city.find_organization("TAX")
    assert gen is not None and tax is not None
    f = repo.add_finding(FindingDraft(FindingKind.FINDING, "鍵の保管", "同じ机", gen.id), "a")
    p = repo.add_plan(
        f.id,
        measures="鍵を別室の金庫へ",
        responsible_organization_id=gen.id,
        responsible_person="総務課長",
        deadline=date(2025, 3, 31),
        actor="監査 太郎",
    )
    return repo, p.id, gen.id, tax.id


def test_plan_edits_are_logged_with_old_and_new(city: Repository) -> None:
    repo, plan_id, gen_id, tax_id = _plan(city)
    repo.add_entry(plan_id, MeasureStatus.CONSIDERING, date(2025, 1, 10), "検討中", "a")
    updated = repo.update_plan(
        plan_id,
        {"deadline": date(2025, 6, 30), "responsible_organization_id": tax_id},
        "監査 花子",
    )
    assert updated.deadline == date(2025, 6, 30)
    assert updated.responsible_organization_id == tax_id
    assert updated.measures == "鍵を別室の金庫へ"
    assert [e.text for e in updated.entries] == ["検討中"]  # entries untouched
    loaded = repo.plan(plan_id)
    assert loaded.deadline == date(2025, 6, 30)
    assert [e.text for e in loaded.entries] == ["検討中"]

    log = repo.plan_changes(plan_id)
    assert [(action, by) for action, _old, _new, by, _at in log] == [
        ("create", "監査 太郎"),
        ("edit", "監査 花子"),
    ]
    assert log[0][1] is None
    assert log[0][2] == {
        "measures": "鍵を別室の金庫へ",
        "responsible_organization_id": gen_id,
        "responsible_person": "総務課長",
        "deadline": "2025-03-31",
    }
    assert log[1][1] == {"deadline": "2025-03-31", "responsible_organization_id": gen_id}
    assert log[1][2] == {"deadline": "2025-06-30", "responsible_organization_id": tax_id}
    assert log[1][4].tzinfo is not None

    # Only what changed is kept (the measures and person were given unchanged).
    repo.update_plan(
        plan_id,
        {"measures": "鍵を別室の金庫で保管", "responsible_person": "総務課長"},
        "監査 花子",
    )
    last = repo.plan_changes(plan_id)[-1]
    assert last[1] == {"measures": "鍵を別室の金庫へ"}
    assert last[2] == {"measures": "鍵を別室の金庫で保管"}


def test_a_plan_edit_that_changes_nothing_writes_nothing(city: Repository) -> None:
    repo, plan_id, gen_id, _ = _plan(city)
    same = {
        "measures": "鍵を別室の金庫へ",
        "responsible_organization_id": gen_id,
        "responsible_person": "総務課長",
        "deadline": date(2025, 3, 31),
    }
    plan = repo.update_plan(plan_id, same, "x")
    assert plan == repo.plan(plan_id)
    repo.update_plan(plan_id, {}, "x")
    assert [action for action, *_ in repo.plan_changes(plan_id)] == ["create"]


def test_unknown_or_bad_plan_fields_are_refused(city: Repository) -> None:
    repo, plan_id, _, _ = _plan(city)
    with pytest.raises(ValueError, match="not editable: finding_id"):
        repo.update_plan(plan_id, {"finding_id": 2, "deadline": date(2025, 1, 1)}, "x")
    with pytest.raises(ValueError, match="not editable"):
        repo.update_plan(plan_id, {"entries": ()}, "x")
    with pytest.raises(ValueError):
        repo.update_plan(plan_id, {"deadline": "2025-13-01"}, "x")
    assert repo.plan(plan_id).deadline == date(2025, 3, 31)
    assert [action for action, *_ in repo.plan_changes(plan_id)] == ["create"]
    with pytest.raises(NotFound):
        repo.update_plan(plan_id + 100, {"responsible_person": "y"}, "x")


def test_upgrade_from_0004_keeps_plans(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    engine = create_db_engine(f"sqlite:///{db}")
    migrate(engine, "0004")
    engine.dispose()
    with sqlite3.connect(db) as old:
        old.execute(
            "insert into organization (id, code, name, tags) values (1, '210', '市民課', '[]')"
        )
        old.execute(
            "insert into finding (id, uid, kind, title, text, organization_id, items, answers,"
            " evidence, requested_measure, created_by, created_at) values (1, 'f-1', 'finding',"
            " '鍵の保管', '同じ机', 1, '[]', '{}', '[]', '', 'old', '2025-03-31 01:00:00')"
        )
        old.execute(
            "insert into improvement_plan (id, uid, finding_id, measures,"
            " responsible_organization_id, responsible_person, deadline, created_by,"
            " created_at) values (1, 'p-1', 1, '金庫へ', 1, '課長', '2025-09-30', 'old',"
            " '2025-04-01 01:00:00')"
        )
        old.execute(
            "insert into measure_entry (uid, plan_id, status, entry_date, text, recorded_by,"
            " recorded_at) values ('e-1', 1, 'considering', '2025-05-01', '検討中', 'old',"
            " '2025-05-01 01:00:00')"
        )

    engine = open_database(f"sqlite:///{db}")
    assert current_revision(engine) == head_revision()
    repo = FindingRepository(engine)
    plan = repo.plan(1)
    assert (plan.measures, plan.responsible_person, plan.deadline) == (
        "金庫へ",
        "課長",
        date(2025, 9, 30),
    )
    assert [e.text for e in plan.entries] == ["検討中"]
    assert repo.plan_changes(1) == []  # made before the log existed
    repo.update_plan(1, {"deadline": date(2025, 12, 31)}, "new")
    [(action, before, after, by, _at)] = repo.plan_changes(1)
    assert (action, before, after, by) == (
        "edit",
        {"deadline": "2025-09-30"},
        {"deadline": "2025-12-31"},
        "new",
    )
    engine.dispose()

"""Findings are edited with a log; measure entries are appended; independence is marked."""

from __future__ import annotations

from datetime import date

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.findings import FindingDraft, FindingKind, MeasureStatus
from inspector.domain.model import Role, SessionKind
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import NotFound, OrganizationInput, Repository


def test_finding_edits_are_logged(city: Repository) -> None:
    repo = FindingRepository(city.engine)
    gen = city.find_organization("GEN")
    assert gen is not None
    f = repo.add_finding(
        FindingDraft(FindingKind.FINDING, "鍵の保管", "箱と鍵が同じ机の上", gen.id), "監査 太郎"
    )
    repo.update_finding(
        f.id, {"title": "バックアップ媒体の鍵の保管", "kind": FindingKind.OPINION}, "監査 太郎"
    )
    repo.update_finding(
        f.id, {"title": "バックアップ媒体の鍵の保管"}, "監査 太郎"
    )  # no change, no entry
    log = repo.finding_changes(f.id)
    assert [a for a, *_ in log] == ["create", "edit"]
    assert log[1][1] == {"title": "鍵の保管", "kind": "finding"}
    assert log[1][2] == {"title": "バックアップ媒体の鍵の保管", "kind": "opinion"}
    assert repo.finding(f.id).kind is FindingKind.OPINION
    with pytest.raises(ValueError, match="not editable"):
        repo.update_finding(f.id, {"organization_id": 3}, "x")


def test_plan_entries_accumulate(city: Repository) -> None:
    repo = FindingRepository(city.engine)
    gen = city.find_organization("GEN")
    assert gen is not None
    f = repo.add_finding(FindingDraft(FindingKind.FINDING, "t", "x", gen.id), "a")
    p = repo.add_plan(
        f.id,
        measures="鍵を別室の金庫へ",
        responsible_organization_id=gen.id,
        responsible_person="総務課長",
        deadline=date(2025, 3, 31),
        actor="a",
    )
    repo.add_entry(p.id, MeasureStatus.CONSIDERING, date(2024, 12, 1), "検討中", "a")
    repo.add_entry(p.id, MeasureStatus.ONGOING, date(2025, 1, 15), "金庫を手配", "a")
    loaded = repo.plan(p.id)
    assert [e.status for e in loaded.entries] == [MeasureStatus.CONSIDERING, MeasureStatus.ONGOING]
    assert loaded.is_overdue(date(2025, 4, 1))
    repo.add_entry(p.id, MeasureStatus.DONE, date(2025, 3, 20), "措置済", "a")
    assert not repo.plan(p.id).is_overdue(date(2025, 4, 1))
    ((found, listed),) = repo.plans_with_findings(gen.id)
    assert found.id == f.id and len(listed.entries) == 3
    with pytest.raises(NotFound):
        repo.add_entry(999, MeasureStatus.DONE, date(2025, 1, 1), "", "a")


def test_visit_by_own_division_is_marked(city: Repository, mini_catalog: ChecklistCatalog) -> None:
    city.upsert_organizations([OrganizationInput("AUD", "監査委員事務局")])
    orgs = {o.code: o for o in city.organizations()}
    own = city.start_session(
        mini_catalog.get("mini"),
        orgs["GEN"].id,
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        inspector_organization_id=orgs["D1"].id,
    )
    independent = city.start_session(
        mini_catalog.get("mini"),
        orgs["GEN"].id,
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        inspector_organization_id=orgs["AUD"].id,
    )
    assert city.session(own.id).not_independent
    assert not city.session(independent.id).not_independent

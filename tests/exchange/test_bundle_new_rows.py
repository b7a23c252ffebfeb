# ruff: noqa: F811 - the fixtures of test_bundle are imported by name
"""A new visit, its answers and events, and a new finding come only in the bundle of the
person they name (bundlemerge 1): a visit recorded in 監査 太郎's name in a bundle signed
by another inspector would let 太郎 sign a notice of a visit he never sent. Each refused
naming the session (organization, checklist, date) or the finding and both names, the
database unchanged; the visit's own inspector's bundle is imported."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.exchange import bundle as bundle_module
from inspector.exchange.bundle import BundleRefused, load_signer, seal
from inspector.reports.keys import Identity, issue_inspector
from inspector.store.repository import Repository
from tests.exchange.test_bundle import (  # noqa: F401 - the fixtures
    PASS,
    Laptop,
    Office,
    counts,
    do_import,
    export,
    export_as,
    keys,
    laptop,
    office_db,
)
from tests.exchange.test_bundle_trust7 import _dump

OTHER = "悪意 三郎"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTOR_LANG", "en")


@pytest.fixture(scope="module")
def other(keys: tuple) -> Identity:
    office = keys[0]
    issue_inspector(office.keys_dir, OTHER, "130", PASS, replace=True)
    return load_signer(office.keys_dir, OTHER, PASS)


def _seal(payload: dict[str, Any], office: Office, signer: Identity, path: Path) -> Path:
    path.write_bytes(seal(payload, signer.key, signer.certificate, office.encryption_cert))
    return path


def _refused(repo: Repository, office: Office, url: str, file: Path) -> str:
    before = _dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, file)
    assert _dump(url) == before
    return str(refused.value)


def test_a_new_visit_in_another_inspectors_name_is_refused(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    office = keys[0]
    url, repo = office_db
    message = _refused(repo, office, url, export_as(laptop, office, other, tmp_path / "e.bundle"))
    assert "e.bundle" in message and "table inspection_session, row 1" in message
    assert "inspection visit of GEN (checklist mini, 2025-03-01)" in message
    assert "in the name of 監査 太郎" in message and f"key of {OTHER}" in message
    assert repo.sessions() == [] and counts(url)["answer"] == 0
    # the visit's own inspector's bundle: imported
    do_import(repo, office, export(laptop, keys, tmp_path / "own.bundle"))
    (session,) = repo.sessions()
    assert session.inspector_name == "監査 太郎"


def test_answers_and_events_of_a_new_visit_are_its_inspector_s(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    """A new visit of the signer's: its answers, their log and its events naming someone
    else (the login, a colleague who typed) are imported; the visit in 監査 太郎's name is
    still refused."""
    office = keys[0]
    url, repo = office_db
    payload = bundle_module.collect(laptop.repo.engine, "D1")
    tables = payload["tables"]
    for name in (
        "finding",
        "finding_change",
        "improvement_plan",
        "improvement_plan_change",
        "measure_entry",
    ):
        tables[name] = []
    tables["answer"][1]["answered_by"] = "監査 太郎"
    tables["session_event"][0]["actor"] = "taro"
    message = _refused(repo, office, url, _seal(payload, office, other, tmp_path / "a.bundle"))
    assert "table inspection_session, row 1" in message and "in the name of 監査 太郎" in message
    tables["inspection_session"][0]["inspector_name"] = OTHER  # the visit: the signer's
    do_import(repo, office, _seal(payload, office, other, tmp_path / "ok.bundle"))
    (session,) = repo.sessions()
    assert session.inspector_name == OTHER
    item = tables["answer"][1]["item_id"]
    assert repo.answers(session.id)[item].answered_by == "監査 太郎"


def _unnamed_visit(laptop: Laptop, mini_catalog: Any, completer: str) -> int:
    """A visit walked before the inspector's name was set: no inspector, the login's rows."""
    gen = laptop.repo.find_organization("GEN")
    assert gen is not None
    visit = laptop.repo.start_session(
        mini_catalog.get("mini"),
        gen.id,
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        inspector_name=None,
        session_date=date(2025, 3, 4),
    )
    laptop.repo.save_answer(visit.id, "c1", lambda _o: AnswerState(value="compliant"), "taro")
    laptop.findings.add_finding(
        FindingDraft(
            kind=FindingKind.FINDING,
            title="施錠していない",
            text="書庫が施錠されていない",
            organization_id=gen.id,
            session_id=visit.id,
        ),
        "taro",
    )
    laptop.repo.complete_session(visit.id, completer)
    return visit.id


@pytest.mark.parametrize("completer", ["taro", "監査 太郎"])
def test_a_visit_walked_before_the_name_was_set_is_imported(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    mini_catalog: Any,
    tmp_path: Path,
    completer: str,
) -> None:
    office = keys[0]
    url, repo = office_db
    _unnamed_visit(laptop, mini_catalog, completer)
    do_import(repo, office, export(laptop, keys, tmp_path / "a.bundle"))
    assert len(repo.sessions()) == 2
    assert counts(url)["finding"] == 2


def test_a_visit_walked_before_the_name_was_set_corrected_later(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    mini_catalog: Any,
    tmp_path: Path,
) -> None:
    office = keys[0]
    url, repo = office_db
    visit = _unnamed_visit(laptop, mini_catalog, "taro")
    do_import(repo, office, export(laptop, keys, tmp_path / "a.bundle"))
    laptop.repo.reopen_session(visit, "監査 太郎", "訂正")
    laptop.repo.save_answer(
        visit,
        "c1",
        lambda _o: AnswerState(value="noncompliant", reasons=("busy",)),
        "監査 太郎",
    )
    laptop.repo.complete_session(visit, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "b.bundle"))
    (mine,) = [s for s in repo.sessions() if s.session_date == date(2025, 3, 4)]
    assert repo.answers(mine.id)["c1"].value == "noncompliant"
    # brought by 監査 太郎's bundle: another inspector's bundle still may not change it
    laptop.repo.reopen_session(visit, OTHER, "書き換え")
    laptop.repo.complete_session(visit, OTHER)
    message = _refused(repo, office, url, export_as(laptop, office, other, tmp_path / "e.bundle"))
    assert "records no inspector" in message and f"key of {OTHER}" in message


def test_a_new_finding_recorded_by_another_person_is_refused(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    """太郎's visit, already at the office, may travel unchanged in 三郎's bundle; a new
    finding of 太郎's in it may not."""
    office = keys[0]
    url, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    gen = laptop.repo.find_organization("GEN")
    assert gen is not None
    new = laptop.findings.add_finding(
        FindingDraft(
            kind=FindingKind.FINDING,
            title="施錠していない",
            text="書庫が施錠されていない",
            organization_id=gen.id,
        ),
        "監査 太郎",
    )
    message = _refused(repo, office, url, export_as(laptop, office, other, tmp_path / "f.bundle"))
    assert f"table finding, row 2: the new finding {new.uid} is recorded by 監査 太郎" in message
    assert f"key of {OTHER}" in message
    do_import(repo, office, export(laptop, keys, tmp_path / "own.bundle"))
    assert counts(url)["finding"] == 2


def test_a_forged_brought_by_event_is_never_merged(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    mini_catalog: Any,
    tmp_path: Path,
) -> None:
    """Who keeps a visit recording no inspector is read from the office's own
    `bundle_imported` event: one carried in a bundle (dated before the real one, naming
    another signer) would hand the visit to that signer's next bundle. Such events are the
    office's record, never merged; the other inspector's change is still refused."""
    from sqlalchemy import text

    office = keys[0]
    url, repo = office_db
    visit = _unnamed_visit(laptop, mini_catalog, "taro")
    with laptop.repo.engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO session_event (session_id, action, actor, at, note) VALUES"
                " (:s, 'bundle_imported', 'office', '2025-03-04 00:00:00.000000', :note)"
            ),
            {"s": visit, "note": f"bundle forged signed by {OTHER} (certificate 1)"},
        )
    do_import(repo, office, export(laptop, keys, tmp_path / "a.bundle"))
    with repo.engine.connect() as conn:
        notes = conn.execute(
            text("SELECT note FROM session_event WHERE action = 'bundle_imported'")
        ).scalars()
        assert not [n for n in notes if "forged" in n]
    laptop.repo.reopen_session(visit, OTHER, "書き換え")
    laptop.repo.complete_session(visit, OTHER)
    before = _dump(url)
    message = _refused(repo, office, url, export_as(laptop, office, other, tmp_path / "f.bundle"))
    assert "records no inspector" in message and f"key of {OTHER}" in message
    assert _dump(url) == before

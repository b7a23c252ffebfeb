# ruff: noqa: F811 - the fixtures of test_bundle are imported by name
"""An answer the office cleared stays cleared when an older bundle is imported again
(bundlemerge 2): with no answer here, the item's last change in this office's log is the
clear; a bundle's answer older than it is skipped as an older answer is, the database
unchanged; a newer one (the laptop answered again after the clear) comes back, with the
merge's own change-log row."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.domain.model import AnswerState
from inspector.store.repository import Repository
from tests.exchange.test_bundle import (  # noqa: F401 - the fixtures
    Laptop,
    do_import,
    export,
    keys,
    laptop,
    office_db,
)
from tests.exchange.test_bundle_trust7 import _dump


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTOR_LANG", "en")


def test_a_replayed_bundle_does_not_bring_back_an_answer_the_office_cleared(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    url, repo = office_db
    old = export(laptop, keys, tmp_path / "1.bundle")
    do_import(repo, office, old)
    (session,) = repo.sessions()
    repo.reopen_session(session.id, "事務 局長", "誤りの回答を消す")
    repo.save_answer(session.id, "c1", lambda _o: AnswerState(), "事務 局長")
    assert "c1" not in repo.answers(session.id)
    before = _dump(url)
    receipt = do_import(repo, office, old)
    assert "c1" not in repo.answers(session.id)
    assert receipt.to_json()["tables"]["answer"] == {"added": 0, "updated": 0, "skipped": 3}
    assert receipt.conflicts == [] and not receipt.changed
    assert _dump(url) == before
    # the laptop answers c1 again after the clear: it comes back, logged as the merge's
    laptop.repo.reopen_session(laptop.session_id, "監査 太郎", "再確認")
    laptop.repo.save_answer(
        laptop.session_id, "c1", lambda _o: AnswerState(value="compliant"), "監査 太郎"
    )
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    assert receipt.to_json()["tables"]["answer"]["added"] == 1
    assert repo.answers(session.id)["c1"].value == "compliant"
    log = [(c.action, c.old.value, c.new.value) for c in repo.changes(session.id)]
    assert log.count(("bundle", None, "compliant")) == 1


def test_an_answer_changed_on_the_laptop_and_cleared_here_is_a_conflict_kept_in_the_log(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """Both sides changed c2 after what they share: the office's later clear stays, the
    laptop's value is listed as a conflict and kept in the log."""
    office = keys[0]
    _url, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    (session,) = repo.sessions()
    laptop.repo.reopen_session(laptop.session_id, "監査 太郎", "訂正")
    laptop.repo.save_answer(
        laptop.session_id, "c2", lambda _o: AnswerState(value="noncompliant"), "監査 太郎"
    )
    file = export(laptop, keys, tmp_path / "2.bundle")
    repo.reopen_session(session.id, "事務 局長", "消す")
    repo.save_answer(session.id, "c2", lambda _o: AnswerState(), "事務 局長")
    receipt = do_import(repo, office, file)
    assert "c2" not in repo.answers(session.id)
    (conflict,) = receipt.conflicts
    assert (conflict["item"], conflict["kept"], conflict["kept_from"]) == ("c2", None, "local")
    assert conflict["other"] == "noncompliant"
    assert any(
        c.action == "bundle" and c.old.value == "noncompliant" and c.new.value is None
        for c in repo.changes(session.id)
    )

"""Writes that read, check and then write, run by several connections at once (threads, each
on its own connection, on a SQLite file and on PostgreSQL): no update is lost in silence.

- An edit of a finding or a plan checks its fields against what the editor was shown: a
  field someone else changed meanwhile is refused (nothing written), another field is not.
- The change logs of findings and plans stay one unbroken chain (each entry's old values
  are the previous entry's new ones).
- A transport's receiver is recorded once; the others are refused, not written over it.
- Two boxes given one name at once: one is added, the other refused.
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable
from datetime import date

import pytest

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.store.errors import AlreadyExists, ChangedMeanwhile
from inspector.store.repositories.backup import AlreadyReceived
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repositories.site import SiteRepository
from inspector.store.repository import Repository

THREADS = 8


def _at_once(work: Callable[[int], object]) -> list[object]:
    """Run `work(n)` in THREADS threads started together; what each returned or raised."""
    start = threading.Barrier(THREADS)
    results: list[object] = [None] * THREADS

    def run(n: int) -> None:
        start.wait()
        try:
            results[n] = work(n)
        except Exception as exc:  # every outcome is the test's finding
            results[n] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@pytest.fixture
def store(city: Repository) -> FindingRepository:
    return FindingRepository(city.engine)


@pytest.fixture
def org_id(city: Repository) -> int:
    org = city.find_organization("GEN")
    assert org is not None
    return org.id


def _finding(store: FindingRepository, org_id: int) -> int:
    draft = FindingDraft(FindingKind.FINDING, "貼り紙", "端末に貼付", org_id)
    return store.add_finding(draft, "監査 花子").id


def test_an_edit_of_a_field_changed_meanwhile_is_refused_another_field_is_kept(
    store: FindingRepository, org_id: int
) -> None:
    fid = _finding(store, org_id)
    shown = store.finding(fid)
    seen = {"title": shown.title, "text": shown.text, "kind": shown.kind}
    store.update_finding(fid, {"title": "一郎の件名"}, "一郎", seen)
    with pytest.raises(ChangedMeanwhile):
        store.update_finding(fid, {"title": "二郎の件名"}, "二郎", seen)
    # another field: written, and the first person's title stays
    store.update_finding(fid, {"text": "二郎の本文"}, "二郎", seen)
    now = store.finding(fid)
    assert (now.title, now.text) == ("一郎の件名", "二郎の本文")
    assert [c[3] for c in store.finding_changes(fid)] == ["監査 花子", "一郎", "二郎"]


def test_a_plan_edit_of_a_field_changed_meanwhile_is_refused(
    store: FindingRepository, org_id: int
) -> None:
    fid = _finding(store, org_id)
    plan = store.add_plan(
        fid,
        measures="掲示をやめる",
        responsible_organization_id=org_id,
        responsible_person="課長",
        deadline=date(2027, 3, 31),
        actor="課長",
    )
    seen = {"measures": plan.measures, "deadline": plan.deadline}
    store.update_plan(plan.id, {"deadline": date(2027, 1, 31)}, "一郎", seen)
    with pytest.raises(ChangedMeanwhile):
        store.update_plan(plan.id, {"deadline": date(2027, 2, 28)}, "二郎", seen)
    store.update_plan(plan.id, {"measures": "研修する"}, "二郎", seen)
    now = store.plan(plan.id)
    assert (now.measures, now.deadline) == ("研修する", date(2027, 1, 31))
    assert [c[3] for c in store.plan_changes(plan.id)] == ["課長", "一郎", "二郎"]


def test_edits_at_once_leave_one_unbroken_change_log(store: FindingRepository, org_id: int) -> None:
    fid = _finding(store, org_id)
    plan = store.add_plan(
        fid,
        measures="案",
        responsible_organization_id=org_id,
        responsible_person="課長",
        deadline=date(2027, 3, 31),
        actor="課長",
    )

    def edit(n: int) -> object:
        store.update_finding(fid, {"title": f"件名{n}"}, f"t{n}")
        return store.update_plan(plan.id, {"measures": f"措置{n}"}, f"t{n}")

    assert not [r for r in _at_once(edit) if isinstance(r, Exception)]
    for log, key in (
        (store.finding_changes(fid), "title"),
        (store.plan_changes(plan.id), "measures"),
    ):
        edits = [(old, new) for action, old, new, _by, _at in log if action == "edit"]
        assert len(edits) == THREADS
        for (_old, before), (after, _new) in itertools.pairwise(edits):
            assert before is not None and after is not None
            assert after[key] == before[key], log  # each edit starts where the last ended


def test_a_receiver_recorded_at_once_is_recorded_once(city: Repository, org_id: int) -> None:
    site = SiteRepository(city.engine)
    box = site.add_storage(
        org_id, name="保管箱A", box_location="サーバ室", key_location="金庫", actor="t"
    )
    transport = site.add_transport(
        box.id,
        transport_date=date(2026, 11, 30),
        from_place="本庁舎",
        to_place="分庁舎",
        carrier="運搬 太郎",
        box_locked=True,
        key_separate=True,
        actor="t",
    )
    results = _at_once(lambda n: site.record_receipt(transport.id, f"受領者{n}"))
    done = [n for n, r in enumerate(results) if not isinstance(r, Exception)]
    assert len(done) == 1, results
    assert all(isinstance(r, AlreadyReceived) for n, r in enumerate(results) if n not in done)
    assert site.transports([box.id])[0].receiver == f"受領者{done[0]}"


def test_two_boxes_given_one_name_at_once_one_is_added(city: Repository, org_id: int) -> None:
    site = SiteRepository(city.engine)
    results = _at_once(
        lambda n: site.add_storage(
            org_id, name="保管箱B", box_location=f"棚{n}", key_location="金庫", actor=f"t{n}"
        )
    )
    added = [r for r in results if not isinstance(r, Exception)]
    assert len(added) == 1, results
    assert all(isinstance(r, AlreadyExists) for r in results if r not in added)
    assert [s.name for s in site.storages(org_id)] == ["保管箱B"]

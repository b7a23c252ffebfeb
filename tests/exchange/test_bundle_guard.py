# ruff: noqa: F811 - the fixtures of test_bundle are imported by name
"""What a bundle signed by one inspector may not change of what another person recorded,
outside the answers too (bundleguard): the measure entries of another inspector's visit,
the site records (layouts, backup storages, ledgers) recorded by someone else, a completed
self-check reopened, rows outside the declared organization, a visit without an inspector.
Each refused naming the row and the person, the database unchanged."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from inspector.cli.main import cli
from inspector.domain.cards import CardEventKind
from inspector.domain.findings import FindingDraft, FindingKind, MeasureStatus
from inspector.domain.layout import CellKind, Layout
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.exchange.bundle import (
    BundleRefused,
    collect,
    import_bundles,
    load_signer,
    seal,
)
from inspector.reports.keys import Identity, issue_inspector
from inspector.store.repositories.site import SiteRepository
from inspector.store.repository import Repository
from tests.db_rows import rows, scalar
from tests.exchange.test_bundle import (  # noqa: F401 - the fixtures
    ON_SITE,
    PASS,
    Laptop,
    Office,
    _site_work,
    do_import,
    export,
    export_as,
    keys,
    laptop,
    office_db,
)

OTHER = "総務 次郎"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTOR_LANG", "en")


@pytest.fixture(scope="module")
def other(keys: tuple) -> Identity:
    """Another inspector of our office."""
    office = keys[0]
    issue_inspector(office.keys_dir, OTHER, "130", PASS, replace=True)
    return load_signer(office.keys_dir, OTHER, PASS)


def dump(url: str) -> list[tuple[Any, ...]]:
    """Every row of every table a bundle writes, read by a new connection."""
    from sqlalchemy import create_engine, inspect, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            names = sorted(inspect(conn).get_table_names())
            return [
                (name, *row)
                for name in names
                if name != "alembic_version"
                for row in conn.execute(text(f"select * from {name} order by 1"))
            ]
    finally:
        engine.dispose()


# -- 1. measure entries of another inspector's visit -------------------------------------


def test_another_inspector_cannot_add_a_measure_entry_to_a_plan_of_the_visit(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    office, inspector = keys[0], keys[1]
    url, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    (finding,) = laptop.findings.findings()
    (plan,) = laptop.findings.plans_for(finding.id)
    entry = laptop.findings.add_entry(
        plan.id, MeasureStatus.DONE, date(2025, 5, 1), "完了した", "市民課長"
    )
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, export_as(laptop, office, other, tmp_path / "evil.bundle"))
    message = str(refused.value)
    assert "evil.bundle" in message and f"signed with the key of {OTHER}" in message
    assert "監査 太郎's inspection visit" in message
    assert f"measure entry {entry.uid} of plan {plan.uid}" in message
    assert dump(url) == before
    # the visit's own inspector may; the office's record of the visit names the bundle
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "own.bundle"))
    assert receipt.to_json()["tables"]["measure_entry"]["added"] == 1
    assert scalar(url, f"select status from measure_entry where uid = '{entry.uid}'") == "done"
    (session,) = repo.sessions()
    notes = [e[3] for e in repo.session_events(session.id) if e[0] == "bundle_imported"]
    assert len(notes) == 2 and "signed by 監査 太郎" in notes[-1]
    assert receipt.bundles[0]["bundle_id"] in notes[-1]
    assert inspector.name == "監査 太郎"


def test_another_inspector_cannot_add_a_measure_entry_to_a_finding_outside_any_session(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    """A finding recorded outside any session is kept by its author: its plans' measure
    entries too."""
    office = keys[0]
    url, repo = office_db
    gen = laptop.repo.find_organization("GEN")
    assert gen is not None
    finding = laptop.findings.add_finding(
        FindingDraft(
            kind=FindingKind.FINDING,
            title="鍵の管理",
            text="鍵が机上に置かれている",
            organization_id=gen.id,
        ),
        "監査 太郎",
    )
    plan = laptop.findings.add_plan(
        finding.id,
        measures="鍵箱に保管する",
        responsible_organization_id=gen.id,
        responsible_person="総務課長",
        deadline=date(2025, 6, 30),
        actor="総務課長",
    )
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    laptop.findings.add_entry(plan.id, MeasureStatus.DONE, date(2025, 5, 1), "完了", "総務課長")
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, export_as(laptop, office, other, tmp_path / "evil.bundle"))
    message = str(refused.value)
    assert f"would change finding {finding.uid}, recorded by 監査 太郎" in message
    assert dump(url) == before


# -- 2. site records of another person ----------------------------------------------------


def test_another_inspector_cannot_replace_the_layout_of_the_visit(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    office = keys[0]
    url, repo = office_db
    site = SiteRepository(laptop.repo.engine)
    room = Layout("サーバ室", 6, 4, 0.5).place((0, 0), CellKind.RACK)
    site.save_layout(laptop.session_id, room, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    site.save_layout(laptop.session_id, room.place((5, 0), CellKind.RACK), OTHER)
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, export_as(laptop, office, other, tmp_path / "evil.bundle"))
    message = str(refused.value)
    assert f"signed with the key of {OTHER}" in message
    assert "監査 太郎's inspection visit" in message and "the server-room layout" in message
    assert dump(url) == before


def test_a_layout_saved_in_another_name_than_the_signer_s_is_refused(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    tmp_path: Path,
) -> None:
    """The visit's own inspector signs, but the layout names someone else as its saver:
    the office would record another person's work that person never sent."""
    office = keys[0]
    url, repo = office_db
    site = SiteRepository(laptop.repo.engine)
    room = Layout("サーバ室", 6, 4, 0.5).place((0, 0), CellKind.RACK)
    site.save_layout(laptop.session_id, room, "事務局 花子")
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, export(laptop, keys, tmp_path / "l.bundle"))
    message = str(refused.value)
    session_uid = laptop.repo.session(laptop.session_id).uid
    assert f"table site_layout, row {session_uid}" in message
    assert "in the name of 事務局 花子 (field saved_by)" in message
    assert "signed with the key of 監査 太郎" in message
    assert dump(url) == before


def test_a_backup_storage_recorded_by_another_person_is_updated_in_the_signer_s_name(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    """Checking the backup box is routine: another inspector's bundle updates a storage
    監査 太郎 recorded, in his own name; in a third person's name it is refused."""
    office = keys[0]
    url, repo = office_db
    work = _site_work(laptop)
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    work.site.update_storage(work.box, "情報政策課長", key_location="別館 金庫室")
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, export_as(laptop, office, other, tmp_path / "evil.bundle"))
    message = str(refused.value)
    assert "table backup_storage, row GEN/保管箱A" in message
    assert "in the name of 情報政策課長 (field updated_by)" in message
    assert f"signed with the key of {OTHER}" in message
    assert dump(url) == before
    work.site.update_storage(work.box, OTHER, key_location="別館 金庫室")
    receipt = do_import(repo, office, export_as(laptop, office, other, tmp_path / "own.bundle"))
    assert receipt.to_json()["tables"]["backup_storage"]["updated"] == 1
    (box,) = SiteRepository(repo.engine).storages()
    assert (box.key_location, box.updated_by) == ("別館 金庫室", OTHER)


def test_ledger_rows_claiming_another_recorder_are_refused(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    """Card events and transports appended in another person's name: refused; in the
    signer's own name: added."""
    office = keys[0]
    url, repo = office_db
    work = _site_work(laptop)
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    event = work.site.record_event(
        work.cards["OP-01"], CardEventKind.SEEN, "監査 太郎", at=ON_SITE + timedelta(days=1)
    )
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, export_as(laptop, office, other, tmp_path / "evil.bundle"))
    message = str(refused.value)
    at = event.at.isoformat()
    assert f"table card_event, row GEN/OP-01 {at}" in message
    assert "in the name of 監査 太郎 (field recorded_by)" in message
    assert f"signed with the key of {OTHER}" in message
    assert dump(url) == before
    # a transport by 総務 次郎 of a box 監査 太郎 recorded: his own row, in his name
    with laptop.repo.engine.begin() as conn:
        conn.execute(text("delete from card_event where id = :i"), {"i": event.id})
    work.site.add_transport(
        work.box,
        transport_date=date(2025, 3, 5),
        from_place="サーバ室",
        to_place="別館 金庫",
        carrier="係長",
        box_locked=True,
        key_separate=True,
        actor=OTHER,
    )
    receipt = do_import(repo, office, export_as(laptop, office, other, tmp_path / "own.bundle"))
    assert receipt.to_json()["tables"]["backup_transport"]["added"] == 1
    recorded = scalar(url, "select recorded_by from backup_transport order by id desc limit 1")
    assert recorded == OTHER


def test_a_receiver_of_another_person_s_transport_is_filled_in_by_any_signer(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
) -> None:
    """The receiver is who took delivery: another inspector's bundle fills it in on a
    transport 監査 太郎 recorded, which stays recorded by 監査 太郎."""
    office = keys[0]
    url, repo = office_db
    work = _site_work(laptop)
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    work.site.record_receipt(work.transports[1], "別館 鈴木")
    receipt = do_import(repo, office, export_as(laptop, office, other, tmp_path / "b.bundle"))
    assert receipt.to_json()["tables"]["backup_transport"]["updated"] == 1
    filled = rows(
        url, "select receiver, recorded_by from backup_transport where receiver = '別館 鈴木'"
    )
    assert filled == [("別館 鈴木", "監査 太郎")]


# -- 3. a completed self-check reopened -----------------------------------------------------


def _completed_self_check(laptop: Laptop, mini_catalog: Any) -> int:
    gen = laptop.repo.find_organization("GEN")
    assert gen is not None
    check = laptop.repo.start_session(
        mini_catalog.get("mini"),
        gen.id,
        role=Role.HEAD,
        kind=SessionKind.SELF_CHECK,
        session_date=date(2025, 3, 2),
    )
    laptop.repo.save_answer(check.id, "c1", lambda _o: AnswerState(value="compliant"), "総務 一郎")
    laptop.repo.complete_session(check.id, "総務 一郎")
    return check.id


def test_a_bundle_reopening_a_completed_self_check_needs_the_import_s_consent(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
    mini_catalog: Any,
) -> None:
    office = keys[0]
    url, repo = office_db
    check = _completed_self_check(laptop, mini_catalog)
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    laptop.repo.reopen_session(check, OTHER, "書き換え")
    laptop.repo.save_answer(check, "c1", lambda _o: AnswerState(value="noncompliant"), OTHER)
    laptop.repo.complete_session(check, OTHER)
    evil = export_as(laptop, office, other, tmp_path / "evil.bundle")
    uid = laptop.repo.session(check).uid
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, evil)
    message = str(refused.value)
    assert f"the self-check {uid} of GEN is completed in this database" in message
    assert f"signed with the key of {OTHER}, reopens it" in message
    assert "--accept-reopen" in message
    assert dump(url) == before
    # accepted after review: merged, and the receipt says so in words
    receipt = import_bundles(
        repo.engine,
        [evil],
        office_cert=office.cert,
        encryption_cert=office.encryption_cert,
        encryption_key=office.encryption_key,
        actor="office",
        accept_reopen=True,
    )
    assert receipt.to_json()["reopened"] == [
        {
            "session": uid,
            "kind": "self_check",
            "organization": "GEN",
            "signer": OTHER,
            "status": "completed",
            "file": str(evil),
        }
    ]
    office_check = {s.uid: s for s in repo.sessions()}[uid]
    assert repo.answers(office_check.id)["c1"].state.value == "noncompliant"


def test_the_command_line_names_the_option_and_lists_the_reopened_self_check(
    laptop: Laptop,
    keys: tuple,
    other: Identity,
    tmp_path: Path,
    mini_catalog: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office = keys[0]
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(office.keys_dir))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", PASS.decode())
    monkeypatch.delenv("INSPECTOR_LANG")
    central = tmp_path / "central.db"
    runner = CliRunner()
    check = _completed_self_check(laptop, mini_catalog)
    first = export(laptop, keys, tmp_path / "1.bundle")
    imported = runner.invoke(cli, ["--db", str(central), "bundle", "import", str(first)])
    assert imported.exit_code == 0, imported.stderr
    laptop.repo.reopen_session(check, OTHER, "書き換え")
    evil = export_as(laptop, office, other, tmp_path / "evil.bundle")
    uid = laptop.repo.session(check).uid
    before = dump(f"sqlite:///{central}")
    result = runner.invoke(cli, ["--db", str(central), "bundle", "import", str(evil)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"GEN の自己点検 {uid} はこのデータベースでは完了しています" in result.stderr
    assert "--accept-reopen" in result.stderr and "何も取り込んでいません" in result.stderr
    assert dump(f"sqlite:///{central}") == before
    args = ["--db", str(central), "bundle", "import", "--accept-reopen", str(evil)]
    result = runner.invoke(cli, args)
    assert result.exit_code == 0, result.stderr
    line = f"GEN の完了した自己点検 {uid} を、{OTHER} が署名した持ち運びファイル {evil} が再開"
    assert line in result.stdout and "いまは再開中です" in result.stdout


# -- 4. the declared organization; a visit recording no inspector ---------------------------


def test_rows_outside_the_declared_organization_are_refused(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    tmp_path: Path,
) -> None:
    """The receipt shows the payload's declared organization: a bundle declaring TAX
    while carrying GEN's visit is refused, naming the first row outside TAX."""
    office, inspector = keys[0], keys[1]
    url, repo = office_db
    payload = collect(laptop.repo.engine, "GEN")
    payload["organization"] = "TAX"
    path = tmp_path / "lie.bundle"
    path.write_bytes(seal(payload, inspector.key, inspector.certificate, office.encryption_cert))
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, path)
    message = str(refused.value)
    assert "lie.bundle" in message
    assert "table inspection_session, row 1: field organization_id is GEN" in message
    assert "neither TAX nor below it" in message
    assert dump(url) == before
    # declaring the parent of GEN is true: imported
    payload["organization"] = "D1"
    path.write_bytes(seal(payload, inspector.key, inspector.certificate, office.encryption_cert))
    assert do_import(repo, office, path).bundles[0]["organization"] == "D1"


def test_a_visit_recording_no_inspector_is_kept_by_who_completed_it(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    other: Identity,
    tmp_path: Path,
    mini_catalog: Any,
) -> None:
    office = keys[0]
    url, repo = office_db
    gen = laptop.repo.find_organization("GEN")
    assert gen is not None
    visit = laptop.repo.start_session(
        mini_catalog.get("mini"),
        gen.id,
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        session_date=date(2025, 3, 3),
    )
    laptop.repo.save_answer(visit.id, "c1", lambda _o: AnswerState(value="compliant"), "監査 太郎")
    laptop.repo.complete_session(visit.id, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    laptop.repo.reopen_session(visit.id, OTHER, "書き換え")
    laptop.repo.save_answer(visit.id, "c1", lambda _o: AnswerState(value="noncompliant"), OTHER)
    laptop.repo.complete_session(visit.id, OTHER)
    before = dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, export_as(laptop, office, other, tmp_path / "evil.bundle"))
    message = str(refused.value)
    assert f"signed with the key of {OTHER}" in message
    assert f"inspection visit {visit.uid}, which records no inspector" in message
    assert "completed by 監査 太郎" in message and "answer c1" in message
    assert dump(url) == before
    # who completed it may: the reopening of its own visit comes in, not listed
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "own.bundle"))
    assert receipt.reopened == []
    office_visit = {s.uid: s for s in repo.sessions()}[visit.uid]
    assert repo.answers(office_visit.id)["c1"].state.value == "noncompliant"

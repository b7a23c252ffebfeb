"""Bundles: exported, imported twice, newer answers, conflicts, and every way a bundle is
refused (tampered, truncated, foreign, wrongly addressed) with the database unchanged."""

from __future__ import annotations

import json
import stat
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec
from sqlalchemy import select, update
from sqlmodel import SQLModel

from inspector.cli.main import cli
from inspector.domain.cards import CardEventKind, CardKind, CardState, CardStatus, CardUse
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.findings import FindingDraft, FindingKind, MeasureStatus
from inspector.domain.model import AnswerState, PersonStatus, Role, SessionKind, StaffType
from inspector.exchange import bundle as bundle_module
from inspector.exchange.bundle import (
    BundleRefused,
    export_bundle,
    import_bundles,
    load_encryption_cert,
    load_encryption_key,
    load_office_cert,
    load_signer,
    open_bundle,
    seal,
)
from inspector.exchange.bundle.merge import Merger
from inspector.reports import keys as office_keys
from inspector.reports.keys import Identity, KeyProblem, init_office, issue_inspector
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repositories.hearing import HearingRepository
from inspector.store.repositories.site import NewCard, NewUsage, SiteRepository
from inspector.store.repository import OrganizationInput, PersonInput, Repository
from tests.db_rows import execute, scalar


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the command line's English messages (`--lang en`)."""
    monkeypatch.setenv("INSPECTOR_LANG", "en")


PASS = b"correct horse"
TABLES = (
    "organization",
    "person",
    "inspection_session",
    "answer",
    "answer_change",
    "session_event",
    "finding",
    "finding_change",
    "improvement_plan",
    "improvement_plan_change",
    "measure_entry",
    "card",
    "card_event",
    "card_usage",
    "backup_storage",
    "backup_transport",
    "hearing_classification",
)


@dataclass(frozen=True)
class Office:
    keys_dir: Path
    cert: x509.Certificate  # the root
    encryption_cert: x509.Certificate
    encryption_key: ec.EllipticCurvePrivateKey


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[Office, Identity, Office, Identity]:
    """Our office with an issued inspector, and a foreign office with its own."""
    result = []
    for name in ("ours", "foreign"):
        keys_dir = tmp_path_factory.mktemp(name)
        init_office(keys_dir, PASS, office=f"{name}監査事務局")
        issue_inspector(keys_dir, "監査 太郎", "130", PASS)
        result.append(
            (
                Office(
                    keys_dir,
                    load_office_cert(keys_dir),
                    load_encryption_cert(keys_dir),
                    load_encryption_key(keys_dir, PASS),
                ),
                load_signer(keys_dir, "監査 太郎", PASS),
            )
        )
    (ours, inspector), (foreign, stranger) = result
    return ours, inspector, foreign, stranger


def counts(db: Path | str) -> dict[str, int]:
    """Rows per table, read by a new connection; `db` a SQLite file or a database URL."""
    url = db if isinstance(db, str) else f"sqlite:///{db}"
    return {t: scalar(url, f"select count(*) from {t}") for t in TABLES}


@dataclass
class Laptop:
    path: Path
    repo: Repository
    findings: FindingRepository
    session_id: int


@pytest.fixture
def laptop(tmp_path: Path, mini_catalog: ChecklistCatalog) -> Iterator[Laptop]:
    path = tmp_path / "laptop.db"
    engine = open_database(f"sqlite:///{path}")
    repo = Repository(engine)
    repo.upsert_organizations(
        [
            OrganizationInput("D1", "市民部"),
            OrganizationInput("GEN", "総務課", "D1", ("employs_temporary",)),
            OrganizationInput("TAX", "税務課", "D1"),
            OrganizationInput("130", "監査委員事務局"),
        ]
    )
    gen = repo.find_organization("GEN")
    audit = repo.find_organization("130")
    assert gen is not None and audit is not None
    mini = mini_catalog.get("mini")
    session = repo.start_session(
        mini,
        gen.id,
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        inspector_name="監査 太郎",
        inspector_organization_id=audit.id,
        session_date=date(2025, 3, 1),
    )
    for item, value in {"c1": "noncompliant", "c2": "compliant", "y1": "yes"}.items():
        repo.save_answer(
            session.id,
            item,
            lambda _o, v=value: AnswerState(
                value=v, reasons=("busy",) if v == "noncompliant" else ()
            ),
            "監査 太郎",
        )
    repo.complete_session(session.id, "監査 太郎")
    findings = FindingRepository(engine)
    finding = findings.add_finding(
        FindingDraft(
            kind=FindingKind.FINDING,
            title="操作者以外の操作",
            text="カードの入替を省略している",
            organization_id=gen.id,
            session_id=session.id,
            items=("c1",),
        ),
        "監査 太郎",
    )
    plan = findings.add_plan(
        finding.id,
        measures="朝礼で周知する",
        responsible_organization_id=gen.id,
        responsible_person="総務課長",
        deadline=date(2025, 6, 30),
        actor="総務課長",
    )
    findings.add_entry(plan.id, MeasureStatus.ONGOING, date(2025, 4, 1), "周知した", "総務課長")
    yield Laptop(path, repo, findings, session.id)
    engine.dispose()


@pytest.fixture
def office_db(database_url: str) -> Iterator[tuple[str, Repository]]:
    """The office's database (a SQLite file, or PostgreSQL: a central server), its URL
    and repository; the laptops stay SQLite files."""
    engine = open_database(database_url)
    yield database_url, Repository(engine)
    engine.dispose()


def export(laptop: Laptop, keys: tuple[Office, Identity, Office, Identity], out: Path) -> Path:
    office, inspector, _, _ = keys
    return export_as(laptop, office, inspector, out)


def export_as(laptop: Laptop, office: Office, signer: Identity, out: Path) -> Path:
    """The laptop's GEN bundle signed by `signer`, for `office`."""
    export_bundle(
        laptop.repo.engine, "GEN", out, signer=signer, encryption_cert=office.encryption_cert
    )
    return out


def do_import(repo: Repository, office: Office, *files: Path) -> bundle_module.Receipt:
    return import_bundles(
        repo.engine,
        list(files),
        office_cert=office.cert,
        encryption_cert=office.encryption_cert,
        encryption_key=office.encryption_key,
        actor="office",
    )


def test_export_import_twice_changes_nothing(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    file = export(laptop, keys, tmp_path / "gen.bundle")
    raw = file.read_bytes()
    for secret in ("総務課", "カードの入替", "noncompliant", "朝礼で周知"):
        assert secret.encode() not in raw  # nothing readable without the office key
    receipt = do_import(repo, office, file)
    tables = receipt.to_json()["tables"]
    assert tables["inspection_session"]["added"] == 1
    assert tables["answer"]["added"] == 3
    assert tables["finding"]["added"] == 1
    assert tables["improvement_plan"]["added"] == 1
    assert tables["measure_entry"]["added"] == 1
    assert tables["organization"]["added"] == 3  # GEN, its parent D1, the inspector's 130
    assert receipt.bundles[0]["signer"] == "監査 太郎"
    before = counts(path)
    # the laptop's completion, and the office's record of the bundle and its signer
    assert before["answer_change"] == 3 and before["session_event"] == 2
    again = do_import(repo, office, file)
    assert not again.changed and again.conflicts == []
    assert counts(path) == before
    (session,) = repo.sessions()
    assert session.source.value == "bundle" and session.is_completed
    assert repo.answers(session.id)["c1"].state.reasons == ("busy",)
    gen = repo.find_organization("GEN")
    assert gen is not None and gen.tags == frozenset({"employs_temporary"})
    assert gen.parent_id == repo.find_organization("D1").id  # type: ignore[union-attr]


def test_newer_answer_replaces_older_and_both_stay_in_the_log(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    _, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    laptop.repo.reopen_session(laptop.session_id, "監査 太郎", "訂正")
    laptop.repo.save_answer(
        laptop.session_id, "c1", lambda _o: AnswerState(value="compliant"), "監査 太郎"
    )
    laptop.repo.complete_session(laptop.session_id, "監査 太郎")
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    assert receipt.to_json()["tables"]["answer"] == {"added": 0, "updated": 1, "skipped": 2}
    assert receipt.conflicts == []
    (session,) = repo.sessions()
    assert repo.answers(session.id)["c1"].value == "compliant"
    log = [
        (c.action, c.old.value, c.new.value) for c in repo.changes(session.id) if c.item_id == "c1"
    ]
    assert ("answer", None, "noncompliant") in log
    assert ("answer", "noncompliant", "compliant") in log
    assert ("bundle", "noncompliant", "compliant") in log


def test_conflicting_edits_are_listed_not_dropped(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    _, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    (session,) = repo.sessions()
    # The office corrects c2 first; later the laptop corrects c2 differently.
    repo.reopen_session(session.id, "office")
    repo.save_answer(session.id, "c2", lambda _o: AnswerState(value="not_applicable"), "office")
    laptop.repo.reopen_session(laptop.session_id, "監査 太郎")
    laptop.repo.save_answer(
        laptop.session_id, "c2", lambda _o: AnswerState(value="noncompliant"), "監査 太郎"
    )
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    (conflict,) = receipt.conflicts
    assert conflict["item"] == "c2" and conflict["kept"] == "noncompliant"
    assert conflict["other"] == "not_applicable" and conflict["kept_from"] == "bundle"
    assert repo.answers(session.id)["c2"].value == "noncompliant"
    values = {(c.old.value, c.new.value) for c in repo.changes(session.id) if c.item_id == "c2"}
    assert ("not_applicable", "noncompliant") in values  # the office's value stays in the log
    # The other way round: the office's edit is newer; the bundle's is kept in the log.
    laptop.repo.save_answer(
        laptop.session_id, "y1", lambda _o: AnswerState(value="no"), "監査 太郎"
    )
    file3 = export(laptop, keys, tmp_path / "3.bundle")
    repo.save_answer(session.id, "y1", lambda _o: AnswerState(value="yes", note="再確認"), "office")
    receipt = do_import(repo, office, file3)
    (conflict,) = receipt.conflicts
    assert (conflict["item"], conflict["kept"], conflict["kept_from"]) == ("y1", "yes", "local")
    assert repo.answers(session.id)["y1"].state.note == "再確認"
    assert any(
        c.action == "bundle" and c.old.value == "no" and c.new.value == "yes"
        for c in repo.changes(session.id)
    )


def test_tampered_truncated_foreign_and_misaddressed_bundles_are_refused(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office, inspector, foreign, stranger = keys
    path, repo = office_db
    good = export(laptop, keys, tmp_path / "good.bundle").read_bytes()
    before = counts(path)
    cases: dict[str, bytes] = {}
    tampered = bytearray(good)
    # a byte of the body (the middle of the file may fall in the header, whose damage is
    # reported as such)
    tampered[len(good) * 3 // 4] ^= 0x01
    cases["signature does not match"] = bytes(tampered)
    cases["truncated"] = good[: len(good) - 40]
    cases["truncated "] = good[:10]
    cases["not an inspector bundle"] = b"PK\x03\x04" + good[4:]
    cases["unexpected byte"] = good + b"\x00"
    # Signed by an inspector of another office, addressed to us.
    payload = bundle_module.collect(laptop.repo.engine, "GEN")
    cases["foreign bundle"] = seal(
        payload, stranger.key, stranger.certificate, office.encryption_cert
    )
    # Signed by our inspector but encrypted for another office (export itself refuses that).
    with pytest.raises(KeyProblem, match="not issued by this office's root"):
        export_bundle(
            laptop.repo.engine,
            "GEN",
            tmp_path / "elsewhere.bundle",
            signer=inspector,
            encryption_cert=foreign.encryption_cert,
        )
    assert not (tmp_path / "elsewhere.bundle").exists()
    cases["addressed to another office"] = seal(
        payload, inspector.key, inspector.certificate, foreign.encryption_cert
    )
    # ... or for our own root key, as format 1 did: the root is not the addressee any more.
    cases["addressed to another office "] = seal(
        payload, inspector.key, inspector.certificate, office.cert
    )
    for reason, data in cases.items():
        file = tmp_path / "case.bundle"
        file.write_bytes(data)
        with pytest.raises(BundleRefused, match=reason.strip()):
            # a good file alongside: all or nothing
            do_import(repo, office, tmp_path / "good.bundle", file)
        assert counts(path) == before, reason
    # The foreign office cannot read ours either.
    with pytest.raises(BundleRefused, match="foreign"):
        open_bundle(good, foreign.cert, foreign.encryption_cert, foreign.encryption_key)


def test_a_failure_during_the_merge_leaves_the_database_unchanged(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office = keys[0]
    path, repo = office_db
    file = export(laptop, keys, tmp_path / "gen.bundle")
    before = counts(path)

    def boom(self: object, *args: object) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(Merger, "_layouts", boom)
    monkeypatch.setattr(Merger, "_findings", boom)
    with pytest.raises(RuntimeError):
        do_import(repo, office, file)
    assert counts(path) == before


def test_since_limits_the_sessions(laptop: Laptop, keys: tuple) -> None:
    payload = bundle_module.collect(laptop.repo.engine, "GEN", date(2099, 1, 1))
    assert payload["tables"]["inspection_session"] == []
    assert payload["tables"]["answer"] == []
    payload = bundle_module.collect(laptop.repo.engine, "D1")
    assert len(payload["tables"]["inspection_session"]) == 1
    with pytest.raises(LookupError):
        bundle_module.collect(laptop.repo.engine, "NOPE")


def test_cli_export_and_import(
    laptop: Laptop,
    keys: tuple,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    office = keys[0]
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(office.keys_dir))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", PASS.decode())
    runner = CliRunner()
    out = tmp_path / "cli.bundle"
    result = runner.invoke(
        cli,
        [
            "--db",
            str(laptop.path),
            "bundle",
            "export",
            "--organization",
            "GEN",
            "-o",
            str(out),
            "--since",
            "2025-01-01",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert "3 answer" in result.stdout and "監査 太郎" in result.stdout
    office_db = tmp_path / "central.db"
    result = runner.invoke(cli, ["--db", str(office_db), "bundle", "import", str(out), "--json"])
    assert result.exit_code == 0, result.stderr
    receipt = json.loads(result.stdout)
    assert receipt["tables"]["answer"]["added"] == 3
    result = runner.invoke(cli, ["--db", str(office_db), "bundle", "import", str(out)])
    assert result.exit_code == 0 and "unchanged" in result.stdout
    out.write_bytes(out.read_bytes()[:-5])
    result = runner.invoke(cli, ["--db", str(office_db), "bundle", "import", str(out)])
    assert result.exit_code == 1
    assert result.stderr.startswith("error:") and "truncated" in result.stderr
    assert "nothing was imported" in result.stderr and "Traceback" not in result.stderr
    # Imported sessions count in the consolidation.
    result = runner.invoke(
        cli,
        [
            "--db",
            str(office_db),
            "--checklist-dir",
            str(Path(__file__).parents[1] / "fixtures"),
            "consolidate",
            "--checklist",
            "mini",
            "--json",
        ],
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["population"] == 1


def _backdate(laptop: Laptop, when: datetime) -> None:
    """Everything on the laptop happened at `when` (a year ago, say)."""
    t = SQLModel.metadata.tables
    columns = {
        "inspection_session": ("created_at", "completed_at"),
        "answer": ("answered_at",),
        "answer_change": ("changed_at",),
        "session_event": ("at",),
        "finding": ("created_at",),
        "finding_change": ("changed_at",),
        "improvement_plan": ("created_at",),
        "improvement_plan_change": ("changed_at",),
        "measure_entry": ("recorded_at",),
    }
    with laptop.repo.engine.begin() as conn:
        for name, cols in columns.items():
            conn.execute(update(t[name]).values(**dict.fromkeys(cols, when)))
        conn.execute(update(t["inspection_session"]).values(session_date=when.date()))
        conn.execute(update(t["measure_entry"]).values(entry_date=when.date()))


def test_since_carries_new_entries_and_plan_changes_of_old_findings(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office, inspector = keys[0], keys[1]
    path, repo = office_db
    _backdate(laptop, datetime(2024, 3, 1, 9, 0, tzinfo=UTC))
    recent = date.today() - timedelta(days=7)
    payload = bundle_module.collect(laptop.repo.engine, "GEN", recent)
    assert payload["tables"]["finding"] == [] and payload["tables"]["inspection_session"] == []
    (finding,) = laptop.findings.findings()
    (plan,) = laptop.findings.plans_for(finding.id)
    laptop.findings.add_entry(plan.id, MeasureStatus.DONE, date.today(), "完了した", "総務課長")
    laptop.findings.update_plan(plan.id, {"responsible_person": "総務課長補佐"}, "総務課長")
    out = tmp_path / "since.bundle"
    counted = export_bundle(
        laptop.repo.engine,
        "GEN",
        out,
        signer=inspector,
        encryption_cert=office.encryption_cert,
        since=recent,
    )
    # the old finding, its plan, all its entries and plan changes, and the session it refers to
    assert counted["finding"] == 1 and counted["improvement_plan"] == 1
    assert counted["measure_entry"] == 2 and counted["improvement_plan_change"] == 2
    assert counted["inspection_session"] == 1 and counted["answer"] == 3
    # an office that has never seen the finding can take it: nothing refers to the unknown
    receipt = do_import(repo, office, out)
    assert receipt.to_json()["tables"]["measure_entry"]["added"] == 2
    (office_finding,) = FindingRepository(repo.engine).findings()
    (office_plan,) = FindingRepository(repo.engine).plans_for(office_finding.id)
    assert [e.text for e in office_plan.entries][-1] == "完了した"
    assert [c[0] for c in FindingRepository(repo.engine).plan_changes(office_plan.id)] == [
        "create",
        "edit",
    ]
    before = counts(path)
    assert not do_import(repo, office, out).changed and counts(path) == before
    # an office that had everything from a full bundle gets the new entry alone
    path2 = tmp_path / "office2.db"
    engine2 = open_database(f"sqlite:///{path2}")
    try:
        repo2 = Repository(engine2)
        entries = SQLModel.metadata.tables["measure_entry"]
        do_import(repo2, office, export(laptop, keys, tmp_path / "full.bundle"))
        with engine2.begin() as conn:  # as if the full bundle predated the new entry
            conn.execute(entries.delete().where(entries.c.text == "完了した"))
        receipt = do_import(repo2, office, out)
        assert receipt.to_json()["tables"]["measure_entry"] == {
            "added": 1,
            "updated": 0,
            "skipped": 1,
        }
        (f2,) = FindingRepository(engine2).findings()
        assert len(FindingRepository(engine2).plans_for(f2.id)[0].entries) == 2
    finally:
        engine2.dispose()


def test_an_answer_cleared_on_the_laptop_is_cleared_at_the_office(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    (session,) = repo.sessions()
    laptop.repo.reopen_session(laptop.session_id, "監査 太郎")
    laptop.repo.save_answer(laptop.session_id, "y1", lambda _o: AnswerState(), "監査 太郎")
    laptop.repo.save_answer(laptop.session_id, "c2", lambda _o: AnswerState(), "監査 太郎")
    file2 = export(laptop, keys, tmp_path / "2.bundle")
    # the office corrects c2 after the laptop cleared it: the office's value is kept
    repo.reopen_session(session.id, "office")
    repo.save_answer(session.id, "c2", lambda _o: AnswerState(value="not_applicable"), "office")
    receipt = do_import(repo, office, file2)
    assert "y1" not in repo.answers(session.id)
    assert repo.answers(session.id)["c2"].value == "not_applicable"
    assert receipt.to_json()["tables"]["answer"]["updated"] == 1
    (conflict,) = receipt.conflicts
    assert (conflict["item"], conflict["kept_from"], conflict["other"]) == ("c2", "local", None)
    y1_log = [
        (c.action, c.old.value, c.new.is_empty)
        for c in repo.changes(session.id)
        if c.item_id == "y1"
    ]
    assert y1_log[-2:] == [("answer", "yes", True), ("bundle", "yes", True)]
    before = counts(path)
    again = do_import(repo, office, file2)
    assert not again.changed and counts(path) == before
    assert "y1" not in repo.answers(session.id)


def test_session_status_follows_the_newest_completion_or_reopening(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    (session,) = repo.sessions()
    assert session.is_completed
    laptop.repo.reopen_session(laptop.session_id, "監査 太郎", "訂正")
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    assert receipt.to_json()["tables"]["inspection_session"]["updated"] == 1
    assert not repo.session(session.id).is_completed
    events = [e[0] for e in repo.session_events(session.id)]
    assert [e for e in events if e != "bundle_imported"] == ["complete", "reopen"]
    assert events.count("bundle_imported") == 2  # each bundle that changed the session
    laptop.repo.complete_session(laptop.session_id, "監査 太郎")
    file3 = export(laptop, keys, tmp_path / "3.bundle")
    do_import(repo, office, file3)
    completed = repo.session(session.id)
    assert completed.is_completed
    assert completed.completed_at == laptop.repo.session(laptop.session_id).completed_at
    # the office reopens later: the older completion in the bundle does not close it again
    repo.reopen_session(session.id, "office", "再監査")
    before = counts(path)
    again = do_import(repo, office, file3)
    assert not again.changed and counts(path) == before
    assert not repo.session(session.id).is_completed


def test_an_undo_on_the_laptop_stays_an_undo_at_the_office(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    (session,) = repo.sessions()
    laptop.repo.reopen_session(laptop.session_id, "監査 太郎")
    laptop.repo.save_answer(
        laptop.session_id, "y1", lambda _o: AnswerState(value="no"), "監査 太郎"
    )
    assert laptop.repo.undo_last(laptop.session_id, "監査 太郎") == "y1"
    file2 = export(laptop, keys, tmp_path / "2.bundle")
    do_import(repo, office, file2)
    changes = SQLModel.metadata.tables["answer_change"]
    with repo.engine.connect() as conn:
        rows = conn.execute(
            select(changes).where(changes.c.session_id == session.id).order_by(changes.c.id)
        ).all()
    (undo,) = [r for r in rows if r.action == "undo"]
    undone = next(r for r in rows if r.id == undo.undoes_id)
    assert (undone.item_id, undone.action, undone.new_value) == ("y1", "answer", "no")
    before = counts(path)
    assert not do_import(repo, office, file2).changed and counts(path) == before
    # the next undo at the office reverts what the next undo on the laptop reverts
    assert repo.undo_last(session.id, "office") == "y1"
    assert laptop.repo.undo_last(laptop.session_id, "監査 太郎") == "y1"
    office_answers = {k: a.state for k, a in repo.answers(session.id).items()}
    laptop_answers = {k: a.state for k, a in laptop.repo.answers(laptop.session_id).items()}
    assert office_answers == laptop_answers and "y1" not in office_answers
    # an undo imported before undoes_id travelled is repaired by importing again
    path2 = tmp_path / "office2.db"
    engine2 = open_database(f"sqlite:///{path2}")
    try:
        repo2 = Repository(engine2)
        do_import(repo2, office, file2)
        with engine2.begin() as conn:
            conn.execute(update(changes).values(undoes_id=None))
        receipt = do_import(repo2, office, file2)
        assert receipt.to_json()["tables"]["answer_change"]["updated"] == 1
        with engine2.connect() as conn:
            (fixed,) = conn.execute(
                select(changes.c.undoes_id).where(changes.c.action == "undo")
            ).all()
            target = conn.execute(
                select(changes.c.new_value).where(changes.c.id == fixed.undoes_id)
            ).scalar_one()
        assert target == "no"
    finally:
        engine2.dispose()


# -- the office encryption key -------------------------------------------------------------


def test_the_encryption_certificate_is_for_key_agreement_and_issued_by_the_root(
    keys: tuple, laptop: Laptop, tmp_path: Path
) -> None:
    office = keys[0]
    root, enc = office.cert, office.encryption_cert
    usage = enc.extensions.get_extension_for_class(x509.KeyUsage).value
    assert usage.key_agreement
    assert not (usage.key_cert_sign or usage.digital_signature or usage.crl_sign)
    assert not enc.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    assert enc.issuer == root.subject and office_keys.issued_by(enc, root)
    assert enc.not_valid_after_utc <= root.not_valid_after_utc
    assert not root.extensions.get_extension_for_class(x509.KeyUsage).value.key_agreement
    assert enc.public_key() != root.public_key()
    cert_path, key_path = office_keys.encryption_paths(office.keys_dir)
    assert cert_path.name == "encryption.pem" and cert_path.parent.name == "office"
    for path in (cert_path, key_path):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
    assert b"ENCRYPTED PRIVATE KEY" in key_path.read_bytes()
    # The bundle is addressed to the encryption certificate, not to the root.
    file = export(laptop, keys, tmp_path / "gen.bundle")
    opened = open_bundle(file.read_bytes(), root, enc, None)
    assert opened.payload == {}
    data, start = file.read_bytes(), len(bundle_module.MAGIC)
    (size,) = struct.unpack(">I", data[start : start + 4])
    header = json.loads(data[start + 4 : start + 4 + size])
    assert header["format"] == 2
    assert header["recipient"] == bundle_module.fingerprint(enc)
    assert header["recipient"] != bundle_module.fingerprint(root)


def test_an_old_format_bundle_is_refused_with_a_clear_message(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    good = export(laptop, keys, tmp_path / "good.bundle").read_bytes()
    before = counts(path)
    old = tmp_path / "old.bundle"
    old.write_bytes(b"INSPECTOR-BUNDLE/1\n" + good[len(bundle_module.MAGIC) :])
    with pytest.raises(BundleRefused, match=r"format 1 is no longer accepted.*export it again"):
        do_import(repo, office, tmp_path / "good.bundle", old)
    old.write_bytes(b"INSPECTOR-BUNDLE/9\n" + good[len(bundle_module.MAGIC) :])
    with pytest.raises(BundleRefused, match="unsupported bundle format '9'"):
        do_import(repo, office, old)
    assert counts(path) == before


def _old_office(keys_dir: Path) -> None:
    """An office as `keys init-office` made it before the encryption key existed."""
    init_office(keys_dir, PASS)
    issue_inspector(keys_dir, "監査 太郎", "130", PASS)
    for file in office_keys.encryption_paths(keys_dir):
        file.unlink()


def test_export_without_an_encryption_key_names_the_command(
    laptop: Laptop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys_dir = tmp_path / "keys"
    _old_office(keys_dir)
    with pytest.raises(KeyProblem, match="inspector keys init-encryption"):
        load_encryption_cert(keys_dir)
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(keys_dir))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", PASS.decode())
    runner = CliRunner()
    out = tmp_path / "gen.bundle"
    db = ["--db", str(laptop.path)]
    result = runner.invoke(cli, [*db, "bundle", "export", "--organization", "GEN", "-o", str(out)])
    assert result.exit_code == 1
    assert "inspector keys init-encryption" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()
    out.write_bytes(b"INSPECTOR-BUNDLE/2\n")
    result = runner.invoke(cli, ["--db", str(tmp_path / "o.db"), "bundle", "import", str(out)])
    assert result.exit_code == 1
    assert "inspector keys init-encryption" in result.stderr
    assert "nothing was imported" in result.stderr


def test_init_encryption_adds_the_key_and_leaves_the_root_unchanged(
    laptop: Laptop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys_dir = tmp_path / "keys"
    _old_office(keys_dir)
    root_files = office_keys.root_paths(keys_dir)
    before = [f.read_bytes() for f in root_files]
    root_fingerprint = bundle_module.fingerprint(load_office_cert(keys_dir))
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(keys_dir))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", PASS.decode())
    runner = CliRunner()
    db = ["--db", str(laptop.path)]
    # init-office refuses (the root exists) and points at the command
    result = runner.invoke(cli, [*db, "keys", "init-office"])
    assert result.exit_code == 1 and "inspector keys init-encryption" in result.stderr
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "wrong")
    result = runner.invoke(cli, [*db, "keys", "init-encryption"])
    assert result.exit_code == 1 and "wrong passphrase" in result.stderr
    assert not office_keys.has_encryption(keys_dir)
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", PASS.decode())
    result = runner.invoke(cli, [*db, "keys", "init-encryption"])
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip().endswith("encryption.pem")
    assert [f.read_bytes() for f in root_files] == before
    root = load_office_cert(keys_dir)
    assert bundle_module.fingerprint(root) == root_fingerprint
    enc = load_encryption_cert(keys_dir, root)
    assert office_keys.issued_by(enc, root)
    assert enc.extensions.get_extension_for_class(x509.KeyUsage).value.key_agreement
    first = bundle_module.fingerprint(enc)
    result = runner.invoke(cli, [*db, "keys", "init-encryption"])
    assert result.exit_code == 1 and "already exists" in result.stderr
    assert bundle_module.fingerprint(load_encryption_cert(keys_dir)) == first
    # the inspector certificate issued before still signs bundles the office can open
    out = tmp_path / "gen.bundle"
    result = runner.invoke(cli, [*db, "bundle", "export", "--organization", "GEN", "-o", str(out)])
    assert result.exit_code == 0, result.stderr
    result = runner.invoke(
        cli, ["--db", str(tmp_path / "o.db"), "bundle", "import", str(out), "--json"]
    )
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["tables"]["answer"]["added"] == 3


def test_a_plan_edited_on_the_laptop_is_merged_at_the_office(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """The newer side's edit wins (as for findings and answers) and both edits stay in the
    plan's change log; it used to be reported as a conflict with the office's plan kept."""
    office = keys[0]
    path, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    office_findings = FindingRepository(repo.engine)
    (office_finding,) = office_findings.findings()
    (office_plan,) = office_findings.plans_for(office_finding.id)
    (finding,) = laptop.findings.findings()
    (plan,) = laptop.findings.plans_for(finding.id)
    laptop.findings.update_plan(plan.id, {"responsible_person": "総務課長補佐"}, "総務課長")
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    assert receipt.conflicts == []
    assert receipt.to_json()["tables"]["improvement_plan"]["updated"] == 1
    assert office_findings.plan(office_plan.id).responsible_person == "総務課長補佐"
    actions = [c[0] for c in office_findings.plan_changes(office_plan.id)]
    assert actions[-2:] == ["edit", "bundle"] or actions[-2:] == ["bundle", "edit"]
    before = counts(path)
    assert not do_import(repo, office, tmp_path / "2.bundle").changed
    assert counts(path) == before
    # the office edits later: a re-sent older laptop edit does not undo it
    office_findings.update_plan(office_plan.id, {"responsible_person": "情報政策課長"}, "office")
    do_import(repo, office, tmp_path / "2.bundle")
    assert office_findings.plan(office_plan.id).responsible_person == "情報政策課長"


# -- the site tools: card ledgers, the backup register, hearing classifications ------------

T0 = datetime(2025, 2, 1, 0, 0, tzinfo=UTC)
ON_SITE = datetime(2025, 3, 1, 1, 0, tzinfo=UTC)


@dataclass
class SiteWork:
    site: SiteRepository
    hearing: HearingRepository
    cards: dict[str, int]  # number -> id on the laptop
    box: int
    transports: list[int]


def _site_work(laptop: Laptop) -> SiteWork:
    """What an inspector records on site: the card ledger reconciled (seen, found elsewhere,
    a loss = suspension at once), the usage log of a group card, a backup box with its key
    and transports, and a hearing classification."""
    repo = laptop.repo
    repo.upsert_people(
        [
            PersonInput("P1", "窓口 一郎", "GEN", StaffType.REGULAR, PersonStatus.ACTIVE),
            PersonInput("P2", "窓口 二郎", "GEN", StaffType.TEMPORARY, PersonStatus.ACTIVE),
        ]
    )
    staff = {p.staff_number: p.id for p in repo.people()}
    gen = repo.find_organization("GEN")
    assert gen is not None
    site = SiteRepository(repo.engine)
    added = site.add_cards(
        [
            NewCard(
                gen.id,
                "OP-01",
                CardKind.OPERATOR,
                CardUse.PERSONAL,
                holder_id=staff["P1"],
                issued_at=T0,
            ),
            NewCard(
                gen.id,
                "G-01",
                CardKind.OPERATOR,
                CardUse.GROUP,
                "窓口班",
                (staff["P1"], staff["P2"]),
                issued_at=T0,
            ),
            NewCard(gen.id, "SR-01", CardKind.SERVER_ROOM, CardUse.PERSONAL, issued_at=T0),
        ],
        "監査 太郎",
    )
    cards = {c.number: c.id for c in added}
    sid = laptop.session_id
    site.record_event(cards["OP-01"], CardEventKind.SEEN, "監査 太郎", at=ON_SITE, session_id=sid)
    site.record_event(
        cards["G-01"],
        CardEventKind.FOUND_ELSEWHERE,
        "監査 太郎",
        at=ON_SITE,
        place="机の引出し",
        session_id=sid,
    )
    site.mark_lost(cards["SR-01"], "監査 太郎", at=ON_SITE, note="紛失届", session_id=sid)
    site.add_usages(
        [
            NewUsage(cards["G-01"], ON_SITE - timedelta(days=2), "窓口 一郎", staff["P1"], "照会"),
            NewUsage(cards["G-01"], ON_SITE - timedelta(days=1), "窓口 二郎", staff["P2"], "入力"),
        ],
        "監査 太郎",
    )
    box = site.add_storage(
        gen.id,
        name="保管箱A",
        box_location="サーバ室 ラック下",
        key_location="総務課 キーボックス",
        key_holder="係長",
        actor="監査 太郎",
    )
    transports = [
        site.add_transport(
            box.id,
            transport_date=date(2025, 2, 20),
            from_place="サーバ室",
            to_place="別館 金庫",
            carrier="係長",
            box_locked=True,
            key_separate=True,
            receiver="別館 管理者",
            actor="監査 太郎",
        ).id,
        site.add_transport(
            box.id,
            transport_date=date(2025, 2, 27),
            from_place="別館 金庫",
            to_place="サーバ室",
            carrier="係長",
            box_locked=True,
            key_separate=False,
            actor="監査 太郎",
        ).id,
    ]
    hearing = HearingRepository(repo.engine)
    hearing.classify(sid, "A", detailed_hearing=True, note="共用IDあり", actor="監査 太郎")
    return SiteWork(site, hearing, cards, box.id, transports)


def _office_ledger(repo: Repository) -> dict[str, CardState]:
    """The office's view of GEN's ledger: card number -> its state."""
    gen = repo.find_organization("GEN")
    assert gen is not None
    return {s.card.number: s for s in SiteRepository(repo.engine).ledger(gen.id).states()}


def test_site_work_arrives_at_the_office_and_twice_changes_nothing(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    _site_work(laptop)
    file = export(laptop, keys, tmp_path / "gen.bundle")
    receipt = do_import(repo, office, file)
    tables = receipt.to_json()["tables"]
    assert tables["card"]["added"] == 3
    # three issues; seen, found elsewhere, the loss and its suspension
    assert tables["card_event"]["added"] == 7 and tables["card_usage"]["added"] == 2
    assert tables["backup_storage"]["added"] == 1 and tables["backup_transport"]["added"] == 2
    assert tables["hearing_classification"]["added"] == 1
    assert tables["person"]["added"] == 2
    staff = {p.staff_number: p.id for p in repo.people()}
    states = _office_ledger(repo)
    op, group, lost = states["OP-01"], states["G-01"], states["SR-01"]
    assert op.status is CardStatus.ISSUED and op.holder_id == staff["P1"]
    assert op.last_check is CardEventKind.SEEN
    assert group.card.members == (staff["P1"], staff["P2"])
    assert group.last_check_place == "机の引出し"
    assert lost.status is CardStatus.LOST and lost.suspended_at == ON_SITE
    (office_session,) = repo.sessions()
    site = SiteRepository(repo.engine)
    ledger = site.ledger(op.card.organization_id)
    events = SQLModel.metadata.tables["card_event"]
    with repo.engine.connect() as conn:
        sessions = set(conn.execute(select(events.c.session_id)).scalars())
    assert sessions == {None, office_session.id}
    assert [(u.user_name, u.person_id, u.purpose) for u in ledger.usages] == [
        ("窓口 一郎", staff["P1"], "照会"),
        ("窓口 二郎", staff["P2"], "入力"),
    ]
    (box,) = site.storages()
    assert (box.name, box.key_location, box.key_holder) == (
        "保管箱A",
        "総務課 キーボックス",
        "係長",
    )
    transports = site.transports([box.id])
    assert [(t.to_place, t.receiver, t.key_separate) for t in transports] == [
        ("別館 金庫", "別館 管理者", True),
        ("サーバ室", "", False),
    ]
    current = HearingRepository(repo.engine).current([office_session.id])
    assert current[office_session.id].case_id == "A" and current[office_session.id].detailed_hearing
    before = counts(path)
    again = do_import(repo, office, file)
    assert not again.changed and again.conflicts == []
    assert counts(path) == before


def test_an_office_that_had_the_ledger_gets_only_the_new_site_rows(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """The office imported the same card ledger (CSV) itself: the card and its issue are
    the same rows, whoever typed them when; later the laptop's new events arrive alone."""
    office = keys[0]
    path, repo = office_db
    work = _site_work(laptop)
    repo.upsert_organizations(
        [OrganizationInput("D1", "市民部"), OrganizationInput("GEN", "総務課", "D1")]
    )
    repo.upsert_people(
        [PersonInput("P1", "窓口 一郎", "GEN", StaffType.REGULAR, PersonStatus.ACTIVE)]
    )
    gen = repo.find_organization("GEN")
    assert gen is not None
    office_site = SiteRepository(repo.engine)
    p1 = {p.staff_number: p.id for p in repo.people()}["P1"]
    office_site.add_card(
        NewCard(gen.id, "OP-01", CardKind.OPERATOR, CardUse.PERSONAL, holder_id=p1, issued_at=T0),
        "office",
    )
    receipt = do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    tables = receipt.to_json()["tables"]
    assert tables["card"] == {"added": 2, "updated": 0, "skipped": 1}
    assert tables["card_event"] == {"added": 6, "updated": 0, "skipped": 1}  # OP-01's issue
    assert len(office_site.cards(gen.id)) == 3
    # later on site: a check, a usage line, a receipt, a transport and a reclassification
    (office_session,) = repo.sessions()
    office_site.record_event(
        office_site.card_numbers()[(gen.id, "OP-01")],
        CardEventKind.PASSWORD_CHANGE,
        "office",
        at=ON_SITE + timedelta(days=3),
    )
    staff = {p.staff_number: p.id for p in laptop.repo.people()}
    work.site.record_event(
        work.cards["OP-01"], CardEventKind.NOT_SEEN, "監査 太郎", session_id=laptop.session_id
    )
    work.site.add_usages(
        [NewUsage(work.cards["G-01"], ON_SITE, "窓口 一郎", staff["P1"], "照会")], "監査 太郎"
    )
    work.site.record_receipt(work.transports[1], "サーバ室 管理者")
    work.site.add_transport(
        work.box,
        transport_date=date(2025, 3, 5),
        from_place="サーバ室",
        to_place="別館 金庫",
        carrier="係長",
        box_locked=True,
        key_separate=True,
        actor="監査 太郎",
    )
    work.hearing.classify(
        laptop.session_id, "B", detailed_hearing=False, note="", actor="監査 太郎"
    )
    file2 = export(laptop, keys, tmp_path / "2.bundle")
    receipt = do_import(repo, office, file2)
    tables = receipt.to_json()["tables"]
    assert tables["card"] == {"added": 0, "updated": 0, "skipped": 3}
    assert tables["card_event"] == {"added": 1, "updated": 0, "skipped": 7}
    assert tables["card_usage"] == {"added": 1, "updated": 0, "skipped": 2}
    assert tables["backup_storage"] == {"added": 0, "updated": 0, "skipped": 1}
    assert tables["backup_transport"] == {"added": 1, "updated": 1, "skipped": 1}
    assert tables["hearing_classification"] == {"added": 1, "updated": 0, "skipped": 1}
    assert receipt.conflicts == []
    states = _office_ledger(repo)
    assert states["OP-01"].last_check is CardEventKind.NOT_SEEN
    assert states["OP-01"].password_changed_at is not None  # the office's own event stays
    (box,) = office_site.storages()
    assert [t.receiver for t in office_site.transports([box.id])] == [
        "別館 管理者",
        "サーバ室 管理者",
        "",
    ]
    history = HearingRepository(repo.engine).history(office_session.id)
    assert [c.case_id for c in history] == ["A", "B"]
    before = counts(path)
    assert not do_import(repo, office, file2).changed and counts(path) == before


def test_card_and_storage_edits_on_the_laptop_are_merged(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """A storage: the newer `updated_at` wins. A card (no edit time): the bundle fills what
    the office left empty; a different value is a conflict, the office's kept. A recorded
    receiver is never overwritten."""
    office = keys[0]
    path, repo = office_db
    work = _site_work(laptop)
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    office_site = SiteRepository(repo.engine)
    (office_box,) = office_site.storages()
    cards = SQLModel.metadata.tables["card"]
    staff = {p.staff_number: p.id for p in laptop.repo.people()}
    work.site.update_storage(work.box, "監査 太郎", key_location="別館 金庫室", key_holder="課長")
    with laptop.repo.engine.begin() as conn:
        conn.execute(update(cards).where(cards.c.number == "G-01").values(note="朝夕に点検"))
        conn.execute(update(cards).where(cards.c.number == "OP-01").values(use=CardUse.GROUP.value))
        conn.execute(update(cards).where(cards.c.number == "G-01").values(members=[staff["P1"]]))
    office_site.record_receipt(office_site.transports([office_box.id])[1].id, "総務課 山田")
    work.site.record_receipt(work.transports[1], "別人")
    file2 = export(laptop, keys, tmp_path / "2.bundle")
    receipt = do_import(repo, office, file2)
    tables = receipt.to_json()["tables"]
    assert tables["backup_storage"]["updated"] == 1
    assert tables["card"] == {"added": 0, "updated": 1, "skipped": 2}
    (box,) = office_site.storages()
    assert (box.key_location, box.key_holder, box.updated_by) == (
        "別館 金庫室",
        "課長",
        "監査 太郎",
    )
    states = _office_ledger(repo)
    assert states["G-01"].card.note == "朝夕に点検"
    office_staff = {p.staff_number: p.id for p in repo.people()}
    assert states["G-01"].card.members == (office_staff["P1"], office_staff["P2"])
    assert states["OP-01"].card.use is CardUse.PERSONAL
    conflicts = {(c["table"], c["uid"]): c["fields"] for c in receipt.conflicts}
    assert conflicts == {
        ("card", "GEN/G-01"): ["members"],
        ("card", "GEN/OP-01"): ["use"],
        ("backup_transport", "GEN/保管箱A 2025-02-27"): ["receiver"],
    }
    assert office_site.transports([box.id])[1].receiver == "総務課 山田"
    before = counts(path)
    assert not do_import(repo, office, file2).changed and counts(path) == before
    # the office edits the storage later: the older laptop edit, sent again, does not undo it
    office_site.update_storage(box.id, "office", key_location="総務課 金庫")
    receipt = do_import(repo, office, file2)
    assert receipt.to_json()["tables"]["backup_storage"] == {
        "added": 0,
        "updated": 0,
        "skipped": 1,
    }
    assert office_site.storages()[0].key_location == "総務課 金庫"


def test_a_newer_classification_at_the_office_stays_the_current_one(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """The newest row of a session is its current classification: a laptop's older
    reclassification arriving later goes into the history before the office's."""
    office = keys[0]
    path, repo = office_db
    work = _site_work(laptop)
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    (session,) = repo.sessions()
    work.hearing.classify(
        laptop.session_id, "C", detailed_hearing=False, note="", actor="監査 太郎"
    )
    office_hearing = HearingRepository(repo.engine)
    office_hearing.classify(session.id, "B", detailed_hearing=True, note="再聴取", actor="office")
    file2 = export(laptop, keys, tmp_path / "2.bundle")
    receipt = do_import(repo, office, file2)
    assert receipt.to_json()["tables"]["hearing_classification"]["added"] == 1
    assert office_hearing.current([session.id])[session.id].case_id == "B"
    history = office_hearing.history(session.id)
    assert [(c.case_id, c.classified_by) for c in history] == [
        ("A", "監査 太郎"),
        ("C", "監査 太郎"),
        ("B", "office"),
    ]
    before = counts(path)
    assert not do_import(repo, office, file2).changed and counts(path) == before
    assert [c.case_id for c in office_hearing.history(session.id)] == ["A", "C", "B"]


def test_since_carries_the_site_rows_recorded_since_then(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office, inspector = keys[0], keys[1]
    _, repo = office_db
    work = _site_work(laptop)
    when = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    _backdate(laptop, when)
    t = SQLModel.metadata.tables
    with laptop.repo.engine.begin() as conn:
        for name, cols in {
            "card": ("created_at",),
            "card_event": ("at", "recorded_at"),
            "card_usage": ("used_at", "recorded_at"),
            "backup_storage": ("updated_at",),
            "backup_transport": ("recorded_at",),
            "hearing_classification": ("classified_at",),
        }.items():
            conn.execute(update(t[name]).values(**dict.fromkeys(cols, when)))
        conn.execute(update(t["backup_transport"]).values(transport_date=when.date()))
    recent = date.today() - timedelta(days=7)
    payload = bundle_module.collect(laptop.repo.engine, "GEN", recent)
    for name in ("card", "card_event", "card_usage", "backup_storage", "hearing_classification"):
        assert payload["tables"][name] == [], name
    # back on site: the lost card found elsewhere, the box moved, the case reclassified
    work.site.record_event(
        work.cards["SR-01"],
        CardEventKind.FOUND_ELSEWHERE,
        "監査 太郎",
        place="倉庫",
        session_id=laptop.session_id,
    )
    work.site.add_transport(
        work.box,
        transport_date=date.today(),
        from_place="サーバ室",
        to_place="別館 金庫",
        carrier="係長",
        box_locked=True,
        key_separate=True,
        actor="監査 太郎",
    )
    out = tmp_path / "since.bundle"
    counted = export_bundle(
        laptop.repo.engine,
        "GEN",
        out,
        signer=inspector,
        encryption_cert=office.encryption_cert,
        since=recent,
    )
    # the card whole (issue, loss, suspension, found), not the untouched cards; the storage
    # whole; the old session the event refers to, whole, with its classification
    assert counted["card"] == 1 and counted["card_event"] == 4 and counted["card_usage"] == 0
    assert counted["backup_storage"] == 1 and counted["backup_transport"] == 3
    assert counted["inspection_session"] == 1 and counted["hearing_classification"] == 1
    receipt = do_import(repo, office, out)
    assert receipt.to_json()["tables"]["card_event"]["added"] == 4
    (state,) = _office_ledger(repo).values()
    assert state.last_check_place == "倉庫"
    # a classification alone brings its session
    work.hearing.classify(
        laptop.session_id, "B", detailed_hearing=False, note="", actor="監査 太郎"
    )
    with laptop.repo.engine.begin() as conn:
        conn.execute(update(t["card_event"]).values(at=when, recorded_at=when))
        conn.execute(
            update(t["backup_transport"]).values(transport_date=when.date(), recorded_at=when)
        )
    payload = bundle_module.collect(laptop.repo.engine, "GEN", recent)
    assert len(payload["tables"]["hearing_classification"]) == 2
    assert len(payload["tables"]["inspection_session"]) == 1
    assert payload["tables"]["card"] == [] and payload["tables"]["backup_storage"] == []


def test_an_office_database_without_the_site_tables_takes_the_rest(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    path, repo = office_db
    _site_work(laptop)
    file = export(laptop, keys, tmp_path / "gen.bundle")
    site_tables = (
        "hearing_classification",
        "backup_transport",
        "backup_storage",
        "card_usage",
        "card_event",
        "card",
    )
    for name in site_tables:
        execute(path, f"drop table {name}")
    receipt = do_import(repo, office, file)
    assert receipt.to_json()["tables"]["answer"]["added"] == 3
    assert sorted(receipt.ignored_tables) == sorted(site_tables)

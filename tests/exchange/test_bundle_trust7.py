# ruff: noqa: F811 - the fixtures of test_bundle are imported by name
"""Bundles that would change what the office already has (hunt7 H1, H2, M1, M3, L1): a
bundle signed by one inspector changing another inspector's visit, a session uid reused
for another session, a finding carried with another organization than its session's, a
bundle signed with the office's document key, a tampered header time; and (H3, L3) a full
disk during the merge, a missing file. Each refused with what and where, the database
unchanged; what a bundle does change names its signer."""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import event
from sqlalchemy.pool import Pool

from inspector.cli.main import cli
from inspector.domain.findings import FindingDraft, FindingKind
from inspector.domain.model import AnswerState, Role, SessionKind
from inspector.exchange import bundle as bundle_module
from inspector.exchange.bundle import BundleRefused, load_signer, seal
from inspector.reports.key_roles import KeyRole
from inspector.reports.keys import Identity, KeyProblem, issue_inspector
from inspector.store.repository import Repository
from tests.db_rows import scalar
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

OTHER = "悪意 次郎"
CLERK = "事務 花子"


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("INSPECTOR_LANG", "en")


@pytest.fixture(scope="module")
def others(keys: tuple) -> tuple[Identity, Identity]:
    """Another inspector of our office, and the office's own document key."""
    office = keys[0]
    issue_inspector(office.keys_dir, OTHER, "130", PASS, replace=True)
    issue_inspector(office.keys_dir, CLERK, "130", PASS, replace=True, role=KeyRole.OFFICE)
    return load_signer(office.keys_dir, OTHER, PASS), load_signer(office.keys_dir, CLERK, PASS)


def _dump(url: str) -> list[tuple[Any, ...]]:
    """Every row of the tables a bundle writes, read by a new connection."""
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return [
                (name, *row)
                for name in (
                    "inspection_session",
                    "answer",
                    "answer_change",
                    "session_event",
                    "finding",
                    "finding_change",
                    "improvement_plan",
                )
                for row in conn.execute(text(f"select * from {name} order by id"))
            ]
    finally:
        engine.dispose()


# -- H1: the signer, recorded; another inspector's visit, kept ---------------------------


def test_a_bundle_of_another_inspector_cannot_withdraw_a_finding_of_the_visit(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    others: tuple[Identity, Identity],
    tmp_path: Path,
) -> None:
    office, inspector = keys[0], keys[1]
    url, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    (finding,) = laptop.findings.findings()
    laptop.findings.withdraw_finding(finding.id, "誤記のため", "監査 太郎")
    evil = export_as(laptop, office, others[0], tmp_path / "evil.bundle")
    before = _dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, evil)
    message = str(refused.value)
    assert "evil.bundle" in message and f"signed with the key of {OTHER}" in message
    assert "監査 太郎's inspection visit" in message
    assert f"finding {finding.uid}" in message
    assert _dump(url) == before
    # the visit's own inspector may: the change and the office's record name the signer
    own = export_as(laptop, office, inspector, tmp_path / "own.bundle")
    receipt = do_import(repo, office, own)
    bundle_id = receipt.bundles[0]["bundle_id"]
    serial = f"{inspector.certificate.serial_number:x}"
    label = f"bundle {bundle_id} signed by 監査 太郎 (certificate {serial})"
    fid = scalar(url, f"select id from finding where uid = '{finding.uid}'")
    assert scalar(url, f"select withdrawn_reason from finding where id = {fid}") == "誤記のため"
    logged = scalar(
        url, f"select changed_by from finding_change where finding_id = {fid} and action='bundle'"
    )
    assert logged == f"office ({label})"
    (session,) = repo.sessions()
    notes = [e[3] for e in repo.session_events(session.id) if e[0] == "bundle_imported"]
    assert notes[-1] == label


def test_a_bundle_of_another_inspector_cannot_change_the_answers_of_the_visit(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    others: tuple[Identity, Identity],
    tmp_path: Path,
) -> None:
    office = keys[0]
    url, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    laptop.repo.reopen_session(laptop.session_id, "監査 太郎", "訂正")
    laptop.repo.save_answer(
        laptop.session_id, "c2", lambda _old: AnswerState(value="noncompliant"), "監査 太郎"
    )
    before = _dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, export_as(laptop, office, others[0], tmp_path / "e.bundle"))
    message = str(refused.value)
    assert "answer c2" in message and "the session's status" in message
    assert _dump(url) == before


def test_another_inspector_may_carry_the_visit_unchanged_and_new_work(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    others: tuple[Identity, Identity],
    tmp_path: Path,
    mini_catalog: Any,
) -> None:
    """The laptop's other work travels in any inspector's bundle: 太郎's visit as the
    office has it (nothing changes), a self-check and 次郎's own visit (new), recorded
    as arrived in 次郎's bundle."""
    office = keys[0]
    _url, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
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
    receipt = do_import(repo, office, export_as(laptop, office, others[0], tmp_path / "2.bundle"))
    assert receipt.to_json()["tables"]["inspection_session"]["added"] == 1
    sessions = {s.uid: s for s in repo.sessions()}
    visit = sessions[laptop.repo.session(laptop.session_id).uid]
    new = sessions[check.uid]
    events = lambda sid: [e for e in repo.session_events(sid) if e[0] == "bundle_imported"]  # noqa: E731
    assert len(events(visit.id)) == 1  # the first import only: 次郎's changed nothing of it
    (arrived,) = events(new.id)
    assert f"signed by {OTHER}" in arrived[3]
    # the self-check, answered again, may come in 次郎's bundle too
    laptop.repo.save_answer(
        check.id, "c1", lambda _o: AnswerState(value="noncompliant"), "総務 一郎"
    )
    do_import(repo, office, export_as(laptop, office, others[0], tmp_path / "3.bundle"))
    assert repo.answers(new.id)["c1"].state.value == "noncompliant"
    assert len(events(new.id)) == 2


# -- H2: a uid of another session --------------------------------------------------------


def _payload(laptop: Laptop, organization: str = "D1") -> dict[str, Any]:
    return bundle_module.collect(laptop.repo.engine, organization)


def _seal(payload: dict[str, Any], office: Office, signer: Identity, path: Path) -> Path:
    path.write_bytes(seal(payload, signer.key, signer.certificate, office.encryption_cert))
    return path


def test_a_session_reusing_the_uid_of_another_session_is_refused(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    tmp_path: Path,
    mini_catalog: Any,
) -> None:
    office, inspector = keys[0], keys[1]
    url, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    visit_uid = laptop.repo.session(laptop.session_id).uid
    tax = laptop.repo.find_organization("TAX")
    assert tax is not None
    check = laptop.repo.start_session(
        mini_catalog.get("mini"), tax.id, role=Role.HEAD, kind=SessionKind.SELF_CHECK
    )
    laptop.repo.save_answer(check.id, "c1", lambda _o: AnswerState(value="compliant"), "税務 一郎")
    payload = _payload(laptop)
    tables = payload["tables"]
    (row,) = [r for r in tables["inspection_session"] if r["uid"] == check.uid]
    number = tables["inspection_session"].index(row) + 1
    row["uid"] = visit_uid
    tables["inspection_session"] = [
        r for r in tables["inspection_session"] if r is row or r["uid"] != visit_uid
    ]
    number = tables["inspection_session"].index(row) + 1
    for name in ("answer", "answer_change", "session_event", "finding"):
        tables[name] = [r for r in tables[name] if r.get("session_id") != visit_uid]
        for r in tables[name]:
            if r.get("session_id") == check.uid:
                r["session_id"] = visit_uid
    for name in ("finding_change", "improvement_plan", "improvement_plan_change"):
        tables[name] = []
    tables["measure_entry"] = []
    before = _dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, _seal(payload, office, inspector, tmp_path / "h.bundle"))
    message = str(refused.value)
    assert f"table inspection_session, row {number}: uid {visit_uid}" in message
    assert "inspection visit of GEN (checklist mini, 監査 太郎)" in message
    assert "self-check of TAX (checklist mini, no inspector recorded)" in message
    assert _dump(url) == before


# -- M3: a finding of another organization than its session's ----------------------------


def test_a_finding_carried_with_another_organization_than_its_session_is_refused(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office, inspector = keys[0], keys[1]
    url, repo = office_db
    payload = _payload(laptop)
    (finding,) = payload["tables"]["finding"]
    good = _seal(copy.deepcopy(payload), office, inspector, tmp_path / "good.bundle")
    finding["organization_id"] = "TAX"
    before = _dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, good, _seal(payload, office, inspector, tmp_path / "m.bundle"))
    message = str(refused.value)
    assert "table finding, row 1, field organization_id" in message
    assert "organization TAX differs from the organization GEN" in message
    assert _dump(url) == before


# -- M1: the office's document key signs no bundle ---------------------------------------


def test_the_office_role_key_signs_no_bundle(
    laptop: Laptop,
    office_db: tuple[str, Repository],
    keys: tuple,
    others: tuple[Identity, Identity],
    tmp_path: Path,
) -> None:
    office = keys[0]
    url, repo = office_db
    clerk = others[1]
    with pytest.raises(KeyProblem, match=f'the key of "{CLERK}" is the office\'s key'):
        export_as(laptop, office, clerk, tmp_path / "x.bundle")
    assert not (tmp_path / "x.bundle").exists()
    made = _seal(_payload(laptop, "GEN"), office, clerk, tmp_path / "clerk.bundle")
    before = counts(url)
    with pytest.raises(BundleRefused, match=f"office's document key \\({CLERK}\\)"):
        do_import(repo, office, made)
    assert counts(url) == before


# -- L1: the signature before what the header says ---------------------------------------


def test_a_header_time_moved_ahead_is_refused_as_altered(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    office = keys[0]
    url, repo = office_db
    data = export(laptop, keys, tmp_path / "1.bundle").read_bytes()
    start = data.index(b'"created_at":"') + len(b'"created_at":"')
    year = int(data[start : start + 4])
    forged = data[:start] + str(year + 1000).encode() + data[start + 4 :]
    path = tmp_path / "future.bundle"
    path.write_bytes(forged)
    before = counts(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, path)
    assert "signature does not match" in str(refused.value)
    assert "in the future" not in str(refused.value)
    assert counts(url) == before


# -- H3: a full disk; L3: a missing file before the passphrase ----------------------------


@pytest.fixture
def full_disk() -> Iterator[Callable[[Path], None]]:
    """`fill(path)`: from now on, every connection to the SQLite file `path` may not let it
    grow (PRAGMA max_page_count at its size): SQLite's own "database or disk is full"
    (SQLITE_FULL), as on a disk with no room left; a test cannot mount a tiny one in CI."""
    files: set[str] = set()

    def limit(dbapi_conn: Any, _record: Any) -> None:
        cursor = dbapi_conn.cursor()
        (name,) = [r[2] for r in cursor.execute("PRAGMA database_list") if r[1] == "main"]
        if name in files:
            (pages,) = cursor.execute("PRAGMA page_count").fetchone()
            cursor.execute(f"PRAGMA max_page_count = {pages}")
        cursor.close()

    event.listen(Pool, "connect", limit)
    try:
        yield lambda path: files.add(str(path.resolve()))
    finally:
        event.remove(Pool, "connect", limit)


def test_a_full_disk_during_the_import_is_refused_in_words(
    laptop: Laptop,
    keys: tuple,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    full_disk: Callable[[Path], None],
) -> None:
    office = keys[0]
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(office.keys_dir))
    monkeypatch.delenv("INSPECTOR_LANG")  # Japanese, the default
    passfile = tmp_path / "pass.txt"
    passfile.write_bytes(PASS + b"\n")
    passfile.chmod(0o600)  # else the run warns of it first (hunt9 L2)
    gen = laptop.repo.find_organization("GEN")
    assert gen is not None
    draft = FindingDraft(  # a long text: new pages, which the full disk has no room for
        kind=FindingKind.FINDING,
        title="長い記録",
        text="記録" * 20000,
        organization_id=gen.id,
        session_id=laptop.session_id,
    )
    laptop.findings.add_finding(draft, "監査 太郎")
    file = export(laptop, keys, tmp_path / "gen.bundle")
    db = tmp_path / "office.db"
    runner = CliRunner()
    from inspector.store.database import open_database

    open_database(f"sqlite:///{db}").dispose()  # an empty office database
    full_disk(db)
    before = counts(db)
    result = runner.invoke(
        cli, ["--db", str(db), "bundle", "import", str(file), "--passphrase-file", str(passfile)]
    )
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output + result.stderr
    assert result.stderr.startswith("エラー:")
    assert "ディスクがいっぱいか、故障しています" in result.stderr
    assert str(db) in result.stderr and "何も取り込んでいません" in result.stderr
    assert counts(db) == before


def test_a_missing_file_is_named_before_the_passphrase_is_asked(
    keys: tuple, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(keys[0].keys_dir))
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE", raising=False)
    missing = tmp_path / "nope.bundle"
    result = CliRunner().invoke(
        cli, ["--db", str(tmp_path / "office.db"), "bundle", "import", str(missing)], input=""
    )
    assert result.exit_code == 1
    assert f"{missing}: no such file" in result.stderr
    assert "passphrase" not in result.output.lower() + result.stderr.lower()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_events_a_bundle_writes_have_a_label_in_the_session_history(lang: str) -> None:
    """The summary screen labels each event by `tui.summary.event.<action>`: the ones an
    import writes are named, not shown as a catalogue key."""
    from inspector.exchange.bundle.signer import ACCEPTED_EXPIRED
    from inspector.exchange.bundle.trust import BUNDLE_IMPORTED
    from inspector.i18n import LOCALES_DIR, parse_catalogue

    messages = parse_catalogue(sorted((LOCALES_DIR / lang).glob("*.toml")))
    for action in (BUNDLE_IMPORTED, ACCEPTED_EXPIRED):
        assert messages.get(f"tui.summary.event.{action}"), action


def test_answers_of_a_completed_session_do_not_change_without_a_reopening(
    laptop: Laptop, office_db: tuple[str, Repository], keys: tuple, tmp_path: Path
) -> None:
    """On a laptop a completed session's answers change only after a logged reopening; a
    bundle that changes them while the office's session stays completed is refused (its
    own inspector's key or not). Reopened and completed again, the change comes in."""
    office, inspector = keys[0], keys[1]
    url, repo = office_db
    do_import(repo, office, export(laptop, keys, tmp_path / "1.bundle"))
    payload = _payload(laptop, "GEN")
    (c2,) = [a for a in payload["tables"]["answer"] if a["item_id"] == "c2"]
    c2["value"], c2["answered_at"] = "noncompliant", datetime.now(UTC).isoformat()
    before = _dump(url)
    with pytest.raises(BundleRefused) as refused:
        do_import(repo, office, _seal(payload, office, inspector, tmp_path / "c.bundle"))
    assert "is completed in this database" in str(refused.value)
    assert "answer c2" in str(refused.value)
    assert _dump(url) == before
    laptop.repo.reopen_session(laptop.session_id, "監査 太郎", "訂正")
    laptop.repo.save_answer(
        laptop.session_id, "c2", lambda _old: AnswerState(value="noncompliant"), "監査 太郎"
    )
    laptop.repo.complete_session(laptop.session_id, "監査 太郎")
    do_import(repo, office, export(laptop, keys, tmp_path / "2.bundle"))
    (session,) = repo.sessions()
    assert repo.answers(session.id)["c2"].state.value == "noncompliant"

"""The notice read and recorded with plain `sqlite3` (`store/plain_notice.py`) equals the
ORM's path: for every visit of the demo and a tricky one (several checklists, a withdrawn
finding, a layout, a long text, a requested deadline, plans with entries, a revoked key,
a notice and its re-issue) the plain read gives the same values and the same notice
content (same content hash), and the `issued_document` rows each path writes are the same,
column by column, with the same SQLite storage types and time format."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.config import Settings
from inspector.context import AppContext
from inspector.demo.city import AUDITOR
from inspector.domain.documents import content_hash
from inspector.domain.findings import FindingDraft, FindingKind, MeasureStatus
from inspector.i18n import Message
from inspector.services.documents import document_service
from inspector.store import plain_notice
from inspector.store.errors import DatabaseError
from inspector.store.plain_notice import PlainNoticeStore, plain_notice_store
from inspector.store.repositories.revocations import all_revocations

ISSUED = date(2026, 12, 3)
TRICKY = 25  # contractor-data at organization 3 on 2026-11-03: with 21 and 22 one visit
OTHER = "監査 次郎"


def _cli(db: Path, *args: str) -> None:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo with the tricky visit, keys (one revoked) and a notice and its re-issue."""
    folder = tmp_path_factory.mktemp("plain")
    mp = pytest.MonkeyPatch()
    mp.setenv("INSPECTOR_KEYS_DIR", str(folder / "keys"))
    mp.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    mp.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")  # keys issue
    mp.delenv("INSPECTOR_SIGNER", raising=False)
    db = folder / "demo.db"
    _cli(db, "demo")
    _cli(db, "keys", "init-office")
    _cli(db, "keys", "issue", AUDITOR, "--organization", "130")
    _cli(db, "keys", "issue", OTHER, "--organization", "130")
    _cli(db, "keys", "revoke", OTHER, "--reason", "紛失")
    ctx = AppContext(Settings(db=str(db)))
    layout = next(f.layout for f in ctx.findings.findings() if f.layout is not None)
    session = ctx.repo.session(TRICKY)

    def add(title: str, text: str, **more: object) -> int:
        draft = FindingDraft(
            kind=FindingKind.FINDING,
            title=title,
            text=text,
            organization_id=session.organization_id,
            session_id=TRICKY,
            **more,  # type: ignore[arg-type]
        )
        return ctx.findings.add_finding(draft, "テスト").id

    long_id = add(
        "長い所見",
        "委託先の管理に不備があります。" * 80,
        items=("c-01",),
        answers={"c-01": "noncompliant"},
        evidence=("契約書", "台帳"),
        requested_measure="台帳を整備してください。\n月次で確認してください。",
        layout=layout,
        requested_deadline=date(2027, 1, 15),
    )
    withdrawn = add("取り下げる所見", "誤りでした。")
    ctx.findings.withdraw_finding(withdrawn, "重複", "テスト")
    plan = ctx.findings.add_plan(
        long_id,
        measures="台帳を作ります。",
        responsible_organization_id=session.organization_id,
        responsible_person="担当 花子",
        deadline=date(2027, 2, 1),
        actor="テスト",
    )
    ctx.findings.add_entry(plan.id, MeasureStatus.ONGOING, date(2026, 11, 20), "着手", "テスト")
    ctx.findings.add_plan(
        long_id,
        measures="研修します。",
        responsible_organization_id=session.organization_id,
        responsible_person="",
        deadline=date(2027, 1, 10),
        actor="テスト",
    )
    ctx.close()
    _cli(db, "report", "notice", "--session", "1", "-o", str(folder / "n1.pdf"))
    _cli(db, "report", "notice", "--session", "1", "--reissue", "-o", str(folder / "n1r.pdf"))
    yield db
    mp.undo()


@pytest.fixture()
def both(world: Path) -> Iterator[tuple[AppContext, PlainNoticeStore]]:
    ctx = AppContext(Settings(db=str(world)))
    with plain_notice_store(ctx.settings.database_url, None) as plain:
        assert plain is not None
        yield ctx, plain
    ctx.close()


def test_the_plain_reads_equal_the_repositories(both: tuple[AppContext, PlainNoticeStore]) -> None:
    ctx, plain = both
    assert plain.organizations() == ctx.repo.organizations()
    sessions = ctx.repo.sessions()
    assert plain.sessions() == sessions
    for org in ctx.repo.organizations():
        assert plain.sessions(organization_id=org.id) == ctx.repo.sessions(organization_id=org.id)
    assert plain.sessions(checklist_id="server-room", limit=2) == ctx.repo.sessions(
        checklist_id="server-room", limit=2
    )
    for s in sessions:
        assert plain.session(s.id) == ctx.repo.session(s.id)
        orm = {k: a.state for k, a in ctx.repo.answers(s.id).items()}
        assert {k: a.state for k, a in plain.answers(s.id).items()} == orm
        assert plain.findings(session_id=s.id) == ctx.findings.findings(session_id=s.id)
    findings = ctx.findings.findings()
    assert plain.findings() == findings
    assert any(f.layout for f in findings) and any(f.requested_deadline for f in findings)
    for f in ctx.findings.findings(include_withdrawn=True):
        assert plain.plans_for(f.id) == ctx.findings.plans_for(f.id)
    assert any(p.entries for f in findings for p in ctx.findings.plans_for(f.id))
    documents = ctx.findings.documents()
    assert [d.reissue_of is not None for d in documents] == [False, True]
    assert plain.documents() == documents
    assert plain.documents(session_id=1) == ctx.findings.documents(session_id=1)
    revoked = all_revocations(ctx.engine)
    assert len(revoked) == 1 and plain.revocations() == revoked


def test_every_notice_has_the_same_content(both: tuple[AppContext, PlainNoticeStore]) -> None:
    ctx, plain = both
    orm_service, plain_service = document_service(ctx), document_service(ctx, plain)
    visits = [s.id for s in ctx.repo.sessions() if s.kind.value == "inspection"]
    assert TRICKY in visits and len(visits) > 10
    for sid in visits:
        orm = orm_service.notice_data(sid, issue_date=ISSUED)
        same = plain_service.notice_data(sid, issue_date=ISSUED)
        same = replace(same, doc_id=orm.doc_id)  # a new random id at each gathering
        assert same == orm
        assert content_hash(same) == content_hash(orm)
    tricky = orm_service.notice_data(TRICKY, issue_date=ISSUED)
    assert len(tricky.counts) == 3 and "取り下げる所見" not in str(tricky.findings)


def _issued(db: Path) -> list[dict[str, object]]:
    with sqlite3.connect(db) as conn:
        names = [r[1] for r in conn.execute("PRAGMA table_info(issued_document)")]
        select = ", ".join(f"{n}, typeof({n})" for n in names)
        found = []
        for row in conn.execute(f"SELECT {select} FROM issued_document ORDER BY id"):
            found.append({n: (row[2 * i], row[2 * i + 1]) for i, n in enumerate(names)})
    return found


def _notice_with(db: Path, tmp: Path, plain_path: bool, *more: str) -> None:
    mp = pytest.MonkeyPatch()
    # Each copy of the database has its own copy of the keys folder: the number ledger
    # there would otherwise (rightly) see the second copy's notice as a restore's reuse.
    keys = tmp / f"keys_{db.stem}"
    if not keys.exists():
        shutil.copytree(os.environ["INSPECTOR_KEYS_DIR"], keys)
    mp.setenv("INSPECTOR_KEYS_DIR", str(keys))
    if not plain_path:  # the ORM's path, as on PostgreSQL or an encrypted file

        def none(_url: str, _passphrase: str | None, **_options: object) -> Iterator[None]:
            yield None

        mp.setattr(plain_notice, "plain_notice_store", contextmanager(none))
    try:
        out = tmp / f"{db.stem}_{len(_issued(db))}.pdf"
        _cli(db, "report", "notice", "--session", str(TRICKY), *more, "-o", str(out))
        verified = CliRunner().invoke(cli, ["--db", str(db), "verify", str(out)])
        assert verified.exit_code == 0, verified.output
    finally:
        mp.undo()


def test_both_paths_record_the_same_rows(world: Path, tmp_path: Path) -> None:
    """A notice and its re-issue, recorded by each path on a copy of one database."""
    orm_db, plain_db = tmp_path / "orm.db", tmp_path / "plain.db"
    for copy in (orm_db, plain_db):
        shutil.copy(world, copy)
    for more in ((), ("--reissue",)):
        _notice_with(orm_db, tmp_path, False, *more)
        _notice_with(plain_db, tmp_path, True, *more)
    orm, same = _issued(orm_db), _issued(plain_db)
    assert len(orm) == len(same) == 4
    time_format = re.compile(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00")
    doc_ids = [{}, {}]  # type: list[dict[object, int]]
    for a, b in zip(orm, same, strict=True):
        for column in a:
            (va, ta), (vb, tb) = a[column], b[column]
            assert ta == tb, column  # the same storage type (integer, text, null)
            if column == "issued_at":
                assert time_format.fullmatch(str(va)) and time_format.fullmatch(str(vb))
            elif column == "doc_id":
                doc_ids[0][va], doc_ids[1][vb] = a["id"][0], b["id"][0]  # type: ignore[index]
            elif column == "reissue_of":  # the original's id of each copy
                assert (va is None) == (vb is None)
                if va is not None:
                    assert doc_ids[0][va] == doc_ids[1][vb]
            elif column not in ("content_hash", "file_sha256", "path"):
                assert va == vb, column
    assert [r["number"][0] for r in same][2:] == ["監第2号", "監第2号"]


def test_the_record_checks_and_refuses_as_the_orm_does(world: Path, tmp_path: Path) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(world, db)
    url = f"sqlite:///{db}"
    fields = {"kind": "notice", "content_hash": "x", "issued_by": "t", "session_id": 1}
    with plain_notice_store(url, None) as plain:
        assert plain is not None
        seen: list[object] = []

        class Taken(Exception):
            pass

        def refuse(documents: list[object]) -> None:
            seen.extend(documents)
            raise Taken

        with pytest.raises(Taken):
            plain.record_document(doc_id="N-1", check=refuse, **fields)  # type: ignore[arg-type]
        assert seen == plain.documents() and len(seen) == 2  # nothing written
        # the number's unique index: a second original with one number is refused as the
        # ORM refuses it, in words, after the retries
        taken = plain.documents()[0]
        assert taken.number and taken.fiscal_year and taken.serial
        number = (taken.number, taken.fiscal_year, taken.serial)
        with pytest.raises(DatabaseError) as refused:
            plain.record_document(doc_id="N-2", number=number, check=lambda _d: None, **fields)  # type: ignore[arg-type]
        assert "UNIQUE constraint failed" in str(refused.value)
        assert len(plain.documents()) == 2
        recorded = plain.record_document(doc_id="N-3", check=lambda _d: None, **fields)  # type: ignore[arg-type]
        assert plain.documents()[-1] == recorded
    ctx = AppContext(Settings(db=str(db)))
    try:
        assert ctx.findings.documents()[-1] == recorded  # the ORM reads back what was written
    finally:
        ctx.close()


def test_a_locked_database_is_refused_in_the_same_words(
    world: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "copy.db"
    shutil.copy(world, db)
    monkeypatch.setattr(plain_notice, "BUSY_TIMEOUT_S", 0.05)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with plain_notice_store(f"sqlite:///{db}", None) as plain:
            assert plain is not None
            with pytest.raises(DatabaseError) as refused:
                plain.record_document(
                    doc_id="N-9", kind="notice", content_hash="x", issued_by="t",
                    check=lambda _d: None,
                )  # fmt: skip
        assert str(refused.value) == str(Message("more.store.failure.locked"))
    finally:
        holder.rollback()
        holder.close()
    assert "N-9" not in json.dumps(_issued(db), ensure_ascii=False)  # nothing written

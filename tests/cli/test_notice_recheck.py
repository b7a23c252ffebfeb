"""A notice is gathered once, before the passphrase is asked; what changes in the database
while the passphrase is typed (a finding withdrawn or added, the inspector renamed) is
caught in the transaction that records the notice: it is gathered again there, and built
and signed again when it differs, or refused when it now names someone else. Real child
processes, a FIFO as the passphrase file (the child is waiting on it while the database
changes), signed PDFs read back and verified, on SQLite and PostgreSQL alike."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from inspector.cli.main import cli
from inspector.demo.city import AUDITOR
from inspector.domain.documents import NoticeData
from inspector.domain.findings import FindingDraft, FindingKind
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.cli.test_document_number_race import auditor_visits, office
from tests.db_rows import rows

__all__ = ["office"]  # the fixture, shared with the race tests

ISSUED = "2026-12-02"


def pdf_text(path: Path) -> str:
    return "".join("".join((page.extract_text() or "").split()) for page in PdfReader(path).pages)


def add_finding(database_url: str, session_id: int, title: str) -> int:
    engine = open_database(database_url)
    try:
        session = Repository(engine).session(session_id)
        draft = FindingDraft(
            kind=FindingKind.FINDING,
            title=title,
            text="記録の直前に確認します。",
            organization_id=session.organization_id,
            session_id=session_id,
        )
        return FindingRepository(engine).add_finding(draft, "テスト").id
    finally:
        engine.dispose()


def notices(database_url: str) -> list[tuple[object, ...]]:
    engine = open_database(database_url)
    try:
        return rows(
            Repository(engine),
            "select session_id, signer, content_hash from issued_document where kind = 'notice'",
        )
    finally:
        engine.dispose()


def issue_while(
    db_arg: str, env: dict[str, str], sid: int, out: Path, change: Callable[[], None]
) -> tuple[int, str]:
    """Issue the notice of `sid`, running `change` while the child waits for its
    passphrase (after it gathered, checked and numbered the notice). Exit code, stderr."""
    fifo = out.with_suffix(".fifo")
    os.mkfifo(fifo)
    child_env = {k: v for k, v in env.items() if k != "INSPECTOR_KEY_PASSPHRASE"}
    command = [sys.executable, "-m", "inspector", "--db", db_arg, "report", "notice"]
    command += ["--session", str(sid), "--signer", AUDITOR, "--date", ISSUED]
    command += ["--passphrase-file", str(fifo), "-o", str(out)]
    child = subprocess.Popen(command, env=child_env, stderr=subprocess.PIPE)
    # Opening the FIFO for writing succeeds once the child opened it to read the
    # passphrase: the notice has been gathered by then.
    writer = None
    while writer is None:
        try:
            writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
        except OSError as exc:
            assert exc.errno == errno.ENXIO, exc
            assert child.poll() is None, child.communicate()[1].decode()
            os.sched_yield()
    try:
        change()
        os.write(writer, b"pw\n")
    finally:
        os.close(writer)
    _out, err = child.communicate(timeout=300)
    return child.returncode, err.decode()


def files(folder: Path) -> set[str]:
    """What is in `folder` but the database's own files and the passphrase FIFO."""
    return {p.name for p in folder.iterdir() if not p.name.startswith("inspector.db")} - {
        "notice.fifo"
    }


def verified(db_arg: str, env: dict[str, str], out: Path) -> None:
    result = CliRunner().invoke(cli, ["--db", db_arg, "verify", str(out)], env=env)
    assert result.exit_code == 0, result.output


def test_a_finding_withdrawn_while_the_passphrase_is_typed_is_not_on_the_notice(
    database_url: str, db_arg: str, office: dict[str, str], tmp_path: Path
) -> None:
    sid = auditor_visits(database_url)[0]
    doomed = add_finding(database_url, sid, "取下げ予定の指摘")
    out = tmp_path / "notice.pdf"

    def withdraw() -> None:
        result = CliRunner().invoke(
            cli,
            ["--db", db_arg, "findings", "withdraw", str(doomed), "--reason", "誤り"],
            env=office,
        )
        assert result.exit_code == 0, result.output

    code, err = issue_while(db_arg, office, sid, out, withdraw)
    assert code == 0, err
    assert "Traceback" not in err
    text = pdf_text(out)
    assert "取下げ予定の指摘" not in text
    assert "第1号" in text  # the number the register holds, built again with it
    [(_session, signer, _hash)] = notices(database_url)
    assert signer == AUDITOR
    verified(db_arg, office, out)


def test_a_finding_added_while_the_passphrase_is_typed_is_on_the_notice(
    database_url: str, db_arg: str, office: dict[str, str], tmp_path: Path
) -> None:
    sid = auditor_visits(database_url)[0]
    out = tmp_path / "notice.pdf"
    code, err = issue_while(
        db_arg, office, sid, out, lambda: add_finding(database_url, sid, "発行中に追加した指摘")
    )
    assert code == 0, err
    assert "発行中に追加した指摘" in pdf_text(out)
    assert len(notices(database_url)) == 1
    verified(db_arg, office, out)


def test_the_inspector_renamed_while_the_passphrase_is_typed_refuses_the_notice(
    database_url: str, db_arg: str, office: dict[str, str], tmp_path: Path
) -> None:
    """The notice would now name someone else: the auditor's key does not sign it."""
    sid = auditor_visits(database_url)[0]
    out = tmp_path / "notice.pdf"
    before = files(tmp_path)

    def rename() -> None:
        engine = open_database(database_url)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(
                    "update inspection_session set inspector_name = '別人 次郎'"
                    f" where inspector_name = '{AUDITOR}'"
                )
        finally:
            engine.dispose()

    code, err = issue_while(db_arg, office, sid, out, rename)
    assert code == 1, err
    assert "別人 次郎" in err and "変更されました" in err and "Traceback" not in err
    assert files(tmp_path) == before  # neither the notice nor a temporary file
    assert notices(database_url) == []


def test_a_notice_that_keeps_changing_is_refused_after_some_rounds(
    database_url: str,
    db_arg: str,
    office: dict[str, str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Someone adds a finding each time the notice is built and signed: gathered, built and
    signed again a bounded number of times, then refused; no file, nothing recorded."""
    from inspector.config import Settings
    from inspector.context import AppContext
    from inspector.reports.issuing import NUMBERING_ROUNDS
    from inspector.reports.keys import load_identity
    from inspector.reports.notice_rules import IssueRefused
    from inspector.services.documents import _numbered, document_service

    sid = auditor_visits(database_url)[0]
    keys = Path(office["INSPECTOR_KEYS_DIR"])
    context = AppContext(Settings(db=db_arg, keys_dir=keys, user="t"))  # type: ignore[arg-type]
    service = document_service(context)
    [(numbered, numbering)] = _numbered(
        service, [service.notice_data(sid, issue_date=date(2026, 12, 2))], reissue=False
    )
    rendered = service._rendered
    added: list[int] = []

    def signed_meanwhile(data: NoticeData, *args: object) -> object:
        # while each build is signed, someone adds a finding (committed before the check)
        added.append(add_finding(database_url, sid, f"追加{len(added)}"))
        return rendered(data, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(service, "_rendered", signed_meanwhile)
    out = tmp_path / "notice.pdf"
    identity = load_identity(keys, AUDITOR, b"pw")
    with pytest.raises(IssueRefused, match="続けて変更"):
        service.issue(numbered, out, identity, guard=context.output_guard(), numbering=numbering)
    context.engine.dispose()
    assert len(added) == NUMBERING_ROUNDS
    assert not out.exists() and notices(database_url) == []

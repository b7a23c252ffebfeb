"""Notices issued by several processes at once get different document numbers (文書番号),
on SQLite and PostgreSQL alike: the number is checked again in the transaction that
records the notice, and a unique index keeps two originals from sharing one. Two processes
issuing the same visit: one notice, the other refused. The numbers printed in the signed
PDFs are read back and compared with the register."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from inspector.cli.main import cli
from inspector.demo.city import AUDITOR, build_demo
from inspector.domain.catalog import ChecklistCatalog
from inspector.resources import shipped_checklists_dir
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.db_rows import rows

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 30)
WRITERS = 5


@pytest.fixture
def office(database_url: str, db_arg: str, tmp_path: Path) -> dict[str, str]:
    """The demo city on the test's database, an office root and the auditor's key; the
    environment the child processes run in."""
    engine = open_database(database_url)
    build_demo(Repository(engine), ChecklistCatalog.from_folders([shipped_checklists_dir()]), TODAY)
    engine.dispose()
    config = tmp_path / "config.toml"
    config.write_text('municipality = "みどり市"\noffice = "監査室"\n', encoding="utf-8")
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("INSPECTOR_") or key == "INSPECTOR_TEST_PG_BIN"
    }
    env |= {
        "PYTHONPATH": str(ROOT),
        "INSPECTOR_CONFIG": str(config),
        "INSPECTOR_KEYS_DIR": str(tmp_path / "keys"),
        "INSPECTOR_KEY_PASSPHRASE": "pw",
        "INSPECTOR_NEW_KEY_PASSPHRASE": "pw",  # keys issue
    }
    for args in (["keys", "init-office"], ["keys", "issue", AUDITOR, "--organization", "130"]):
        result = CliRunner().invoke(cli, ["--db", db_arg, *args], env=env)
        assert result.exit_code == 0, result.output
    return env


def auditor_visits(database_url: str) -> list[int]:
    """One session of each completed visit of the auditor that has findings."""
    engine = open_database(database_url)
    try:
        repo, findings = Repository(engine), FindingRepository(engine)
        seen: set[tuple[object, ...]] = set()
        found = []
        for s in repo.sessions():
            key = (s.organization_id, s.session_date, s.inspector_name)
            if s.inspector_name != AUDITOR or not s.is_completed or key in seen:
                continue
            if findings.findings(session_id=s.id):
                seen.add(key)
                found.append(s.id)
        return found
    finally:
        engine.dispose()


def issue(db_arg: str, env: dict[str, str], sid: int, out: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "inspector", "--db", db_arg, "report", "notice"]
    command += ["--session", str(sid), "--signer", AUDITOR, "--date", "2026-12-02"]
    return subprocess.Popen(
        [*command, "-o", str(out)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )


def printed_number(path: Path) -> str:
    text = "".join(PdfReader(path).pages[0].extract_text().split())
    found = re.search(r"第(\d+)号", text)
    assert found, text
    return found.group(0)


def test_notices_issued_at_once_get_different_numbers(
    database_url: str, db_arg: str, office: dict[str, str], tmp_path: Path
) -> None:
    visits = auditor_visits(database_url)
    assert len(visits) >= WRITERS
    chosen = visits[:WRITERS]
    outs = [tmp_path / f"n{k}.pdf" for k in range(WRITERS)]
    # the first visit twice more: two processes issuing the same visit's first notice
    twins = [tmp_path / "twin1.pdf", tmp_path / "twin2.pdf"]
    children = [issue(db_arg, office, sid, out) for sid, out in zip(chosen, outs, strict=True)]
    children += [issue(db_arg, office, visits[WRITERS], out) for out in twins]
    results = [(child.wait(timeout=300), child.communicate()) for child in children]
    for code, (_out, err) in results[:WRITERS]:
        assert code == 0, err.decode()
    twin_codes = sorted(code for code, _ in results[WRITERS:])
    assert twin_codes == [0, 1], [err.decode() for _c, (_o, err) in results[WRITERS:]]
    refused = next(err.decode() for code, (_o, err) in results[WRITERS:] if code == 1)
    assert "発行済み" in refused and "Traceback" not in refused
    assert sum(path.exists() for path in twins) == 1  # the refused one left no file

    engine = open_database(database_url)
    try:
        recorded = rows(
            Repository(engine),
            "select session_id, number, fiscal_year, serial, reissue_of, path"
            " from issued_document where kind = 'notice' order by serial",
        )
    finally:
        engine.dispose()
    assert len(recorded) == WRITERS + 1
    assert [r[3] for r in recorded] == list(range(1, WRITERS + 2))  # no gap, no repeat
    assert {r[2] for r in recorded} == {2026} and {r[4] for r in recorded} == {None}
    assert len({r[0] for r in recorded}) == WRITERS + 1  # one notice a visit
    # each signed PDF prints the number the register holds for it
    for _sid, number, _fy, _serial, _re, path in recorded:
        assert printed_number(Path(str(path))) == re.sub(r"^\D*", "第", str(number))


def test_a_number_taken_while_the_notice_was_signed_is_given_again(
    database_url: str, db_arg: str, office: dict[str, str], tmp_path: Path
) -> None:
    """The same collision without relying on timing: the number is given, another notice
    takes it before this one is recorded, and the notice is numbered, built and signed
    again with the next one (the file prints what the register holds)."""
    from inspector.config import Settings
    from inspector.context import AppContext
    from inspector.reports.keys import load_identity
    from inspector.services.documents import _numbered, document_service

    first, other = auditor_visits(database_url)[:2]
    keys = Path(office["INSPECTOR_KEYS_DIR"])
    context = AppContext(Settings(db=db_arg, keys_dir=keys, user="t"))  # type: ignore[arg-type]
    service = document_service(context)
    data = service.notice_data(first, issue_date=date(2026, 12, 2))
    [(numbered, numbering)] = _numbered(service, [data], reissue=False)
    assert numbering.serial == 1
    # another process records its notice with serial 1 meanwhile
    context.findings.record_document(
        doc_id="N-OTHER",
        kind="notice",
        content_hash="x",
        issued_by="other",
        session_id=other,
        number=(numbering.number, numbering.fiscal_year, numbering.serial),
    )
    identity = load_identity(keys, AUDITOR, b"pw")
    out = tmp_path / "renumbered.pdf"
    issued = service.issue(
        numbered, out, identity, guard=context.output_guard(), numbering=numbering
    )
    recorded = context.findings.document(issued.doc_id)
    assert recorded is not None and recorded.serial == 2
    assert printed_number(out) == "第2号" and str(recorded.number).endswith("第2号")
    context.engine.dispose()

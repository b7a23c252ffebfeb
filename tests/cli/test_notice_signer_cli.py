"""Issue 13, who signs and who is named: the notice is signed by the inspector it names,
numbered in the office's style, re-issued only on request; drafts claim nothing; the plan
form is the department's; deadlines fall on business days. Real PDFs are read back and
real signatures examined."""

from __future__ import annotations

import io
import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.reader import PdfFileReader
from pypdf import PdfReader

from inspector.cli.main import cli
from inspector.demo.city import AUDITOR
from inspector.demo.findings import NOT_INDEPENDENT_INSPECTOR
from inspector.reports.forms import load_form
from inspector.reports.keys import load_root
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository

TODAY = date(2026, 11, 30)
ISSUE = "2026-12-02"  # + 30 days is 元日: the reply date moves to 2027-01-04


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)  # built once per test process (tests/conftest.py)


@pytest.fixture
def env(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    db = tmp_path / "r.db"
    shutil.copy(demo_template, db)
    config = tmp_path / "config.toml"
    config.write_text(
        'municipality = "みどり市"\noffice = "監査室"\ntitle = "情報セキュリティ監査責任者"\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")  # keys issue
    for name in ("SIGNER", "INSPECTOR_NAME", "OFFICE", "MUNICIPALITY", "TITLE", "FORMS_DIR"):
        monkeypatch.delenv(f"INSPECTOR_{name}", raising=False)
    run({"db": db}, "keys", "init-office")
    run({"db": db}, "keys", "issue", AUDITOR, "--organization", "130")
    return {"db": db, "keys": tmp_path / "keys", "tmp": tmp_path, "config": config}


def run(env: dict[str, Path], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(env["db"]), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def visit(env: dict[str, Path], *, inspector: str, with_findings: bool = True) -> int:
    engine = open_database(f"sqlite:///{env['db']}")
    try:
        repo, findings = Repository(engine), FindingRepository(engine)
        sessions = repo.sessions()
        for s in sessions:
            same_visit = [
                o
                for o in sessions
                if (o.organization_id, o.session_date, o.inspector_name)
                == (s.organization_id, s.session_date, s.inspector_name)
            ]
            found = any(findings.findings(session_id=o.id) for o in same_visit)
            if s.inspector_name == inspector and s.is_completed and found is with_findings:
                return s.id
    finally:
        engine.dispose()
    raise AssertionError("no such visit")


def text_of(path: Path) -> list[str]:
    return ["".join(p.extract_text().split()) for p in PdfReader(path).pages]


def documents(env: dict[str, Path]) -> list[tuple[str, str | None, int | None, str | None]]:
    with sqlite3.connect(env["db"]) as db:
        return db.execute(
            "select doc_id, number, serial, reissue_of from issued_document order by id"
        ).fetchall()


def signer_in_certificate(path: Path) -> str:
    with path.open("rb") as stream:
        signature = PdfFileReader(stream).embedded_signatures[0]
        cert = x509.load_der_x509_certificate(signature.signer_cert.dump())
    return str(cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value)


def test_the_signature_is_the_named_inspector(env: dict[str, Path]) -> None:
    sid = visit(env, inspector=NOT_INDEPENDENT_INSPECTOR)
    target = env["tmp"] / "n.pdf"
    before = documents(env)
    code, _, err = run(
        env, "report", "notice", "--session", str(sid), "--signer", AUDITOR, "-o", str(target)
    )
    assert code == 1 and not target.exists() and documents(env) == before
    assert f"監査人「{NOT_INDEPENDENT_INSPECTOR}」" in err and f"「{AUDITOR}」の鍵" in err
    assert "Traceback" not in err
    # without --signer: the named inspector's key, which must exist
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1 and f'keys issue "{NOT_INDEPENDENT_INSPECTOR}"' in err
    run(env, "keys", "issue", NOT_INDEPENDENT_INSPECTOR, "--organization", "130")
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 0, err
    printed = text_of(target)[0]
    assert f"監査人{NOT_INDEPENDENT_INSPECTOR.replace(' ', '')}" in printed
    assert signer_in_certificate(target) == NOT_INDEPENDENT_INSPECTOR
    code, out, _ = run(env, "verify", "--json", str(target))
    assert code == 0 and json.loads(out)["signer"] == NOT_INDEPENDENT_INSPECTOR


def test_a_batch_is_refused_when_it_names_someone_else(env: dict[str, Path]) -> None:
    folder = env["tmp"] / "batch"
    code, _, err = run(env, "report", "notice", "--all", "--date", ISSUE, "-o", str(folder))
    assert code == 1 and NOT_INDEPENDENT_INSPECTOR in err and "--inspector" in err
    assert not folder.exists() and documents(env) == []
    code, out, err = run(
        env, "report", "notice", "--all", "--inspector", AUDITOR, "--date", ISSUE, "-o", str(folder)
    )
    assert code == 0, err
    written = [Path(p) for p in out.split()]
    assert written and all(signer_in_certificate(p) == AUDITOR for p in written)
    numbers = [n for _d, n, _s, _r in documents(env)]
    assert numbers == [f"監第{i}号" for i in range(1, len(written) + 1)]


def test_sender_addressee_number_deadlines_fingerprint_and_japan_time(
    env: dict[str, Path],
) -> None:
    sid = visit(env, inspector=AUDITOR)
    target = env["tmp"] / "n.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(sid), "--date", ISSUE, "-o", str(target)
    )
    assert code == 0, err
    pages = text_of(target)
    first, whole = pages[0], "".join(pages)
    assert first.startswith("監第1号令和8年12月2日")
    # the department as the roster names it, then its head's title: 市民部 税務課長 様
    assert re.search(r"令和8年12月2日市民部..課長様", first)
    assert f"みどり市監査室情報セキュリティ監査責任者{AUDITOR.replace(' ', '')}" in first
    assert "inspector" not in whole.lower().replace("inspector-doc", "")
    # 30 days after 2026-12-02 is 元日: the reply date and each 期限 are 2027-01-04
    assert "令和9年1月4日までに改善計画を提出" in whole
    assert "令和9年1月1日" not in whole
    root = load_root(env["keys"])
    fingerprint = ":".join(f"{b:02X}" for b in root.fingerprint(hashes.SHA256()))
    assert f"フィンガープリント：{fingerprint}" in whole
    ((doc_id, number, serial, _r),) = documents(env)
    assert (number, serial) == ("監第1号", 1) and doc_id in whole  # the verify id, in the footer


def test_reissue_keeps_the_number_and_says_so(env: dict[str, Path]) -> None:
    sid = visit(env, inspector=AUDITOR)
    first, again = env["tmp"] / "a.pdf", env["tmp"] / "b.pdf"
    assert (
        run(env, "report", "notice", "--session", str(sid), "--date", ISSUE, "-o", str(first))[0]
        == 0
    )
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(again))
    assert code == 1 and "監第1号" in err and "--reissue" in err and not again.exists()
    assert len(documents(env)) == 1
    code, _, err = run(
        env,
        "report",
        "notice",
        "--session",
        str(sid),
        "--reissue",
        "--date",
        ISSUE,
        "-o",
        str(again),
    )
    assert code == 0, err
    assert text_of(again)[0].startswith("監第1号（再発行）")
    (original, n1, s1, r1), (_copy, n2, s2, r2) = documents(env)
    assert (n1, s1, r1) == ("監第1号", 1, None) and (n2, s2, r2) == ("監第1号", 1, original)
    assert run(env, "verify", str(again))[0] == 0
    # the next visit takes the next number of the fiscal year; April starts again at 1
    other = visit(env, inspector=AUDITOR, with_findings=False)
    third = env["tmp"] / "c.pdf"
    assert (
        run(env, "report", "notice", "--session", str(other), "--date", ISSUE, "-o", str(third))[0]
        == 0
    )
    assert text_of(third)[0].startswith("監第2号")


def test_the_next_fiscal_year_counts_from_one(env: dict[str, Path]) -> None:
    # dated in the past: a signed notice dated after the day it is signed is refused (docs8a)
    a, b = visit(env, inspector=AUDITOR), visit(env, inspector=AUDITOR, with_findings=False)
    out = env["tmp"] / "a.pdf"
    assert (
        run(env, "report", "notice", "--session", str(a), "--date", "2026-03-31", "-o", str(out))[0]
        == 0
    )
    out2 = env["tmp"] / "b.pdf"
    assert (
        run(env, "report", "notice", "--session", str(b), "--date", "2026-04-01", "-o", str(out2))[
            0
        ]
        == 0
    )
    assert [(n, s) for _d, n, s, _r in documents(env)] == [("監第1号", 1), ("監第1号", 1)]


def test_a_notice_without_findings_asks_for_no_plan(env: dict[str, Path]) -> None:
    sid = visit(env, inspector=AUDITOR, with_findings=False)
    target = env["tmp"] / "n.pdf"
    assert run(env, "report", "notice", "--session", str(sid), "-o", str(target))[0] == 0
    whole = "".join(text_of(target))
    assert "特になし" in whole, whole
    assert "改善計画書の提出" not in whole and "改善計画を提出" not in whole


def test_a_draft_is_marked_on_every_page_and_claims_nothing(env: dict[str, Path]) -> None:
    sid = visit(env, inspector=AUDITOR)
    target = env["tmp"] / "d.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(sid), "--unsigned", "-o", str(target)
    )
    assert code == 0, err
    reader = PdfReader(io.BytesIO(target.read_bytes()))
    pages = text_of(target)
    assert pages and all(p.endswith("案") for p in pages)
    assert pages[0].startswith("（案）") and "監第" not in "".join(pages)
    assert "電子署名が付されています" not in "".join(pages) and "署名欄" not in "".join(pages)
    assert "電子署名は付されていません" in "".join(pages)
    assert all(not page.images for page in reader.pages)  # no QR code
    assert "inspector-doc" not in (reader.metadata.get("/Keywords") or "")
    assert documents(env) == []
    assert run(env, "verify", str(target))[0] == 1


def test_the_plan_form_is_the_departments_unsigned(env: dict[str, Path]) -> None:
    target = env["tmp"] / "p.pdf"
    code, _, err = run(
        env, "report", "plans", "--organization", "210", "--signer", AUDITOR, "-o", str(target)
    )
    assert code == 1 and "改善計画書は所属が記入" in err and not target.exists()
    code, _, err = run(env, "report", "plans", "--organization", "210", "-o", str(target))
    assert code == 0, err
    pages = text_of(target)
    assert all("様式（所属記入用）" in p for p in pages)
    assert "市民部市民課長" in pages[0] and "所属長職・氏名" in pages[-1]
    assert AUDITOR.replace(" ", "") not in "".join(pages)
    with target.open("rb") as stream:
        assert not PdfFileReader(stream).embedded_signatures
    assert documents(env) == []


def test_an_unset_inspector_name_is_refused_and_the_setting_is_used(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = visit(env, inspector=AUDITOR)
    with sqlite3.connect(env["db"]) as db:
        db.execute("update inspection_session set inspector_name = null")
    target = env["tmp"] / "n.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(sid), "--unsigned", "-o", str(target)
    )
    assert code == 1 and "監査人の氏名が設定されていません" in err and not target.exists()
    monkeypatch.setenv("INSPECTOR_INSPECTOR_NAME", AUDITOR)
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 0, err
    assert signer_in_certificate(target) == AUDITOR


def test_a_form_that_has_the_office_head_sign(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    forms = env["tmp"] / "forms"
    forms.mkdir()
    shipped = load_form("notice").path.read_text(encoding="utf-8")
    (forms / "notice.yaml").write_text(
        shipped.replace("reply_days: 30\n", "reply_days: 30\nsigned_by: office_head\n"),
        encoding="utf-8",
    )
    monkeypatch.setenv("INSPECTOR_FORMS_DIR", str(forms))
    sid = visit(env, inspector=AUDITOR)
    target = env["tmp"] / "n.pdf"
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1 and "office_head" in err and not target.exists()
    monkeypatch.setenv("INSPECTOR_OFFICE_HEAD", "室長 三郎")
    monkeypatch.setenv("INSPECTOR_OFFICE_HEAD_TITLE", "監査室長")
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1 and 'keys issue "室長 三郎"' in err  # his key, not the inspector's
    code, _, err = run(
        env, "report", "notice", "--session", str(sid), "--signer", AUDITOR, "-o", str(target)
    )
    assert code == 1 and "「室長 三郎」" in err and f"「{AUDITOR}」の鍵" in err
    run(env, "keys", "issue", "室長 三郎", "--organization", "130")
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 0, err
    first = text_of(target)[0]
    assert "監査室長室長三郎" in first and f"監査人{AUDITOR.replace(' ', '')}" in first
    assert signer_in_certificate(target) == "室長 三郎"


def test_a_configured_signer_who_is_not_named_is_refused(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECTOR_SIGNER", AUDITOR)
    sid = visit(env, inspector=NOT_INDEPENDENT_INSPECTOR)
    target = env["tmp"] / "n.pdf"
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1 and f"「{NOT_INDEPENDENT_INSPECTOR}」" in err and f"「{AUDITOR}」の鍵" in err
    assert not target.exists() and documents(env) == []
    code, _, err = run(env, "--lang", "en", "report", "notice", "--session", str(sid))
    assert code == 1 and f"cannot be signed with the key of '{AUDITOR}'" in err

"""`inspector keys|report|verify|plans` driven as a user would, on the demo database."""

from __future__ import annotations

import io
import json
import shutil
import stat
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cryptography import x509
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from inspector.cli.main import cli
from inspector.demo.city import build_demo
from inspector.demo.findings import NOT_INDEPENDENT_INSPECTOR
from inspector.domain.business_days import japan_today
from inspector.domain.catalog import ChecklistCatalog
from inspector.reports import verify as verify_module
from inspector.resources import shipped_checklists_dir
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository
from tests.db_rows import database_url_of

TODAY = date(2025, 3, 31)


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)  # built once per test process (tests/conftest.py)


@pytest.fixture(scope="module")
def demo_postgres_template(postgres_server: object) -> str:
    """The demo built once in a PostgreSQL database, copied per test (`copy_of`)."""
    from tests.postgres_server import PostgresServer

    assert isinstance(postgres_server, PostgresServer)
    url = postgres_server.fresh_database()
    engine = open_database(url)
    build_demo(Repository(engine), ChecklistCatalog.from_folders([shipped_checklists_dir()]), TODAY)
    engine.dispose()
    return url


@pytest.fixture(params=["sqlite", "postgresql"])
def env(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    demo_template: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> Iterator[dict[str, Any]]:
    """The demo database (a SQLite file, or a PostgreSQL database), a keys folder."""
    db: Path | str = tmp_path / "r.db"
    server: Any = None
    if request.param == "sqlite":
        shutil.copy(demo_template, db)
    else:
        server = request.getfixturevalue("postgres_server")
        db = server.copy_of(request.getfixturevalue("demo_postgres_template"))
    keys_dir = tmp_path / "keys"
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(keys_dir))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")  # keys issue
    monkeypatch.delenv("INSPECTOR_SIGNER", raising=False)
    yield {"db": db, "keys": keys_dir, "tmp": tmp_path}
    if server is not None:
        server.drop_database(db)


def run(env: dict[str, Path], *args: str) -> tuple[int, str, str]:
    # Japanese, the default: the documents are read back in Japanese
    result = CliRunner().invoke(cli, ["--db", str(env["db"]), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def setup_keys(env: dict[str, Path]) -> None:
    assert run(env, "keys", "init-office")[0] == 0
    code, out, err = run(env, "keys", "issue", "監査 太郎", "--organization", "130")
    assert code == 0, err
    assert out.strip().endswith("監査_太郎.pem")


def inspection_session(env: dict[str, Path], *, independent: bool = True) -> int:
    engine = open_database(database_url_of(str(env["db"])))
    try:
        repo, findings = Repository(engine), FindingRepository(engine)
        for s in repo.sessions():
            if (
                s.inspector_name
                and s.is_completed
                and s.not_independent is not independent
                and findings.findings(session_id=s.id)
            ):
                return s.id
    finally:
        engine.dispose()
    raise AssertionError("no session")


def test_notice_is_signed_recorded_and_verifies(env: dict[str, Path]) -> None:
    setup_keys(env)
    sid = inspection_session(env)
    out_file = env["tmp"] / "n.pdf"
    code, out, err = run(env, "report", "notice", "--session", str(sid), "-o", str(out_file))
    assert code == 0, err
    assert out.strip() == str(out_file)
    assert not list(env["tmp"].glob(".*.tmp"))
    code, out, _ = run(env, "verify", str(out_file))
    assert code == 0 and "有効です。監査 太郎（130） が 令和" in out and "記録とも一致" in out
    assert "証明書は記録された発行時刻" in out  # the detail English gives, in Japanese
    code, out, _ = run(env, "--lang", "en", "verify", str(out_file))
    assert code == 0 and "valid: signed by 監査 太郎" in out and "matches the database" in out
    code, out, _ = run(env, "verify", "--json", str(out_file))
    report = json.loads(out)
    assert report["valid"] and report["database_checked"] and report["doc_id"].startswith("N-")
    text = "".join(PdfReader(out_file).pages[0].extract_text().split())
    assert "監査結果通知書" in text and "令和" in text

    tampered = env["tmp"] / "t.pdf"
    data = bytearray(out_file.read_bytes())
    data[len(data) // 2] ^= 1
    tampered.write_bytes(bytes(data))
    code, out, err = run(env, "verify", str(tampered))
    assert code == 1 and "無効です" in err
    code, out, _ = run(env, "verify", "--json", str(tampered))
    assert code == 1 and json.loads(out)["valid"] is False


def test_not_independent_visit_is_marked(env: dict[str, Path]) -> None:
    setup_keys(env)
    sid = inspection_session(env, independent=False)
    out_file = env["tmp"] / "ni.pdf"
    # the notice names 総務 次郎: only his key signs it
    assert run(env, "keys", "issue", NOT_INDEPENDENT_INSPECTOR, "--organization", "130")[0] == 0
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(out_file))
    assert code == 0, err
    code, out, _ = run(env, "verify", "--json", str(out_file))
    assert json.loads(out)["signer"] == NOT_INDEPENDENT_INSPECTOR
    text = "".join("".join(p.extract_text() for p in PdfReader(out_file).pages).split())
    assert "独立性が確保されていない" in text and NOT_INDEPENDENT_INSPECTOR.replace(" ", "") in text
    code, out, _ = run(env, "plans", "--json", "--today", "2025-03-31")
    rows = json.loads(out)
    assert any(r["not_independent"] for r in rows)


def test_plans_listing_filters_and_sorts(env: dict[str, Path]) -> None:
    code, out, _ = run(env, "plans", "--overdue", "--json", "--today", TODAY.isoformat())
    assert code == 0
    overdue = json.loads(out)
    assert overdue and all(r["overdue"] and r["days_left"] < 0 for r in overdue)
    assert [r["deadline"] for r in overdue] == sorted(r["deadline"] for r in overdue)
    code, out, _ = run(env, "plans", "--json", "--today", TODAY.isoformat())
    every = json.loads(out)
    assert {r["status"] for r in every} >= {"done", "ongoing", "considering"}
    assert len(every) > len(overdue)
    code, out, _ = run(env, "plans", "--json", "--organization", "210", "--kind", "finding")
    assert all(r["organization"] == "210" and r["kind"] == "finding" for r in json.loads(out))
    code, out, _ = run(
        env,
        "plans",
        "--json",
        "--due-within",
        "30",
        "--status",
        "considering",
        "--today",
        "2025-03-31",
    )
    assert all(r["days_left"] <= 30 and r["status"] == "considering" for r in json.loads(out))
    code, out, _ = run(env, "plans", "--overdue", "--today", TODAY.isoformat())
    assert code == 0 and "期限超過" in out


def test_plan_form_followup_and_batch(env: dict[str, Path]) -> None:
    setup_keys(env)
    plans_pdf = env["tmp"] / "p.pdf"
    code, out, err = run(env, "report", "plans", "--organization", "210", "-o", str(plans_pdf))
    assert code == 0, err
    assert "改善計画書" in PdfReader(plans_pdf).pages[0].extract_text()
    assert run(env, "verify", str(plans_pdf))[0] == 1  # the department's form: unsigned
    follow_pdf = env["tmp"] / "f.pdf"
    # the office's document: an inspector's key does not sign it, the office key does
    code, out, err = run(env, "report", "followup", "-o", str(follow_pdf))
    assert code == 1 and "事務局の鍵" in err and not follow_pdf.exists()
    assert run(env, "keys", "issue", "事務局", "--organization", "130", "--role", "office")[0] == 0
    code, out, err = run(env, "report", "followup", "-o", str(follow_pdf), "--signer", "事務局")
    assert code == 0, err
    text = "".join("".join(p.extract_text() for p in PdfReader(follow_pdf).pages).split())
    assert "【措置済】" in text and "【継続努力】" in text and "【検討中】" in text
    assert run(env, "verify", str(follow_pdf))[0] == 0
    folder = env["tmp"] / "batch"
    code, out, err = run(
        env,
        "report",
        "notice",
        "--all",
        "--since",
        "2025-01-01",
        "--inspector",
        "監査 太郎",
        "-o",
        str(folder),
    )
    assert code == 0, err
    written = out.split()
    assert len(written) >= 3 and all(
        Path(p).is_file() and Path(p).parent == folder for p in written
    )
    assert all(run(env, "verify", p)[0] == 0 for p in written[:3])


def test_bad_input_gives_clear_messages_and_writes_nothing(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = inspection_session(env)
    target = env["tmp"] / "x.pdf"
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1 and "inspector keys init-office" in err and not target.exists()
    assert "Traceback" not in err
    run(env, "keys", "init-office")
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1 and "inspector keys issue" in err
    run(env, "keys", "issue", "監査 太郎", "--organization", "130")
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "wrong")
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1 and "パスフレーズが違います" in err and not target.exists()
    monkeypatch.delenv("INSPECTOR_KEY_PASSPHRASE")
    code, _, err = run(env, "report", "notice", "--session", str(sid), "-o", str(target))
    assert code == 1 and "INSPECTOR_KEY_PASSPHRASE" in err
    pass_file = env["tmp"] / "pass.txt"
    pass_file.write_text("pw\n", encoding="utf-8")
    code, _, err = run(
        env,
        "report",
        "notice",
        "--session",
        str(sid),
        "--signer",
        "監査 太郎",
        "--passphrase-file",
        str(pass_file),
        "-o",
        str(target),
    )
    assert code == 0, err
    code, _, err = run(env, "verify", str(env["tmp"] / "none.pdf"))
    assert code == 1 and "none.pdf" in err
    (env["tmp"] / "junk.pdf").write_bytes(b"junk")
    code, _, err = run(env, "verify", str(env["tmp"] / "junk.pdf"))
    assert code == 1 and "署名付き PDF として読み取れません" in err
    code, _, err = run(env, "--lang", "en", "verify", str(env["tmp"] / "junk.pdf"))
    assert code == 1 and "not a readable PDF" in err
    key_file = env["keys"] / "inspectors" / "監査_太郎.key.pem"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_unsigned_draft(env: dict[str, Path]) -> None:
    sid = inspection_session(env)
    target = env["tmp"] / "draft.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(sid), "--unsigned", "-o", str(target)
    )
    assert code == 0, err
    assert PdfReader(io.BytesIO(target.read_bytes())).pages
    code, _, err = run(env, "keys", "init-office")
    code, _, err = run(env, "verify", str(target))
    assert code == 1 and "署名がありません" in err
    code, _, err = run(env, "--lang", "en", "verify", str(target))
    assert code == 1 and "no signature" in err


def signed_notice(env: dict[str, Path]) -> Path:
    setup_keys(env)
    out_file = env["tmp"] / "n.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", str(inspection_session(env)), "-o", str(out_file)
    )
    assert code == 0, err
    return out_file


class _FourYearsLater(datetime):
    """`datetime` whose now() is past the default 3-year validity of inspector certificates."""

    @classmethod
    def now(cls, tz: object = None) -> _FourYearsLater:  # type: ignore[override]
        moment = datetime.now(UTC) + timedelta(days=4 * 365)
        return cls.fromtimestamp(moment.timestamp(), tz)  # type: ignore[arg-type]


def test_without_the_database_an_expired_certificate_says_why(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out_file = signed_notice(env)
    monkeypatch.setattr(verify_module, "datetime", _FourYearsLater)
    code, _, err = run(env, "--lang", "en", "verify", "--no-db", str(out_file))
    assert code == 1
    assert "expired certificate (no recorded issue time to check against)" in err


def test_a_recorded_notice_stays_valid_after_the_certificate_expires(
    env: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    out_file = signed_notice(env)
    monkeypatch.setattr(verify_module, "datetime", _FourYearsLater)
    code, out, err = run(env, "--lang", "en", "verify", str(out_file))
    assert code == 0, err
    assert "matches the database" in out
    # shown in Japan time, as the document number dates it
    assert f"certificate valid at the recorded issue time {japan_today():%Y-%m-%d}" in out


def test_the_recorded_issue_time_comes_from_the_database(env: dict[str, Path]) -> None:
    """What `verify` does with the database's record (`FindingRepository.document`)."""
    out_file = signed_notice(env)
    engine = open_database(database_url_of(str(env["db"])))
    try:
        findings = FindingRepository(engine)
        root = x509.load_pem_x509_certificate((env["keys"] / "office" / "root.pem").read_bytes())
        later = datetime.now(UTC) + timedelta(days=4 * 365)
        result = verify_module.verify_pdf(out_file.read_bytes(), root, findings.document, now=later)
    finally:
        engine.dispose()
    assert result.valid, result.message
    assert result.issued_at is not None and result.issued_at < datetime.now(UTC)
    assert "certificate valid at the recorded issue time" in result.message
    expired = verify_module.verify_pdf(out_file.read_bytes(), root, None, now=later)
    assert expired.verdict is verify_module.Verdict.EXPIRED


def test_verify_prints_no_pyhanko_traceback_for_a_file_changed_after_signing(
    env: dict[str, Path],
) -> None:
    out_file = signed_notice(env)
    writer = IncrementalPdfFileWriter(io.BytesIO(out_file.read_bytes()))
    page = writer.root["/Pages"]["/Kids"][0].get_object()
    page[generic.NameObject("/Rotate")] = generic.NumberObject(90)
    writer.update_container(page)
    changed = env["tmp"] / "rotated.pdf"
    with changed.open("wb") as handle:
        writer.write(handle)
    # a real process: under pytest the root logger has handlers, which would hide the output
    proc = subprocess.run(
        [sys.executable, "-m", "inspector", "--db", str(env["db"]), "verify", str(changed)],
        # (Japanese, the default)
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1
    assert "署名の後に変更されています" in proc.stderr
    # what was changed, as English says it: data appended after the signature
    assert "詳細: 署名の後に変更されています。署名の後にデータが追加されています" in proc.stderr
    assert "Traceback" not in proc.stderr and "SuspiciousModification" not in proc.stderr
    assert proc.stderr.strip().count("\n") == 0, proc.stderr  # our verdict only


def test_followup_date_is_checked_in_the_reports_words(env: dict[str, Path]) -> None:
    """`report followup --date`: the refusal and the warnings name the 措置状況報告's 発行日,
    not the notice's date (fix14)."""
    from inspector.domain.business_days import is_business_day, japan_today

    out = env["tmp"] / "f.pdf"
    later = japan_today() + timedelta(days=3)
    code, _out, err = run(env, "report", "followup", "-o", str(out), "--date", later.isoformat())
    assert code == 1 and "措置状況報告の発行日（--date）" in err and "通知書" not in err
    assert not out.exists()
    closed = japan_today() - timedelta(days=1)
    while is_business_day(closed):
        closed -= timedelta(days=1)
    code, _out, err = run(
        env, "report", "followup", "-o", str(out), "--date", closed.isoformat(), "--unsigned"
    )
    assert code == 0, err
    assert "措置状況報告の発行日" in err and "閉庁日" in err and "通知書" not in err

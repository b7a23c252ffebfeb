"""docs9, on real demo databases with real keys and signed PDFs read back:

- two `report followup` at once take two numbers (the number is given again in the
  transaction that records it, as for notices);
- a database restored from a backup never gives a number again: the keys folder's ledger
  knows the notices and follow-up reports issued since; a visit it knows is refused as
  issued (or re-issued under its number), other documents pass over the numbers known;
- a re-issue is not blocked by a finding's own deadline of older data: printed flagged;
- the document's language is its own choice: `--lang en` alone keeps documents Japanese
  and says so; a re-issue in another language is refused without --force, and with it is
  written as a copy under another name, never over the Japanese original.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
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

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 30)  # the demo's day
OFFICE = "事務局 花子"
SESSION = 1  # the demo's first visit: 210 市民課, by the auditor


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)


@pytest.fixture
def env(tmp_path: Path, demo_template: Path) -> dict[str, str]:
    """A copy of the demo, an office root, the auditor's and the office's keys; the
    environment of the commands (also of child processes)."""
    db = tmp_path / "d.db"
    shutil.copy(demo_template, db)
    config = tmp_path / "config.toml"
    config.write_text('municipality = "みどり市"\n', encoding="utf-8")
    environ = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTOR_")}
    environ |= {
        "PYTHONPATH": str(ROOT),
        "INSPECTOR_CONFIG": str(config),
        "INSPECTOR_KEYS_DIR": str(tmp_path / "keys"),
        "INSPECTOR_KEY_PASSPHRASE": "pw",
        "INSPECTOR_NEW_KEY_PASSPHRASE": "pw",
        "DB": str(db),
        "TMP": str(tmp_path),
    }
    for args in (
        ["keys", "init-office"],
        ["keys", "issue", AUDITOR, "--organization", "130"],
        ["keys", "issue", OFFICE, "--organization", "130", "--role", "office"],
    ):
        code, _out, err = run(environ, *args)
        assert code == 0, err
    return environ


def run(env: dict[str, str], *args: str, db: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", db or env["DB"], *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def text_of(path: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


def number_of(path: Path) -> str:
    found = re.search(r"監報?第\d+号", text_of(path))
    assert found, text_of(path)[:300]
    return found.group(0)


def register(db: str, kind: str) -> list[tuple[str, int | None, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT number, session_id, reissue_of FROM issued_document WHERE kind = ? ORDER BY id",
            (kind,),
        ).fetchall()


def digest(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def other_visit(db: str) -> int:
    """A completed visit of the auditor other than SESSION's, with findings."""
    with sqlite3.connect(db) as conn:
        (sid,) = conn.execute(
            "SELECT MIN(s.id) FROM inspection_session s JOIN finding f ON f.session_id = s.id"
            " WHERE s.kind = 'inspection' AND s.status = 'completed' AND s.inspector_name = ?"
            " AND s.organization_id != (SELECT organization_id FROM inspection_session"
            " WHERE id = ?)",
            (AUDITOR, SESSION),
        ).fetchone()
    return int(sid)


# -- two writers -------------------------------------------------------------------------


def test_two_followups_at_once_take_two_numbers(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    outs = [tmp / "fuA.pdf", tmp / "fuB.pdf"]
    command = [sys.executable, "-m", "inspector", "--db", env["DB"], "report", "followup"]
    children = [
        subprocess.Popen(
            [*command, "--signer", OFFICE, "-o", str(out)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for out in outs
    ]
    results = [(child.wait(timeout=300), child.communicate()[1].decode()) for child in children]
    for code, err in results:
        assert code == 0, err
    assert sorted(number_of(out) for out in outs) == ["監報第1号", "監報第2号"]
    assert sorted(n for n, _s, _r in register(env["DB"], "followup")) == ["監報第1号", "監報第2号"]


def test_a_followup_number_taken_meanwhile_is_given_again(env: dict[str, str]) -> None:
    """The same collision without timing: numbered, then another report takes the number
    before this one is recorded: numbered, built and signed again with the next."""
    from inspector.config import load_settings
    from inspector.context import AppContext
    from inspector.reports.followup_number import number_followup
    from inspector.reports.forms import load_form
    from inspector.reports.keys import load_identity
    from inspector.services.documents import document_service

    keys = Path(env["INSPECTOR_KEYS_DIR"])
    context = AppContext(load_settings(db=env["DB"], keys_dir=str(keys)))
    service = document_service(context)
    data = service.followup_data(None, issue_date=date(2026, 12, 2), issuer=OFFICE)
    data, numbering = number_followup(data, load_form("followup", "ja"), [])
    context.findings.record_document(
        doc_id="F-OTHER", kind="followup", content_hash="x", issued_by="other",
        number=(numbering.number, numbering.fiscal_year, numbering.serial),
    )  # fmt: skip
    out = Path(env["TMP"]) / "renumbered.pdf"
    identity = load_identity(keys, OFFICE, b"pw")
    issued = service.issue(data, out, identity, guard=context.output_guard(), numbering=numbering)
    recorded = context.findings.document(issued.doc_id)
    assert recorded is not None and recorded.number == "監報第2号"
    assert number_of(out) == "監報第2号"
    context.engine.dispose()


# -- a database restored from a backup ------------------------------------------------------


def test_a_restored_database_never_gives_a_number_again(
    env: dict[str, str], demo_templates: Callable[[date], Path]
) -> None:
    tmp = Path(env["TMP"])
    restored = str(tmp / "restored.db")
    shutil.copy(env["DB"], restored)  # the backup, taken before any document
    first = tmp / "n1.pdf"
    assert run(env, "report", "notice", "--session", str(SESSION), "-o", str(first))[0] == 0
    assert run(env, "report", "followup", "--signer", OFFICE, "-o", str(tmp / "f1.pdf"))[0] == 0
    assert number_of(first) == "監第1号"

    # the same visit from the restored database: refused, naming the number and what to do
    before = digest(restored)
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "-o", str(tmp / "again.pdf"),
        db=restored,
    )  # fmt: skip
    assert code == 1 and "監第1号" in err and "--reissue" in err and "Traceback" not in err
    assert digest(restored) == before and not (tmp / "again.pdf").exists()
    # another visit: the next number, never 監第1号 again, and said
    other = tmp / "n2.pdf"
    code, _out, err = run(
        env, "report", "notice", "--session", str(other_visit(restored)), "-o", str(other),
        db=restored,
    )  # fmt: skip
    assert code == 0, err
    assert number_of(other) == "監第2号" and "監第1号" in err and "バックアップ" in err
    # the follow-up report too
    fu = tmp / "f2.pdf"
    code, _out, err = run(env, "report", "followup", "--signer", OFFICE, "-o", str(fu), db=restored)
    assert code == 0, err
    assert number_of(fu) == "監報第2号" and "監報第1号" in err
    # the visit re-issued under the number it bears
    re_issued = tmp / "n1re.pdf"
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "--reissue", "-o", str(re_issued),
        db=restored,
    )  # fmt: skip
    assert code == 0, err
    assert "監第1号（再発行）" in text_of(re_issued)
    # another database (not a copy: other sessions) with the same keys folder is not affected
    unrelated = str(tmp / "unrelated.db")
    shutil.copy(demo_templates(date(2026, 11, 29)), unrelated)
    fresh = tmp / "u1.pdf"
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "-o", str(fresh), db=unrelated
    )
    assert code == 0, err
    assert number_of(fresh) == "監第1号" and "バックアップ" not in err


# -- a re-issue of older data ---------------------------------------------------------------


def test_a_reissue_prints_an_older_closed_day_deadline_flagged(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    assert run(env, "report", "notice", "--session", str(SESSION), "-o", str(tmp / "n.pdf"))[0] == 0
    with sqlite3.connect(env["DB"]) as conn:  # older data, entered before it was refused
        (finding,) = conn.execute(
            "SELECT MIN(id) FROM finding WHERE session_id = ?", (SESSION,)
        ).fetchone()
        conn.execute(
            "UPDATE finding SET requested_deadline = '2027-01-09' WHERE id = ?", (finding,)
        )
    out = tmp / "re.pdf"
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "--reissue", "-o", str(out)
    )
    assert code == 0, err
    text = text_of(out)
    assert "令和9年1月9日（※要確認）" in text and "原本の期限をそのまま記載" in text
    assert "監第1号（再発行）" in text
    # a first notice is still refused such a deadline (the office can fix it first)
    other = other_visit(env["DB"])
    with sqlite3.connect(env["DB"]) as conn:
        conn.execute(
            "UPDATE finding SET requested_deadline = '2027-01-09' WHERE session_id = ?", (other,)
        )
    code, _out, err = run(
        env, "report", "notice", "--session", str(other), "-o", str(tmp / "o.pdf")
    )
    assert code == 1 and "土曜日" in err and "Traceback" not in err


# -- the document's language ----------------------------------------------------------------


def test_the_document_language_is_its_own_choice(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    japanese = tmp / "n.pdf"
    code, _out, err = run(
        env, "--lang", "en", "report", "notice", "--session", str(SESSION), "-o", str(japanese)
    )
    assert code == 0, err
    assert err.count("Documents are written in Japanese") == 1  # said once, in English
    assert "情報セキュリティ監査結果通知書" in text_of(japanese)
    original = digest(japanese)
    # a re-issue in English: refused without --force, nothing written or recorded
    before = register(env["DB"], "notice")
    code, _out, err = run(
        env, "--lang", "en", "report", "notice", "--session", str(SESSION), "--reissue",
        "--doc-lang", "en", "-o", str(tmp / "en.pdf"),
    )  # fmt: skip
    assert code == 1 and "Japanese" in err and "--force" in err and "Traceback" not in err
    assert register(env["DB"], "notice") == before and not (tmp / "en.pdf").exists()
    # --force over the Japanese original's file: still refused
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "--reissue", "--doc-lang", "en",
        "--force", "-o", str(japanese),
    )  # fmt: skip
    assert code == 1 and str(japanese) in err
    assert digest(japanese) == original
    # --force, default name: an English copy beside it, the original untouched
    code, out, err = run(
        env, "report", "notice", "--session", str(SESSION), "--reissue", "--doc-lang", "en",
        "--force", "-o", str(tmp),
    )  # fmt: skip
    assert code == 0, err
    copy = Path(out.strip())
    assert copy.name.endswith("_en.pdf") and copy != japanese
    assert "NoticeofFindings" in text_of(copy) and "監第1号" in text_of(copy)
    assert digest(japanese) == original
    # in the original's language, a re-issue needs no --force
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "--reissue", "-o", str(tmp / "ja2.pdf")
    )
    assert code == 0, err

"""doc10 (rev9 D7), on a real demo database with real keys and signed PDFs read back: one
follow-up report, one number. An English version of a follow-up report already issued in
Japanese for the same organization and fiscal year is refused, or with --force is a copy
under the same number written beside (`_en`); --force never writes over a file the
register records as a signed document (follow-up, notice, plan form, draft), and names
its number.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import sqlite3
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
    db = tmp_path / "d.db"
    shutil.copy(demo_template, db)
    config = tmp_path / "config.toml"
    config.write_text(
        'municipality = "みどり市"\noffice_head = "監査委員事務局長"\n', encoding="utf-8"
    )
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


def run(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", env["DB"], *args], env=env)
    return result.exit_code, result.stdout, result.stderr


def text_of(path: Path) -> str:
    return "".join("".join(p.extract_text().split()) for p in PdfReader(path).pages)


def number_of(path: Path) -> str:
    found = re.search(r"監報第\d+号", text_of(path))
    assert found, text_of(path)[:300]
    return found.group(0)


def register(db: str) -> list[tuple[str, str | None, str | None, str | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT doc_id, number, reissue_of, path FROM issued_document ORDER BY id"
        ).fetchall()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def followup(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    return run(env, "report", "followup", "--organization", "210", "--signer", OFFICE, *args)


def test_an_english_followup_is_a_copy_under_the_same_number(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    japanese = tmp / "fu210.pdf"
    code, _out, err = followup(env, "-o", str(japanese))
    assert code == 0, err
    assert number_of(japanese) == "監報第1号"
    original, before = digest(japanese), register(env["DB"])

    # English, no --force: refused with the number and what to do, nothing written
    code, _out, err = followup(env, "--doc-lang", "en", "-o", str(tmp / "en.pdf"))
    assert code == 1 and "Traceback" not in err
    assert "監報第1号" in err and "--force" in err and "英語" in err
    assert register(env["DB"]) == before and not (tmp / "en.pdf").exists()

    # English with --force over the Japanese original's file: refused, its number named
    code, _out, err = followup(env, "--doc-lang", "en", "--force", "-o", str(japanese))
    assert code == 1 and "Traceback" not in err
    assert "監報第1号" in err and str(japanese) in err and "上書きしません" in err
    assert digest(japanese) == original and register(env["DB"]) == before

    # English with --force, default name: a copy beside, under the same number
    code, out, err = followup(env, "--doc-lang", "en", "--force", "-o", str(tmp))
    assert code == 0, err
    assert "監報第1号" in err and "写し" in err  # said: a copy, no new number
    copy = Path(out.strip().splitlines()[-1].split()[-1])
    assert copy.name.endswith("_en.pdf") and copy.is_file()
    assert "監報第1号" in text_of(copy) and "MeasuresTaken" in text_of(copy)
    assert "監報第1号(copy)" in text_of(copy)  # printed as a copy (rev10 4)
    assert "写し" not in text_of(japanese) and "(copy)" not in text_of(japanese)
    assert digest(japanese) == original
    rows = register(env["DB"])
    assert [r[1] for r in rows[len(before) :]] == ["監報第1号"]
    assert rows[-1][2] == before[-1][0]  # recorded as a copy of the original

    # in Japanese again, the same content: refused, no second number for one report
    # (rev10 5); with --force the next number, said (the copy took none)
    before = register(env["DB"])
    code, _out, err = followup(env, "-o", str(tmp / "fu210b.pdf"))
    assert code == 1 and "Traceback" not in err
    assert "同じ内容" in err and "監報第1号" in err and "--force" in err
    assert register(env["DB"]) == before and not (tmp / "fu210b.pdf").exists()
    code, _out, err = followup(env, "--force", "-o", str(tmp / "fu210b.pdf"))
    assert code == 0, err
    assert "同じ内容" in err
    assert number_of(tmp / "fu210b.pdf") == "監報第2号"


def test_force_never_writes_over_a_registered_signed_file(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    signed = tmp / "fu210.pdf"
    assert followup(env, "-o", str(signed))[0] == 0
    original, before = digest(signed), register(env["DB"])
    attempts = [
        # the same language, a new number: would leave 監報第1号 without its file
        ("report", "followup", "--organization", "210", "--signer", OFFICE),
        # a draft of it
        ("report", "followup", "--organization", "210", "--unsigned"),
        # a notice, signed or a draft
        ("report", "notice", "--session", str(SESSION), "--signer", AUDITOR),
        ("report", "notice", "--session", str(SESSION)),
        # the plan form (never signed), as a PDF or a workbook
        ("report", "plans", "--organization", "210"),
        ("report", "plans", "--organization", "210", "--xlsx", str(signed)),
    ]
    for attempt in attempts:
        code, _out, err = run(env, *attempt, "--force", "-o", str(signed))
        assert code == 1, (attempt, err)
        assert "監報第1号" in err and "Traceback" not in err, (attempt, err)
        assert digest(signed) == original and register(env["DB"]) == before, attempt
    # English messages with --lang en
    code, _out, err = run(
        env, "--lang", "en", "report", "plans", "--organization", "210", "--force", "-o",
        str(signed),
    )  # fmt: skip
    assert code == 1 and "監報第1号" in err and "not written over" in err


def test_a_file_not_in_the_register_is_still_replaced_with_force(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    mine = tmp / "mine.pdf"
    mine.write_bytes(b"%PDF-1.4 draft of mine")
    code, _out, err = run(
        env, "report", "plans", "--organization", "210", "--force", "-o", str(mine)
    )
    assert code == 0, err
    assert "改善計画書" in text_of(mine)
    # a re-issue of a notice in its own language replaces its own file, as before
    notice = tmp / "n.pdf"
    assert run(env, "report", "notice", "--session", str(SESSION), "-o", str(notice))[0] == 0
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "--reissue", "--force", "-o",
        str(notice),
    )  # fmt: skip
    assert code == 0, err

"""`inspector findings list|withdraw|restore`: the findings screen's withdrawal (取下げ) from
the command line, through the same use case. Logged in the change log, left out of the
notice (a real PDF read back), Japanese by default, refused with what and where."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from inspector.cli.main import cli

SESSION = 1  # a demo visit with findings


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(date(2026, 11, 30))  # built once per test process (tests/conftest.py)


@pytest.fixture
def db(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INSPECTOR_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("INSPECTOR_USER", "監査 花子")
    path = tmp_path / "f.db"
    shutil.copy(demo_template, path)
    return path


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def query(db: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as con:
        return con.execute(sql, params).fetchall()


def notice_text(db: Path, out: Path) -> str:
    code, _, err = run(
        db, "report", "notice", "--session", str(SESSION), "--unsigned", "-o", str(out)
    )
    assert code == 0, err
    return "".join("".join(p.extract_text().split()) for p in PdfReader(out).pages)


def test_withdraw_is_logged_and_left_out_of_the_notice(db: Path, tmp_path: Path) -> None:
    code, out, _ = run(db, "findings", "list", "--session", str(SESSION), "--json")
    listed = json.loads(out)
    assert code == 0 and len(listed) >= 2 and not any(f["withdrawn"] for f in listed)
    target = listed[1]
    text = "".join(
        str(query(db, "select text from finding where id = ?", target["id"])[0][0]).split()
    )
    assert text in notice_text(db, tmp_path / "before.pdf")

    code, out, err = run(db, "findings", "withdraw", str(target["id"]), "--reason", " 重複のため ")
    assert code == 0, err
    assert f"指摘事項 {target['id']}" in out and "取り下げました" in out
    logged = query(
        db,
        "select action, new, changed_by from finding_change where finding_id = ? and"
        " action in ('withdraw', 'restore')",
        target["id"],
    )
    assert [(a, json.loads(str(n)), by) for a, n, by in logged] == [
        ("withdraw", {"withdrawn": True, "reason": "重複のため"}, "監査 花子")
    ]
    assert text not in notice_text(db, tmp_path / "after.pdf")

    code, out, _ = run(db, "findings", "list", "--session", str(SESSION))
    line = next(row for row in out.splitlines() if row.startswith(str(target["id"]) + " "))
    assert "取下げ" in line and "監査 花子：重複のため" in line
    code, out, _ = run(db, "findings", "list", "--session", str(SESSION), "--json")
    shown = next(f for f in json.loads(out) if f["id"] == target["id"])
    assert shown["withdrawn"] and shown["withdrawn_reason"] == "重複のため"
    assert shown["withdrawn_by"] == "監査 花子"

    code, out, err = run(db, "findings", "restore", str(target["id"]))
    assert code == 0, err
    assert "取下げを取り消しました" in out
    actions = query(
        db,
        "select action from finding_change where finding_id = ? and action <> 'create' order by id",
        target["id"],
    )
    assert actions == [("withdraw",), ("restore",)]
    assert text in notice_text(db, tmp_path / "restored.pdf")


def test_refusals_in_english_too(db: Path) -> None:
    code, _, err = run(db, "--lang", "en", "findings", "withdraw", "999999", "--reason", "x")
    assert code == 1 and "There is no finding 999999" in err
    code, _, err = run(db, "--lang", "en", "findings", "restore", "1")
    assert code == 1 and "is not withdrawn" in err
    code, out, _ = run(db, "--lang", "en", "findings", "list", "--session", str(SESSION))
    assert code == 0 and out.splitlines()[0].split()[:3] == ["id", "kind", "state"]

"""rem11: the number ledger cannot be fooled or bypassed (rev10 D1, D2, D3, D8, D9, D10).
Real demo databases, real keys, signed PDFs read back, CliRunner."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from tests.cli.test_docs9_numbers_and_language import (
    OFFICE,
    SESSION,
    TODAY,
    digest,
    number_of,
    other_visit,
    run,
)
from tests.cli.test_docs9_numbers_and_language import env as env


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)


def ledger(env: dict[str, str]) -> Path:
    return Path(env["INSPECTOR_KEYS_DIR"]) / "office" / "issued_numbers.jsonl"


def notice(env: dict[str, str], out: Path, *extra: str, db: str | None = None) -> tuple[int, str]:
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "-o", str(out), *extra, db=db
    )
    return code, err


def issue_then_restore(env: dict[str, str]) -> tuple[str, Path]:
    """監第1号 issued from the database; the copy taken before it (a restored backup)."""
    tmp = Path(env["TMP"])
    restored = str(tmp / "restored.db")
    shutil.copy(env["DB"], restored)
    first = tmp / "n1.pdf"
    assert notice(env, first)[0] == 0
    assert number_of(first) == "監第1号"
    return restored, first


def reminders(
    env: dict[str, str], out: Path, *extra: str, db: str | None = None, signed: bool = True
) -> tuple[int, str]:
    signer = ("--signer", OFFICE) if signed else ()
    code, _out, err = run(
        env, "report", "reminders", *signer, "--organization", "210", "-o", str(out), *extra,
        db=db,
    )  # fmt: skip
    return code, err


# -- D1 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("damage", [b"\xff\n", b"\xe7\x9b"])
def test_a_stray_byte_costs_one_line_not_the_ledger(env: dict[str, str], damage: bytes) -> None:
    restored, _first = issue_then_restore(env)
    with ledger(env).open("ab") as f:
        f.write(damage)
    before = digest(restored)
    code, err = notice(env, Path(env["TMP"]) / "again.pdf", db=restored)
    assert code == 1 and "監第1号" in err and "Traceback" not in err
    assert digest(restored) == before and not (Path(env["TMP"]) / "again.pdf").exists()
    # another visit: 監第1号 is still known (never given again), the bad line is named
    other = Path(env["TMP"]) / "other.pdf"
    code, _out, err = run(
        env, "report", "notice", "--session", str(other_visit(restored)), "-o", str(other),
        db=restored,
    )  # fmt: skip
    assert code == 0, err
    assert number_of(other) == "監第2号"
    assert f"{ledger(env)} の 2 行目" in err and "UTF-8" in err


def test_a_bom_at_the_start_is_accepted(env: dict[str, str]) -> None:
    restored, _first = issue_then_restore(env)
    ledger(env).write_bytes(b"\xef\xbb\xbf" + ledger(env).read_bytes())
    code, err = notice(env, Path(env["TMP"]) / "again.pdf", db=restored)
    assert code == 1 and "監第1号" in err and "行目" not in err


def test_an_unreadable_ledger_refuses_signing_before_anything(env: dict[str, str]) -> None:
    restored, _first = issue_then_restore(env)
    path = ledger(env)
    path.unlink()
    path.mkdir()  # exists, cannot be read as a file
    before = digest(restored)
    out = Path(env["TMP"]) / "rA"
    code, err = reminders(env, out, db=restored)
    assert code == 1 and "Traceback" not in err
    assert str(path) in err and "読めません" in err and "通常のファイルではありません" in err
    assert digest(restored) == before
    assert not out.exists() or not list(out.glob("*.pdf"))
    code, err = notice(env, Path(env["TMP"]) / "n.pdf", db=restored)
    assert code == 1 and "読めません" in err and not (Path(env["TMP"]) / "n.pdf").exists()
    assert digest(restored) == before


# -- D8 / D9 ----------------------------------------------------------------------------------


def test_a_linked_ledger_is_neither_read_nor_appended(env: dict[str, str]) -> None:
    issue_then_restore(env)
    path = ledger(env)
    elsewhere = Path(env["TMP"]) / "elsewhere.jsonl"
    shutil.move(path, elsewhere)
    os.symlink(elsewhere, path)
    kept = elsewhere.read_bytes()
    code, err = reminders(env, Path(env["TMP"]) / "rL")
    assert code == 1 and "シンボリックリンク" in err and "Traceback" not in err
    assert elsewhere.read_bytes() == kept


def test_a_long_line_is_skipped_and_named_and_a_huge_file_refused(tmp_path: Path) -> None:
    from inspector.reports.number_ledger import (
        MAX_SIZE,
        LedgerUnreadable,
        problem_text,
        read_ledger,
    )

    office = tmp_path / "office"
    office.mkdir()
    good = json.dumps({"kind": "notice", "number": "監第1号", "fiscal_year": 2026,
                       "serial": 1, "doc_id": "N-1"}, ensure_ascii=False)  # fmt: skip
    long = json.dumps({"kind": "notice", "number": "監第2号", "fiscal_year": 2026,
                       "serial": 2, "doc_id": "N" * 5000})  # fmt: skip
    (office / "issued_numbers.jsonl").write_text(f"{long}\n{good}\nnot json\n", encoding="utf-8")
    problems: list = []
    entries = read_ledger(tmp_path, problems)
    assert [e.doc_id for e in entries] == ["N-1"]
    assert [(p.line, p.reason) for p in problems] == [(1, "too_long"), (3, "unparsable")]
    assert "1 行目" in problem_text(problems[0], "ja") and "line 1" in problem_text(
        problems[0], "en"
    )
    with (office / "issued_numbers.jsonl").open("ab") as f:
        f.truncate(MAX_SIZE + 1)
    with pytest.raises(LedgerUnreadable, match="大きすぎます"):
        read_ledger(tmp_path)


# -- D3 ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("serial", [10**20, 99999 + 1, 0])
def test_a_serial_out_of_range_is_skipped_never_a_crash(env: dict[str, str], serial: int) -> None:
    path = ledger(env)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as f:
        line = {"kind": "reminder", "number": f"監督第{serial}号", "fiscal_year": 2026,
                "serial": serial, "doc_id": "R-X", "sessions": [], "forms": []}  # fmt: skip
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
    out = Path(env["TMP"]) / "r"
    code, err = reminders(env, out)
    assert code == 0, err
    assert "Traceback" not in err and "1～99999" in err and f"{path} の 1 行目" in err
    [pdf] = out.glob("*.pdf")
    assert number_of_reminder(pdf) == "監督第1号"


def number_of_reminder(pdf: Path) -> str:
    import re

    from tests.cli.test_docs9_numbers_and_language import text_of

    found = re.search(r"監督第\d+号", text_of(pdf))
    assert found
    return found.group(0)


# -- D2 ---------------------------------------------------------------------------------------


def test_force_never_writes_over_a_signed_file_the_ledger_knows(env: dict[str, str]) -> None:
    tmp = Path(env["TMP"])
    restored = str(tmp / "restored.db")
    shutil.copy(env["DB"], restored)
    out = tmp / "cA"
    code, err = reminders(env, out)
    assert code == 0, err
    [pdf] = out.glob("*.pdf")
    original = digest(pdf)
    before = digest(restored)
    for signed in (True, False):  # a draft neither
        code, err = reminders(env, out, "--force", db=restored, signed=signed)
        assert code == 1 and "監督第1号" in err and str(ledger(env)) in err, err
        assert digest(pdf) == original and digest(restored) == before
    # nor a workbook (not numbered) over it
    code, _out, err = run(
        env, "report", "plans", "--organization", "210", "--xlsx", str(pdf), "--force",
        db=restored,
    )  # fmt: skip
    assert code != 0 and "監督第1号" in err and "Traceback" not in err, err
    assert digest(pdf) == original
    # a notice on a restored database: --reissue --force over the original's file, refused
    restored2, first = issue_then_restore(env)
    kept = digest(first)
    code, err = notice(env, first, "--reissue", "--force", db=restored2)
    assert code == 1 and "監第1号" in err and "番号台帳" in err, err
    assert digest(first) == kept


# -- D10 --------------------------------------------------------------------------------------


def test_the_same_day_refusal_offers_no_english_copy(env: dict[str, str]) -> None:
    code, err = reminders(env, Path(env["TMP"]) / "a")
    assert code == 0, err
    code, err = reminders(env, Path(env["TMP"]) / "b", "--doc-lang", "en", "--again")
    assert code == 1 and "発行済みです" in err
    assert "写し" not in err

"""rem10 D5: a line of the keys folder's number ledger is not trusted verbatim. A number
text that is not what (kind, fiscal year, serial) formats to, or a control character in
the line, makes the line skipped with a warning naming the ledger file and line; what a
signed document prints is always derived, never the line's text. Real demo database,
real keys, signed PDFs read back."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tests.cli.test_docs9_numbers_and_language import (
    SESSION,
    TODAY,
    digest,
    number_of,
    other_visit,
    run,
    text_of,
)
from tests.cli.test_docs9_numbers_and_language import env as env


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(TODAY)


def ledger(env: dict[str, str]) -> Path:
    return Path(env["INSPECTOR_KEYS_DIR"]) / "office" / "issued_numbers.jsonl"


def edit_line(env: dict[str, str], index: int, **fields: object) -> None:
    lines = ledger(env).read_text(encoding="utf-8").splitlines()
    entry = json.loads(lines[index])
    entry.update(fields)
    lines[index] = json.dumps(entry, ensure_ascii=False)
    ledger(env).write_text("\n".join(lines) + "\n", encoding="utf-8")


def issue_then_restore(env: dict[str, str]) -> str:
    """監第1号 issued from the database; the copy taken before it (a restored backup)."""
    tmp = Path(env["TMP"])
    restored = str(tmp / "restored.db")
    shutil.copy(env["DB"], restored)
    first = tmp / "n1.pdf"
    assert run(env, "report", "notice", "--session", str(SESSION), "-o", str(first))[0] == 0
    assert number_of(first) == "監第1号"
    return restored


def test_a_number_with_a_control_character_is_never_printed(env: dict[str, str]) -> None:
    restored = issue_then_restore(env)
    edit_line(env, 0, number="監第1号\n改ざん", serial=99)
    out = Path(env["TMP"]) / "n1re.pdf"
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "--reissue", "-o", str(out),
        db=restored,
    )  # fmt: skip
    assert code == 0, err
    assert "改ざん" not in text_of(out)
    assert f"{ledger(env)} の 1 行目" in err and "制御文字" in err
    assert "Traceback" not in err


def test_a_number_not_derived_from_its_serial_is_skipped_and_said(env: dict[str, str]) -> None:
    restored = issue_then_restore(env)
    edit_line(env, 0, number="監第7号")  # serial 1 stays: not what 監第{n}号 makes
    other = Path(env["TMP"]) / "n2.pdf"
    code, _out, err = run(
        env, "report", "notice", "--session", str(other_visit(restored)), "-o", str(other),
        db=restored,
    )  # fmt: skip
    assert code == 0, err
    assert f"{ledger(env)} の 1 行目" in err and "「監第7号」" in err and "（監第1号）" in err
    # the line is not used: its (untrusted) number is neither skipped nor printed
    assert number_of(other) == "監第1号" and "監第7号" not in text_of(other)


def test_a_sound_line_still_protects_its_number(env: dict[str, str]) -> None:
    restored = issue_then_restore(env)
    before = digest(restored)
    code, _out, err = run(
        env, "report", "notice", "--session", str(SESSION), "-o", str(Path(env["TMP"]) / "x.pdf"),
        db=restored,
    )  # fmt: skip
    assert code == 1 and "監第1号" in err and "行目" not in err
    assert digest(restored) == before


# -- the ledger read on its own ---------------------------------------------------------------


def write_ledger(keys: Path, *lines: str) -> Path:
    (keys / "office").mkdir(parents=True)
    path = keys / "office" / "issued_numbers.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_each_skipped_line_is_named_and_numbers_are_derived(tmp_path: Path) -> None:
    from inspector.reports.number_ledger import check_entries, problem_text, read_ledger

    def line(**fields: object) -> str:
        base = {"kind": "reminder", "number": "監督第1号", "fiscal_year": 2026, "serial": 1,
                "doc_id": "R-1", "sessions": ["u1"]}  # fmt: skip
        return json.dumps(base | fields, ensure_ascii=False)

    path = write_ledger(
        tmp_path,
        line(),
        "not json",
        line(doc_id="R-2", path="/tmp/a\x1b[31m.pdf"),
        line(doc_id="R-3", number="監督第3号", serial=2),
        line(doc_id="R-4", number="監督第0号", serial=0),
        line(doc_id="R-5", kind="notice", number="監第2号", serial=2),
    )
    problems: list[Any] = []
    entries = read_ledger(tmp_path, problems)
    # rem11: an unparsable line and a serial out of 1..99999 are named too
    read = [(2, "unparsable"), (3, "control"), (5, "serial")]
    assert [(p.line, p.reason) for p in problems] == read
    formats = {"reminder": ("{prefix}第{n}号", "監督"), "notice": ("{prefix}第{n}号", "監")}
    kept = check_entries(entries, formats, path, problems)
    assert [e.doc_id for e in kept] == ["R-1", "R-5"]
    assert [(p.line, p.reason) for p in problems] == [*read, (4, "number")]
    said = problem_text(problems[3], "ja")
    assert (
        str(path) in said and "4 行目" in said and "「監督第3号」" in said and "監督第2号" in said
    )
    assert "line 4" in problem_text(problems[3], "en")


def test_a_reminder_is_of_this_database_by_its_sessions_or_its_forms(tmp_path: Path) -> None:
    from inspector.reports.number_ledger import LedgerEntry, entries_of

    by_session = LedgerEntry("reminder", "監督第1号", 2026, 1, "R-1", sessions=("u1",))
    by_form = LedgerEntry("reminder", "監督第2号", 2026, 2, "R-2", forms=("SC-1",))
    elsewhere = LedgerEntry("reminder", "監督第3号", 2026, 3, "R-3", sessions=("x",), forms=("y",))
    kept = entries_of([by_session, by_form, elsewhere], {"u1": 7}, {"SC-1"})
    assert [(e.doc_id, e.session_ids) for e in kept] == [("R-1", (7,)), ("R-2", ())]

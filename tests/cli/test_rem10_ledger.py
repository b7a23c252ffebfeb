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

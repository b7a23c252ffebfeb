"""The manager named by `selfcheck collect --manager` is one person however the space
between family and given name is typed (拠点 課長 / 拠点　課長, as a notice's signer is
compared): stored normalized (NFKC, spaces collapsed) and compared without spaces, so the
same manager typed another way is not refused as another; and `--manager` for a form that
is not a roster (which records no manager) is refused, not silently dropped."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from inspector.domain.person_names import normalized_name, same_name
from tests.corpus.excel_forms import distribute, fill_organization, invoke
from tests.excel.test_hearing_manager import _heard_by, _roster
from tests.excel.test_selfcheck_excel import DEPARTMENT, db, dump

__all__ = ["db"]

HALF = "拠点 課長"
FULL = "拠点\u3000課長"


def test_names_are_normalized_and_compared_without_spaces() -> None:
    assert normalized_name(f"  {FULL}  ") == HALF
    assert normalized_name("ｷｮﾃﾝ  課長") == "キョテン 課長"  # half-width kana, two spaces
    assert same_name(HALF, FULL) and same_name("拠点課長", FULL)
    assert not same_name(HALF, "拠点 係長")


def test_the_same_manager_typed_with_a_full_width_space_is_not_another(
    db: Path, tmp_path: Path
) -> None:
    roster = _roster(db, tmp_path)
    assert invoke(db, "selfcheck", "collect", str(roster), "--manager", HALF).exit_code == 0
    before = dump(db)
    result = invoke(db, "selfcheck", "collect", str(roster), "--manager", FULL)
    assert result.exit_code == 0, result.stderr
    assert dump(db) == before
    assert _heard_by(db) == {"P000": HALF, "P011": HALF}


def test_a_full_width_space_is_stored_as_a_plain_one(db: Path, tmp_path: Path) -> None:
    roster = _roster(db, tmp_path)
    result = invoke(db, "selfcheck", "collect", str(roster), "--manager", f"\u3000{FULL}\u3000")
    assert result.exit_code == 0, result.stderr
    assert _heard_by(db) == {"P000": HALF, "P011": HALF}


def test_a_name_recorded_before_with_a_full_width_space_is_the_same_manager(
    db: Path, tmp_path: Path
) -> None:
    roster = _roster(db, tmp_path)
    assert invoke(db, "selfcheck", "collect", str(roster), "--manager", HALF).exit_code == 0
    with sqlite3.connect(db) as conn:  # as written before names were normalized
        conn.execute("UPDATE inspection_session SET heard_by = ? WHERE heard_by = ?", (FULL, HALF))
    result = invoke(db, "selfcheck", "collect", str(roster), "--manager", HALF)
    assert result.exit_code == 0, result.stderr
    assert _heard_by(db) == {"P000": FULL, "P011": FULL}  # a recorded name is not rewritten


def test_manager_for_a_form_that_is_not_a_roster_is_refused(db: Path, tmp_path: Path) -> None:
    (form,) = distribute(db, tmp_path / "d", DEPARTMENT, "--organization", "S00")
    fill_organization(form, {"d-01": "遵守"})  # a blank return is no return (walk8 M6)
    before = dump(db)
    result = invoke(db, "selfcheck", "collect", str(form), "--manager", HALF)
    assert result.exit_code == 1
    assert form.name in result.stderr and "--manager" in result.stderr
    assert "名簿形式ではありません" in result.stderr and "Traceback" not in result.stderr
    assert dump(db) == before
    # without the option the same file is collected
    assert invoke(db, "selfcheck", "collect", str(form)).exit_code == 0

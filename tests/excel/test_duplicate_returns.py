"""Two returns of the same form in one collect (a department's answer and its corrected
copy left in the folder) are refused before anything is collected, naming both files: the
last one by name no longer wins without a word (hunt4 M2)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, Repository
from tests.corpus.excel_forms import distribute, fill_organization, invoke

DEPARTMENT = "juki-department"


def dump(db: Path) -> list[str]:
    with sqlite3.connect(db) as conn:
        return list(conn.iterdump())


def test_two_returns_of_one_form_are_refused_naming_both(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    engine = open_database(f"sqlite:///{db}")
    Repository(engine).upsert_organizations(
        [OrganizationInput(f"S{n:02d}", f"拠点{n:02d}課", None, ("juki_terminal",)) for n in (1, 2)]
    )
    engine.dispose()
    first, other = distribute(db, tmp_path / "out", DEPARTMENT)
    fill_organization(first, {"d-01": "遵守"})
    fill_organization(other, {"d-01": "遵守"})
    corrected = first.with_name("zz-" + first.name)
    shutil.copyfile(first, corrected)
    fill_organization(corrected, {"d-01": "不遵守"}, reasons={"d-01": "訂正"})
    before = dump(db)

    result = invoke(db, "selfcheck", "collect", str(tmp_path / "out"))

    assert result.exit_code == 1, result.output
    assert "同じ様式 ID" in result.stderr
    assert first.name in result.stderr and corrected.name in result.stderr
    assert "何も取り込んでいません" in result.stderr
    assert "Traceback" not in result.output
    assert dump(db) == before  # not even the other department's file

    # named one by one, the office decides: both go in, the later collect updates
    assert invoke(db, "selfcheck", "collect", str(first), str(other)).exit_code == 0
    assert invoke(db, "selfcheck", "collect", str(corrected)).exit_code == 0

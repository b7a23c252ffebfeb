"""A collected return never drops what a workbook cannot carry (imports r16 #2): a cell
holds no evidence, so an answer updated by a newer return keeps its stored evidence, and
the same return collected again is unchanged."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from tests.corpus.excel_forms import distribute, fill_organization
from tests.excel.test_excel5 import _collect, _saved
from tests.excel.test_selfcheck_excel import DEPARTMENT, db

__all__ = ["db"]
PROOF = ["evidence/台帳.xlsx"]


def _answer(db: Path) -> tuple[str, list[str]]:
    with sqlite3.connect(db) as conn:
        value, evidence = conn.execute(
            "SELECT value, evidence FROM answer WHERE item_id = 'd-01'"
        ).fetchone()
    return value, json.loads(evidence)


def test_a_newer_return_keeps_the_stored_evidence(db: Path, tmp_path: Path) -> None:
    (form,) = distribute(db, tmp_path / "o", DEPARTMENT, "--organization", "S02")
    first = fill_organization(form, {"d-01": "不遵守"}, out=tmp_path / "first.xlsx")
    second = fill_organization(form, {"d-01": "遵守"}, out=tmp_path / "second.xlsx")
    _saved(first, "2026-12-01T01:00:00Z")
    _saved(second, "2026-12-02T01:00:00Z")
    assert _collect(db, first)["added"] == 1
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE answer SET evidence = ? WHERE item_id = 'd-01'", (json.dumps(PROOF),))
    assert _collect(db, first)["unchanged"] == 1  # the same return: nothing changes
    assert _answer(db) == ("noncompliant", PROOF)
    assert _collect(db, second)["updated"] == 1
    assert _answer(db) == ("compliant", PROOF)
    assert _collect(db, second)["unchanged"] == 1

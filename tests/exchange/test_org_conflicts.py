"""Organization imports refuse a code that is another organization's name (it silently
redirected later rows naming that organization) and cycles of parents, with the row."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.exchange.csvfile import CsvProblems
from inspector.exchange.rosters import import_organizations
from inspector.store.repository import Repository
from tests.db_rows import dump


def _dump(repo: Repository) -> object:
    return dump(repo)


def _refused(repo: Repository, tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "orgs.csv"
    path.write_text(text, encoding="utf-8")
    before = _dump(repo)
    with pytest.raises(CsvProblems) as info:
        import_organizations(repo, path)
    assert _dump(repo) == before
    return [str(p) for p in info.value.problems]


def test_a_code_equal_to_another_organizations_name_is_refused(
    city: Repository, tmp_path: Path
) -> None:
    # city has GEN named 総務課
    (problem,) = _refused(city, tmp_path, "code,name\nX1,情報課\n総務課,別の課\n")
    assert problem.startswith("row 3:") and "'総務課'" in problem and "'GEN'" in problem


def test_a_code_equal_to_a_name_in_the_same_file_is_refused(
    city: Repository, tmp_path: Path
) -> None:
    problems = _refused(city, tmp_path, "code,name\nA1,企画課\n企画課,別の課\n")
    assert any(p.startswith("row 3:") and "'企画課'" in p for p in problems), problems


def test_a_name_equal_to_another_organizations_code_is_refused(
    city: Repository, tmp_path: Path
) -> None:
    (problem,) = _refused(city, tmp_path, "code,name\nX1,TAX\n")
    assert problem.startswith("row 2:") and "'TAX'" in problem


def test_an_organization_may_keep_its_code_as_its_name(city: Repository, tmp_path: Path) -> None:
    path = tmp_path / "orgs.csv"
    path.write_text("code,name\nNEW,NEW\n", encoding="utf-8")
    import_organizations(city, path)


@pytest.mark.parametrize(
    ("text", "row"),
    [
        ("code,name,parent\nA,甲課,B\nB,乙課,A\n", "row 2:"),
        ("code,name,parent\nA,甲課,A\n", "row 2:"),
        # D1 is stored at the top; putting it under GEN, which is under D1, makes a cycle
        ("code,name,parent\nD1,市民部,GEN\n", "row 2:"),
    ],
)
def test_cycles_of_parents_are_refused(
    city: Repository, tmp_path: Path, text: str, row: str
) -> None:
    problems = _refused(city, tmp_path, text)
    assert any(p.startswith(row) and ("own parent" in p) for p in problems), problems

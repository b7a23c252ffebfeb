"""`consolidate` of a checklist with a 3,000-item `depends_on` chain finishes (it died with
RecursionError after minutes), and `checklists validate` refuses a cycle (issue 10, 12)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.exchange.answers_csv import COLUMNS
from tests.unit.test_dependency_chains import chain_yaml


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--lang", "en", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_consolidate_a_3000_item_chain(tmp_path: Path) -> None:
    folder = tmp_path / "office"
    folder.mkdir()
    (folder / "chain.yaml").write_text(chain_yaml(3000), encoding="utf-8")
    db = tmp_path / "c.db"
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("code,name,parent,tags\nA,総務課,,\nB,税務課,,\n", encoding="utf-8")
    base = ("--db", str(db), "--checklist-dir", str(folder))
    assert run(*base, "orgs", "import", str(orgs))[0] == 0
    rows = [",".join(COLUMNS)]
    rows += [f"A,,,chain,i{i},yes,,,2025-06-01" for i in range(3000)]
    rows += [f"B,,,chain,i{i},yes,,,2025-06-01" for i in range(1500)]
    rows.append("B,,,chain,i1500,no,,,2025-06-01")
    answers = tmp_path / "answers.csv"
    answers.write_text("\n".join(rows) + "\n", encoding="utf-8")
    code, _out, err = run(*base, "import-csv", str(answers))
    assert code == 0, err

    # That the evaluation is linear is checked without a clock in tests/unit/
    # test_dependency_chains.py (answer look-ups counted); here it finishes, and is right.
    code, out, err = run(*base, "consolidate", "--checklist", "chain", "--json")
    assert code == 0, err
    items = {row["item"]: row for row in json.loads(out)["items"]}
    assert items["i2999"]["applicable"] == 1
    assert items["i1500"] == {**items["i1500"], "applicable": 2, "noncompliant": 1}
    assert items["i1501"]["not_applicable"] == 1


def test_validate_refuses_a_cycle_with_file_line_and_items(tmp_path: Path) -> None:
    path = tmp_path / "cycle.yaml"
    path.write_text(chain_yaml(4, cycle_to=3), encoding="utf-8")
    code, _out, err = run("checklists", "validate", str(path))
    assert code == 1
    assert f"{path}:8: [item i0] depends_on forms a cycle: i0 -> i3 -> i2 -> i1 -> i0" in err
    assert "Traceback" not in err

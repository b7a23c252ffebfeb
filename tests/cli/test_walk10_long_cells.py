"""hunt9 L1: one 100,000-character name does not flood a CLI table (`people list` printed
14.9 MB, every row padded to that name): a table cell is cut with … at 120 columns; the
JSON output keeps the name whole."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.cli.output import cut_cell, display_width
from inspector.domain.model import PersonStatus, StaffType
from inspector.store.database import open_database
from inspector.store.repository import OrganizationInput, PersonInput, Repository

LONG = "長" * 100_000


def _database(tmp_path: Path) -> Path:
    path = tmp_path / "long.db"
    engine = open_database("sqlite:///" + str(path))
    repo = Repository(engine)
    repo.upsert_organizations([OrganizationInput("110", "市民課")])
    repo.upsert_people(
        [
            PersonInput("A001", LONG, "110", StaffType.REGULAR, PersonStatus.ACTIVE),
            PersonInput("A002", "佐藤 一郎", "110", StaffType.REGULAR, PersonStatus.ACTIVE),
            PersonInput("A003", "山田 花子", "110", StaffType.REGULAR, PersonStatus.ACTIVE),
        ]
    )
    engine.dispose()
    return path


def test_people_list_cuts_a_huge_name_and_json_keeps_it(tmp_path: Path) -> None:
    db = _database(tmp_path)
    runner = CliRunner()
    result = runner.invoke(cli, ["--db", str(db), "people", "list"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert len(result.output.encode()) < 2_000, len(result.output.encode())
    lines = result.output.splitlines()
    [long_row] = [line for line in lines if "A001" in line]
    assert "長" * 59 + "…" in long_row
    assert "佐藤 一郎" in result.output and "山田 花子" in result.output
    shown = runner.invoke(cli, ["--db", str(db), "people", "list", "--json"])
    names = [p["name"] for p in json.loads(shown.output)]
    assert LONG in names  # whole


def test_cut_cell_counts_wide_characters() -> None:
    assert cut_cell("abc") == "abc"
    assert cut_cell("あ" * 60) == "あ" * 60  # 120 columns: whole
    cut = cut_cell("あ" * 61)
    assert cut.endswith("…") and display_width(cut) <= 120
    assert cut_cell("x" * 121) == "x" * 119 + "…"

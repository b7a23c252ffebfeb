"""The manager's name of a roster hearing (`selfcheck collect --manager`): empty, with a
control character, or another manager than the one recorded for a hearing. Each refused
with what and where, the database unchanged."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from inspector.exchange.workbooks.layout import SHEET_ANSWERS
from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import run_inspector
from tests.corpus.excel_forms import fill_roster, item_rows

ROSTER = "forms/210_市民課_juki-operator.xlsx"
MANAGER = "市民 課長"


def _distributed(places: Placeholders) -> None:
    run_inspector(
        places, "selfcheck", "distribute", "--checklist", "juki-operator",
        "--organization", "210", "-o", str(Path(places["tmp"]) / "forms"),
    )  # fmt: skip


def _collected_by_a_manager(places: Placeholders) -> None:
    _distributed(places)
    roster = Path(places["tmp"]) / ROSTER
    first = next(iter(item_rows(load_workbook(roster)[SHEET_ANSWERS])))
    fill_roster(roster, {(first, "o-01"): "遵守"}, out=roster)
    run_inspector(places, "selfcheck", "collect", str(roster), "--manager", MANAGER)


def _collect(manager: str) -> list[str]:
    return ["selfcheck", "collect", f"{{tmp}}/{ROSTER}", "--manager", manager]


CASES = [
    Case(
        id="trust3-manager-empty",
        args=_collect(" \u3000 "),
        setup=_distributed,
        expect=["--manager", "空"],
        exit_code=1,
    ),
    Case(
        id="trust3-manager-empty-en",
        args=_collect(""),
        setup=_distributed,
        expect=["--manager", "empty"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="trust3-manager-escape",
        args=_collect("課長\x1b[2J"),
        setup=_distributed,
        expect=["--manager", "3 文字目", "U+001B"],
        exit_code=1,
    ),
    Case(
        id="trust3-manager-other-than-recorded",
        args=_collect("別の 課長"),
        setup=_collected_by_a_manager,
        expect=["210_市民課_juki-operator.xlsx", MANAGER, "別の 課長", "聴取"],
        exit_code=1,
    ),
]

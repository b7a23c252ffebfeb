"""Item texts in the runner wrap by the documents' rule (禁則) at 80 columns: no line of the
detail starts with 。、）・ (Rich's own wrapping put them first), and none is wider than
the detail. Walked over every item of juki-department and backup-media."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.cells import cell_len
from rich.text import Text

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.line_breaks import CANNOT_START
from inspector.resources import shipped_checklists_dir
from inspector.tui.app import InspectorApp
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.item_detail import ItemDetail
from inspector.tui.wrapping import wrap_text
from tests.tui.drawn import region_lines

from .conftest import TODAY, World, settle


def _bad_starts(detail_lines: list[str]) -> list[str]:
    # a line's first character after the detail's padding
    return [line for line in detail_lines if line.strip()[:1] in tuple(CANNOT_START)]


@pytest.mark.parametrize("checklist", ["juki-department", "backup-media"])
async def test_no_detail_line_starts_with_closing_punctuation(
    world: World, tmp_path: Path, checklist: str
) -> None:
    shipped = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    context = world.new_context(keys_dir=tmp_path / "no-keys")
    context.__dict__["catalog"] = ChecklistCatalog([world.checklist, shipped.get(checklist)])
    app = InspectorApp(context, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"110", "enter")
        await settle(pilot)
        await pilot.press(*checklist, "enter")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        runner = app.screen
        assert isinstance(runner, RunnerScreen) and runner.model is not None
        seen: set[str] = set()
        bad: list[tuple[str, str]] = []
        while runner.current_item_id not in seen:
            item = runner.current_item_id
            assert item is not None
            seen.add(item)
            detail = runner.query_one(ItemDetail)
            bad += [(item, line) for line in _bad_starts(region_lines(runner, detail.region))]
            await pilot.press("j")
            await settle(pilot)
        assert len(seen) > 10
        assert not bad, bad


def test_wrap_keeps_the_rule_and_the_width() -> None:
    text = Text("媒体は施錠できる保管庫（金庫等）に保管している。令和7年12月31日までに確認する。")
    for width in range(8, 40):
        lines = [line.plain for line in wrap_text(text, width)]
        assert "".join(lines) == text.plain
        assert all(cell_len(line) <= width for line in lines), (width, lines)
        assert not any(line[:1] in CANNOT_START for line in lines[1:]), (width, lines)
        assert not any(line.endswith(("（", "「")) for line in lines), (width, lines)
    # a date is never broken inside where the line has room for it
    assert "令和7年12月31日までに" in [line.plain for line in wrap_text(text, 21)]

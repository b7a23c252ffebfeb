"""walk7 M3 and LOW at 80x24: the consolidation header and the checklist picker keep the
end of a long title (（所属用） and （操作者用） were cut to the same words, the id to
`(j…`); the header says what its second count is (「未完了 0」 read as "no open
session"); the items tab says which rate it shows."""

from __future__ import annotations

from rich.cells import cell_len

from inspector.domain.catalog import ChecklistCatalog
from inspector.resources import shipped_checklists_dir
from inspector.tui.screens.checklist_picker import ChecklistPicker
from inspector.tui.screens.consolidation import ConsolidationScreen
from inspector.tui.widgets.title_fit import fit_middle, header_line
from tests.tui.conftest import World, settle
from tests.tui.drawn import screen_lines

SIZE = (80, 24)
DEPARTMENT = "住民基本台帳ネットワークシステム セキュリティ対策自己点検票（所属用）"


def test_a_long_title_gives_way_in_its_middle() -> None:
    cut = fit_middle(DEPARTMENT, 30)
    assert cell_len(cut) <= 30 and cut.startswith("住民基本台帳") and cut.endswith("…（所属用）")
    assert fit_middle("短い題", 30) == "短い題"
    assert fit_middle("括弧のない長い長い長い長い長い題名です", 16) == "括弧のない…です"
    line = header_line(DEPARTMENT, f"{DEPARTMENT}（juki-department）", "全所属  集計対象 3", 60)
    assert cell_len(line) <= 60 and "…（所属用）  全所属  集計対象 3" in line


def _shipped(app: object) -> None:
    shipped = ChecklistCatalog.from_folders([shipped_checklists_dir()])
    app.context.__dict__["catalog"] = shipped  # type: ignore[attr-defined]


async def test_the_header_tells_the_two_juki_checklists_apart_at_80(world: World) -> None:
    app = world.app()
    _shipped(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        drawn = {}
        for checklist in ("juki-department", "juki-operator"):
            app.push_screen(ConsolidationScreen(app.context, checklist))
            await settle(pilot)
            drawn[checklist] = screen_lines(app.screen)
            app.pop_screen()
            await settle(pilot)
    department, operator = drawn["juki-department"], drawn["juki-operator"]
    assert "…（所属用）  全所属  集計対象 0  完了した点検なし 0" in department[0], department
    assert "…（操作者用）  全所属  集計対象 0  完了した点検なし 0" in operator[0], operator
    heads = next(line for line in department if "項目" in line and "内容" in line)
    assert "不遵守率" in heads


async def test_the_checklist_picker_shows_each_title_s_end_and_id_at_80(world: World) -> None:
    app = world.app()
    _shipped(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ChecklistPicker(app.context, None))
        await settle(pilot)
        drawn = "\n".join(screen_lines(app.screen))
    assert "…（所属用）  (juki-department)" in drawn, drawn
    assert "…（操作者用）  (juki-operator)" in drawn, drawn
    assert "(j…" not in drawn


async def test_the_drill_down_shows_the_longest_item_text_whole_at_80(world: World) -> None:
    """M3: the item text ended `…所属内の管理体制`, cut without a mark."""
    from inspector.tui.screens.consolidation_drill import BreakersScreen

    app = world.app()
    _shipped(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        checklist = app.context.catalog.get("security-measures")
        item = max(checklist.items, key=lambda i: cell_len(i.text.get("ja")))
        app.push_screen(BreakersScreen(app.context, checklist, item.id, ()))
        await settle(pilot)
        drawn = "".join(line.strip(" │") for line in screen_lines(app.screen)[:6])
    assert f"{item.id} {item.text.get('ja')}" in drawn, drawn


async def test_the_unions_tab_says_which_rate_it_shows(world: World) -> None:
    app = world.app()
    _shipped(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = ConsolidationScreen(app.context, "id-password-hearing")
        app.push_screen(screen)
        await settle(pilot)
        screen.action_tab("unions")
        await settle(pilot)
        drawn = "\n".join(screen_lines(app.screen))
    assert "集計対象に占める割合" in drawn, drawn

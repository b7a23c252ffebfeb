"""tui11 4: on a visit, the runner's list marks the items that have a finding: 「指」 (en
"F") at the end of the row, within the 80 columns; a finding written from the runner (`f`)
marks its item once saved; a withdrawn finding and a self-check mark nothing."""

from __future__ import annotations

from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.help import HelpScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.item_list import ItemList

from .conftest import World, noncompliant_visit, settle
from .drawn import region_lines
from .runner_setup import SIZE, add_finding_on, open_runner, press, pressed


def _rows(runner: RunnerScreen) -> dict[str, str]:
    """The list's drawn lines by the item number they show (" 2" -> its line)."""
    item_list = runner.query_one(ItemList)
    lines = region_lines(runner, item_list.region)
    assert all(len(line) <= SIZE[0] for line in lines)
    return {line[7:11].strip(): line for line in lines if line[7:11].strip().isdigit()}


async def test_a_visit_marks_the_item_with_a_finding(world: World) -> None:
    session_id = noncompliant_visit(world)  # c-02 (No. 2) 不遵守
    add_finding_on(world, session_id, "パスワード管理")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, session_id)
        rows = _rows(runner)
        assert rows["2"].rstrip().endswith(" 指"), rows["2"]
        assert not any(line.rstrip().endswith("指") for n, line in rows.items() if n != "2")
        runner.query_one(ItemList).show_item("c-02")  # highlighted, still marked
        await settle(pilot)
        assert _rows(runner)["2"].rstrip().endswith(" 指")
        help_screen = await pressed(pilot, "question_mark", HelpScreen)
        assert ("", "行末の 指：この項目の指摘あり", True) in help_screen._rows()


async def test_a_finding_written_from_the_runner_marks_its_item(world: World) -> None:
    session_id = noncompliant_visit(world)
    app = world.app("en")
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, session_id)
        assert not _rows(runner)["2"].rstrip().endswith(" F")
        runner.query_one(ItemList).show_item("c-02")
        await pressed(pilot, "f", FindingEditScreen)
        await press(pilot, "ctrl+s")
        assert app.screen is runner
        assert _rows(runner)["2"].rstrip().endswith(" F"), _rows(runner)["2"]


async def test_a_withdrawn_finding_and_a_self_check_mark_nothing(world: World) -> None:
    from inspector.services.findings import withdraw_finding

    session_id = noncompliant_visit(world)
    withdraw_finding(
        world.context, add_finding_on(world, session_id, "パスワード管理"), "重複のため"
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, session_id)
        assert not any(line.rstrip().endswith("指") for line in _rows(runner).values())
        app.pop_screen()
        runner = await open_runner(pilot, world.session_ids["open"])  # a self-check, c-02 不遵守
        assert not any(line.rstrip().endswith("指") for line in _rows(runner).values())
        help_screen = await pressed(pilot, "question_mark", HelpScreen)
        assert not any("指摘あり" in what for _k, what, _n in help_screen._rows())

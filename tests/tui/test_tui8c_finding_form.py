"""The finding form at 80 columns (walk8b M1, M2): the memo's line break is shown as 「／」,
never as an escape sequence (other control characters stay written out), and the 期限
label wraps so that the rule for an empty field is shown whole."""

from __future__ import annotations

from dataclasses import replace

from inspector.tui.screens.finding_edit import FindingEditScreen, one_line
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.item_list import ItemList
from tests.tui.drawn import region_lines

from .conftest import ACTOR, World, noncompliant_visit, settle

SIZE = (80, 24)
NOTE = "一行目メモ\n二行目\x1b[2J"


async def _propose(pilot, app, session_id: int) -> FindingEditScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    app.open_runner(session_id)
    await settle(pilot)
    runner = app.screen
    assert isinstance(runner, RunnerScreen)
    runner.query_one(ItemList).show_item("c-02")
    await pilot.press("f")
    await settle(pilot)
    edit = app.screen
    assert isinstance(edit, FindingEditScreen)
    return edit


def test_one_line_shows_breaks_and_keeps_other_controls() -> None:
    assert one_line("a\r\nb\rc\n\nd\te") == "a／b／c／d e"
    assert "\x1b" in one_line("a\x1b[2J")  # left for `fit` to write out


async def test_memo_line_break_is_readable(world: World) -> None:
    session_id = noncompliant_visit(world)
    world.repo.save_answer(session_id, "c-02", lambda old: replace(old, note=NOTE), ACTOR, "note")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        edit = await _propose(pilot, app, session_id)
        hint = edit.query_one("#finding-note")
        drawn = "".join(region_lines(edit, hint.region))
        assert "一行目メモ／二行目" in drawn
        assert "\\x0a" not in drawn and "\n" not in str(hint.render())
        assert "\\x1b[2J" in drawn  # the escape is written out, not sent to the terminal


async def test_deadline_label_is_whole_at_80_columns(world: World) -> None:
    session_id = noncompliant_visit(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        edit = await _propose(pilot, app, session_id)
        label = edit.query_one("#finding-deadline-label")
        label.scroll_visible(animate=False)
        await settle(pilot)
        lines = region_lines(edit, label.region)
        assert len(lines) >= 2
        drawn = "".join(line.strip() for line in lines)
        assert "空欄なら様式の日数後の開庁日）" in drawn
        assert drawn.startswith("期限（通知書で求める期限。")

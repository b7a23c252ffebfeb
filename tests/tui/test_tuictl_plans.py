"""The plan form and the measure entry refuse a control or format character: the measures,
the responsible person and an entry's text are printed on the plan and the follow-up report
(and an entry is never edited once recorded). The form stays open with what was typed, the
field and U+XXXX are named, nothing is written; line breaks and U+3000 stay."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Label, TextArea

from inspector.tui.screens.measure_entry import MeasureEntryScreen
from inspector.tui.screens.plan_detail import PlanDetailScreen, PlanEditScreen

from .conftest import World, settle
from .test_plan_edit import SIZE, add_plan, press


async def _detail(pilot, plan_id: int) -> PlanDetailScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.push_screen(PlanDetailScreen(pilot.app.context, plan_id))
    await settle(pilot)
    detail = pilot.app.screen
    assert isinstance(detail, PlanDetailScreen)
    return detail


@pytest.mark.parametrize(
    ("field", "typed", "code", "name"),
    [
        ("#plan-measures", "全職員に\x1b[31m周知する。", "U+001B", "改善の内容"),
        ("#plan-person", "鈴木\u202e次郎", "U+202E", "担当者"),
    ],
)
async def test_the_plan_form_refuses_a_control_character(
    world: World, field: str, typed: str, code: str, name: str
) -> None:
    plan_id = add_plan(world)
    store = world.context.findings
    before, logged = store.plan(plan_id), store.plan_changes(plan_id)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await _detail(pilot, plan_id)
        await press(pilot, "e")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        widget = edit.query_one(field)
        if isinstance(widget, TextArea):
            widget.text = typed
        else:
            assert isinstance(widget, Input)
            widget.value = typed
        await press(pilot, "ctrl+s")
        assert app.screen is edit
        error = str(edit.query_one("#plan-error", Label).render())
        assert code in error and name in error and "制御文字" in error, error
        assert edit.focused is widget
    assert store.plan(plan_id) == before
    assert store.plan_changes(plan_id) == logged


async def test_a_measure_entry_with_a_control_character_is_not_recorded(world: World) -> None:
    plan_id = add_plan(world)
    store = world.context.findings
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await _detail(pilot, plan_id)
        await press(pilot, "a")
        entry = app.screen
        assert isinstance(entry, MeasureEntryScreen)
        area = entry.query_one("#entry-text", TextArea)
        area.text = "周知した\u2800"
        await press(pilot, "ctrl+s")
        assert app.screen is entry and area.text == "周知した\u2800"
        error = str(entry.query_one("#entry-error", Label).render())
        assert "U+2800" in error and "制御文字" in error, error
        assert entry.focused is area
    assert store.plan(plan_id).entries == ()


async def test_line_breaks_and_the_ideographic_space_stay(world: World) -> None:
    plan_id = add_plan(world)
    store = world.context.findings
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        detail = await _detail(pilot, plan_id)
        await press(pilot, "e")
        edit = app.screen
        assert isinstance(edit, PlanEditScreen)
        edit.query_one("#plan-measures", TextArea).text = "全職員に\n周知する。"
        edit.query_one("#plan-person", Input).value = "鈴木\u3000次郎"
        await press(pilot, "ctrl+s")
        assert app.screen is detail
        await press(pilot, "a")
        app.screen.query_one("#entry-text", TextArea).text = "一部\n周知した\u3000残り"
        await press(pilot, "ctrl+s")
        assert app.screen is detail
    plan = store.plan(plan_id)
    assert (plan.measures, plan.responsible_person) == ("全職員に\n周知する。", "鈴木\u3000次郎")
    assert [e.text for e in plan.entries] == ["一部\n周知した\u3000残り"]

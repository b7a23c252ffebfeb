"""The item's note (メモ) is the inspector's private record: the proposed finding does not
copy it; the finding editor offers to insert it (Ctrl+O), and only then is it saved into the
finding's text (issue 13, issue 14 point 3)."""

from __future__ import annotations

from dataclasses import replace

from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.item_list import ItemList

from .conftest import ACTOR, World, noncompliant_visit, settle

SIZE = (80, 24)
NOTE = "鍵はキャビネット上段の缶の中"


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


async def test_the_note_is_offered_not_copied(world: World) -> None:
    session_id = noncompliant_visit(world)
    world.repo.save_answer(session_id, "c-02", lambda old: replace(old, note=NOTE), ACTOR, "note")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        edit = await _propose(pilot, app, session_id)
        text = edit.query_one("#finding-text").text  # type: ignore[attr-defined]
        measure = edit.query_one("#finding-measure").text  # type: ignore[attr-defined]
        assert NOTE not in text and NOTE not in measure
        assert text.strip()  # the deficiency is proposed
        hint = str(edit.query_one("#finding-note").render())
        assert "メモ" in hint and "Ctrl+O" in hint
        assert edit.check_action("insert_note", ()) is True
        await pilot.press("ctrl+o")
        await settle(pilot)
        text = edit.query_one("#finding-text").text  # type: ignore[attr-defined]
        assert text.endswith(f"状況：{NOTE}")
        await pilot.press("ctrl+o")  # twice is once
        await settle(pilot)
        assert edit.query_one("#finding-text").text.count(NOTE) == 1  # type: ignore[attr-defined]
        await pilot.press("ctrl+s")
        await settle(pilot)
        [finding] = world.context.findings.findings(session_id=session_id)
        assert f"状況：{NOTE}" in finding.text


async def test_saved_without_inserting_the_note_keeps_it_out(world: World) -> None:
    session_id = noncompliant_visit(world)
    world.repo.save_answer(session_id, "c-02", lambda old: replace(old, note=NOTE), ACTOR, "note")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await _propose(pilot, app, session_id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        [finding] = world.context.findings.findings(session_id=session_id)
        assert NOTE not in finding.text + finding.title + finding.requested_measure


async def test_no_note_no_insert_key(world: World) -> None:
    session_id = noncompliant_visit(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        edit = await _propose(pilot, app, session_id)
        assert not edit.query("#finding-note")
        assert edit.check_action("insert_note", ()) is False
        before = edit.query_one("#finding-text").text  # type: ignore[attr-defined]
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert edit.query_one("#finding-text").text == before  # type: ignore[attr-defined]

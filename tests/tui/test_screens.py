"""Pilot tests of home, new session, summary, help and the command palette."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.command import CommandList

from inspector.config import Settings
from inspector.context import AppContext
from inspector.domain.errors import ChecklistLoadError
from inspector.domain.model import Role, SessionKind, SessionStatus
from inspector.tui.app import run_app
from inspector.tui.commands import InspectorCommands
from inspector.tui.screens.help import HelpScreen
from inspector.tui.screens.home import HomeScreen
from inspector.tui.screens.new_session import NewSessionScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.screens.summary import SummaryScreen
from inspector.tui.widgets.session_table import SessionTable

from .conftest import TODAY, World, settle, wait_until

SIZE = (80, 24)


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def test_home_lists_sessions_newest_first(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        table = app.screen.query_one(SessionTable)
        assert table.row_count == 2
        newest = table.summaries[world.session_ids["open"]]
        assert (newest.answered, newest.total, newest.noncompliant) == (2, 6, 1)
        done = table.summaries[world.session_ids["completed"]]
        # c-02 noncompliant, and h-01 "no" in an organization checklist (the one rule)
        assert (done.answered, done.total, done.noncompliant) == (7, 7, 2)
        assert table.session_id == world.session_ids["open"]
        await press(pilot, "enter")
        assert isinstance(app.screen, RunnerScreen)
        assert app.screen.current_item_id == "h-01"
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_start_a_self_check_with_type_to_filter(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, NewSessionScreen)
        await pilot.press(*"情報")  # filter organizations
        await press(pilot, "enter")
        await press(pilot, "enter")  # the only checklist
        await press(pilot, "down", "enter")  # operator
        await press(pilot, "enter")  # 鈴木 次郎, the only person of 情報政策課
        assert isinstance(app.screen, RunnerScreen)
        session = world.repo.sessions(limit=1)[0]
        assert session.organization_id == world.org_ids["210"]
        assert session.role is Role.OPERATOR
        assert session.kind is SessionKind.SELF_CHECK
        assert session.respondent_id == world.person_ids["B001"]
        assert session.session_date == TODAY
        await press(pilot, "1")
        assert world.values(session.id) == {"c-01": "compliant"}


async def test_start_an_inspection_without_respondent(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await pilot.press(*"110")  # by code
        await press(pilot, "enter", "enter", "enter")
        assert isinstance(app.screen, RunnerScreen)
        session = world.repo.sessions(limit=1)[0]
        assert session.organization_id == world.org_ids["110"]
        assert session.kind is SessionKind.INSPECTION
        assert session.role is Role.INSPECTOR
        assert session.respondent_id is None
        assert session.inspector_name == "tester"


async def test_new_session_escape_steps_back(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n", "enter")
        screen = app.screen
        assert isinstance(screen, NewSessionScreen) and screen.step == 1
        await press(pilot, "escape")
        assert screen.step == 0
        await press(pilot, "escape")
        assert isinstance(app.screen, HomeScreen)


async def test_summary_complete_and_reopen_are_logged(world: World) -> None:
    session_id = world.session_ids["open"]
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        assert isinstance(app.screen, SummaryScreen)
        await press(pilot, "c")  # 4 unanswered: asks first
        await press(pilot, "y")
        assert world.repo.session(session_id).status is SessionStatus.COMPLETED
        await press(pilot, "question_mark")  # the help marks "complete" as not for now
        from textual.widgets import DataTable

        help_table = app.screen.query_one(DataTable)
        rows = {str(help_table.get_row_at(i)[1]) for i in range(help_table.row_count)}
        assert "完了  （今は使えません）" in rows and "再開(記録)" in rows
        await press(pilot, "escape")
        await press(pilot, "o")
        await press(pilot, "enter")  # an empty reason is refused
        assert world.repo.session(session_id).status is SessionStatus.COMPLETED
        await pilot.press(*"fix")
        await press(pilot, "enter")
        assert world.repo.session(session_id).status is SessionStatus.OPEN
        events = [(a, actor, note) for a, actor, _at, note in world.repo.session_events(session_id)]
        assert events == [("complete", "tester", ""), ("reopen", "tester", "fix")]


async def test_summary_from_runner_and_back(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(world.session_ids["open"])
        await settle(pilot)
        await press(pilot, "s")
        assert isinstance(app.screen, SummaryScreen)
        await press(pilot, "enter")
        assert isinstance(app.screen, RunnerScreen)


async def test_help_lists_every_key_of_the_screen(world: World) -> None:
    app = world.app(keymap={"runner.undo": "ctrl+z"})
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(world.session_ids["open"])
        await settle(pilot)
        runner = app.screen
        await press(pilot, "question_mark")
        assert isinstance(app.screen, HelpScreen)
        from textual.widgets import DataTable

        table = app.screen.query_one(DataTable)
        not_now = "（今は使えません）"
        rows = [tuple(str(c) for c in table.get_row_at(i)) for i in range(table.row_count)]
        marked = {
            action.removesuffix(not_now).strip() for _key, action in rows if not_now in action
        }
        rows = [(key, action.removesuffix(not_now).strip()) for key, action in rows]
        actions = {action for _key, action in rows}
        # The item in focus is a yes/no question: the compliance keys are listed, marked;
        # 該当なし answers a yes/no item too (issue 15).
        assert runner.current_item_id == "h-01"
        # `r` is described more fully in help (walk7 H4): what it applies to
        reasons = "要因（直前の不遵守も）"
        assert {"遵守", "不遵守", reasons} <= marked
        assert not {"はい", "いいえ", "該当なし", "メモ", "取消"} & marked
        assert ("1-9", "選択肢") in rows and "選択肢" in marked  # the choice keys: one row
        for label in (
            "遵守",
            "不遵守",
            "該当なし",
            reasons,
            "メモ",
            "証跡",
            "次の未回答の項目へ",
            "取消",
            "ヘルプ",
        ):
            assert label in actions
        keys = dict((action, key) for key, action in rows)
        assert keys["取消"] == "^z"
        await press(pilot, "escape")
        assert app.screen is runner


async def test_palette_reaches_screens_and_actions(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        names = {c.name for c in app.palette_commands(app.screen)}
        assert {
            "session: start",
            "session: self-check",
            "home: open",
            "home: new inspection",
        } <= names
        app.open_runner(world.session_ids["open"])
        await settle(pilot)
        names = {c.name for c in app.palette_commands(app.screen)}
        assert {"runner: next unanswered", "runner: summary", "runner: undo"} <= names
        provider = InspectorCommands(app.screen)
        hits = [hit async for hit in provider.search("next unanswered")]
        assert hits
        await hits[0].command()  # type: ignore[misc]
        await settle(pilot)
        assert app.screen.current_item_id == "n-01"  # type: ignore[attr-defined]


async def test_palette_opens_with_ctrl_p(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"self-check")
        await settle(pilot)  # the palette's search is a worker
        commands = app.screen.query_one(CommandList)
        await wait_until(pilot, lambda: commands.option_count > 0, "the palette's hits listed")
        await press(pilot, "enter")
        assert isinstance(app.screen, NewSessionScreen)


async def test_english_interface(world: World) -> None:
    app = world.app(lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(world.session_ids["open"])
        await settle(pilot)
        header = str(app.screen.query_one("#runner-header").render())
        assert "Answered 2/6" in header
        assert "NG 1" in header


async def test_an_inspection_of_ones_own_division_warns_and_is_marked(world: World) -> None:
    app = world.app(organization="100")  # the inspector belongs to 市民部, above 市民課
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        await pilot.press(*"110")
        await press(pilot, "enter", "enter", "enter")
        assert isinstance(app.screen, RunnerScreen)
        session = world.repo.sessions(limit=1)[0]
        assert session.inspector_organization_id == world.org_ids["100"]
        assert session.not_independent
        messages = [n.message for n in app._notifications]
        assert any("独立性が確保されていない" in m for m in messages)


async def test_home_lists_open_sessions_before_completed_ones(world: World) -> None:
    # A completed session newer than the open one: the open one still comes first.
    newer = world.repo.start_session(
        world.checklist, world.org_ids["110"], role=Role.INSPECTOR, kind=SessionKind.INSPECTION
    )
    world.repo.complete_session(newer.id, "tester")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SessionTable)
        assert table.session_id == world.session_ids["open"]
        assert next(iter(table.summaries)) == world.session_ids["open"]


def test_a_broken_checklist_file_ends_the_interface_with_its_problems(
    world: World, tmp_path: Path
) -> None:
    """The checklists load after the first screen is drawn; a broken file still ends the
    application, and `run_app` raises the loader's error for the CLI to print."""
    office = tmp_path / "office"
    office.mkdir()
    (office / "bad.yaml").write_text("id: bad\ntitle: {ja: x}\nitems: [}\n", encoding="utf-8")
    settings = Settings(db=str(world.path), user="t", checklist_dirs=[office])
    with pytest.raises(ChecklistLoadError) as raised:
        run_app(AppContext(settings), headless=True, size=(80, 24))
    assert any(str(office / "bad.yaml") in str(problem) for problem in raised.value.problems)


async def test_home_columns_widen_with_the_terminal(world: World) -> None:
    """At 80 columns titles are cut; at 120 the title and name columns take the spare room
    and the whole checklist title shows."""
    title = "情報セキュリティ点検票（試験用）"  # 32 cells

    def checklist_cell(table: SessionTable) -> str:
        return str(table.get_cell(str(world.session_ids["open"]), "checklist")).rstrip()

    app = world.app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(SessionTable)
        assert checklist_cell(table) != title and checklist_cell(table).endswith("…")
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert checklist_cell(table) == title
        assert table.session_id == world.session_ids["open"]  # the cursor stayed
        assert sum(column.get_render_width(table) for column in table.columns.values()) <= 120


async def test_palette_shows_japanese_only(world: World) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_runner(world.session_ids["open"])
        await settle(pilot)
        provider = InspectorCommands(app.screen)
        hits = [hit async for hit in provider.discover()]
        assert hits
        for hit in hits:
            shown = f"{hit.display} {hit.help or ''}"
            assert "runner:" not in shown and "session:" not in shown, shown
            # outside the [keys] (esc, ctrl+z, ...), no English
            assert not re.search(r"[a-z]{3,}", re.sub(r"\[.*?\]|Excel", "", shown)), shown
        # the English names are still found
        assert [hit async for hit in provider.search("next unanswered")]


async def test_new_inspection_picks_the_organization_in_its_hierarchy(world: World) -> None:
    """The organization picker of a new session lists sections indented under their
    department, as the consolidation's picker does (it was a flat list)."""
    from inspector.tui.widgets.filter_list import FilterList

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        screen = app.screen
        assert isinstance(screen, NewSessionScreen)
        labels = [entry.label for entry in screen.query_one(FilterList).entries]
        assert labels[:4] == [
            "市民部（100）",
            "  市民課（110）",
            "総務部（200）",
            "  情報政策課（210）",
        ]
        await pilot.press(*"情報")  # the filter still finds a section by its name
        await press(pilot, "enter")
        assert screen.step == 1


async def test_result_and_consolidation_are_told_apart() -> None:
    """`v` (this session's result) and `c` (the consolidation across organizations) had
    the labels 集計 and 集約."""
    from inspector.i18n import catalogue

    ja = catalogue("ja")
    summary, consolidation = ja["tui.binding.home.summary"], ja["tui.binding.home.consolidation"]
    assert summary == ja["tui.binding.runner.summary"] == ja["tui.category.summary"]
    assert "集計" not in summary and "集約" not in summary
    assert consolidation.startswith("全庁")

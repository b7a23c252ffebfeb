"""Nothing the user entered is lost by quitting (hunt4 H1): ctrl+q and the palette's quit
ask first when a screen holds unsaved work (`tui/unsaved.py`), the default being to stay;
with nothing unsaved they quit at once. A closed terminal commits what it still can."""

from __future__ import annotations

import pytest

from inspector.store.database import DatabaseError
from inspector.tui.screens.finding_edit import FindingEditScreen
from inspector.tui.screens.layout_editor import LayoutEditorScreen
from inspector.tui.screens.quit_confirm import QuitConfirmScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.item_list import ItemList

from .conftest import World, commits_in_the_writer, settle

SIZE = (100, 30)


async def _press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


async def _runner(pilot, session_id: int) -> RunnerScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.open_runner(session_id)
    await settle(pilot)
    assert isinstance(pilot.app.screen, RunnerScreen)
    return pilot.app.screen


def _locked(monkeypatch: pytest.MonkeyPatch, repo: object) -> None:
    def refuse(*args: object, **kwargs: object) -> object:
        raise DatabaseError("attempt to write a readonly database")

    monkeypatch.setattr(repo, "save_answer", refuse)
    commits_in_the_writer(monkeypatch, repo)


async def test_an_answer_that_could_not_be_saved_is_not_thrown_away_by_ctrl_q(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot, empty_session)
        real_save = app.context.repo.save_answer
        _locked(monkeypatch, app.context.repo)
        await _press(pilot, "2")
        assert runner.model is not None and "c-01" in runner.model.unsaved
        await _press(pilot, "ctrl+q")
        dialog = app.screen
        assert isinstance(dialog, QuitConfirmScreen)
        assert app.return_code is None  # still running
        assert dialog.lost == ["保存できなかった回答 1 件（実施画面：市民課）"]
        shown = " ".join(str(label.visual) for label in dialog.query(".quit-lost"))
        assert "保存できなかった回答 1 件" in shown
        assert str(dialog.query_one(".dialog-title").visual) == "終了しますか"
        # the default is to stay: Enter on the focused button, Esc, n
        await _press(pilot, "enter")
        assert app.screen is runner and app.return_code is None
        for key in ("escape", "n"):
            await _press(pilot, "ctrl+q")
            assert isinstance(app.screen, QuitConfirmScreen)
            await _press(pilot, key)
            assert app.screen is runner and app.return_code is None
        await _press(pilot, "ctrl+q")
        await _press(pilot, "ctrl+q")  # a second ctrl+q while asking is not a yes
        assert isinstance(app.screen, QuitConfirmScreen) and app.return_code is None
        await _press(pilot, "escape")
        # saved again (ctrl+s), nothing is unsaved: ctrl+q quits without a question
        monkeypatch.setattr(app.context.repo, "save_answer", real_save)
        await _press(pilot, "ctrl+s")
        assert not runner.model.unsaved
        await _press(pilot, "ctrl+q")
        assert app.return_code == 0
    assert world.values(empty_session) == {"c-01": "noncompliant"}


async def test_an_explicit_yes_quits_without_saving(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await _runner(pilot, empty_session)
        _locked(monkeypatch, app.context.repo)
        await _press(pilot, "1")
        app.request_quit()  # what the palette's "app: quit" calls
        await settle(pilot)
        assert isinstance(app.screen, QuitConfirmScreen)
        await _press(pilot, "y")
        assert app.return_code == 0


async def test_text_typed_in_the_finding_form_is_asked_about(world: World) -> None:
    session_id = world.session_ids["completed"]
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot, session_id)
        runner.query_one(ItemList).show_item("c-02")
        await _press(pilot, "f")
        form = app.screen
        assert isinstance(form, FindingEditScreen)
        # opened and untouched (its fields filled from the answer): not unsaved work
        assert form.unsaved_work() is None
        await _press(pilot, "ctrl+q")
        assert app.return_code == 0


async def test_a_changed_finding_form_stops_ctrl_q(world: World) -> None:
    session_id = world.session_ids["completed"]
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot, session_id)
        runner.query_one(ItemList).show_item("c-02")
        await _press(pilot, "f")
        form = app.screen
        assert isinstance(form, FindingEditScreen)
        form.query_one("#finding-title").focus()
        await _press(pilot, "end", *"追記")
        await _press(pilot, "ctrl+q")
        dialog = app.screen
        assert isinstance(dialog, QuitConfirmScreen)
        assert dialog.lost == ["「指摘を作成」に入力した内容"], dialog.lost
        await _press(pilot, "escape")
        assert app.screen is form and app.return_code is None
        assert form.query_one("#finding-title").value.endswith("追記")  # type: ignore[attr-defined]


async def test_a_changed_room_in_the_layout_editor_stops_ctrl_q(
    world: World, visit_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = LayoutEditorScreen(app.context, visit_session)
        app.push_screen(screen)
        await settle(pilot)
        assert screen.unsaved_work() is None
        await _press(pilot, "1", "space")
        assert screen.dirty
        await _press(pilot, "ctrl+q")
        dialog = app.screen
        assert isinstance(dialog, QuitConfirmScreen)
        assert len(dialog.lost) == 1 and "配置図" in dialog.lost[0]
        await _press(pilot, "escape")
        assert app.screen is screen and app.return_code is None
        await _press(pilot, "s")  # saved: nothing to ask about
        assert not screen.dirty
        await _press(pilot, "ctrl+q")
        assert app.return_code == 0


async def test_nothing_unsaved_quits_at_once(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await _runner(pilot, empty_session)
        await _press(pilot, "1")
        await _press(pilot, "ctrl+q")
        assert app.return_code == 0
    assert world.values(empty_session) == {"c-01": "compliant"}


async def test_a_closed_terminal_commits_the_unsaved_answers_once_more(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot, empty_session)
        real_save = app.context.repo.save_answer
        _locked(monkeypatch, app.context.repo)
        await _press(pilot, "2")
        assert runner.model is not None and "c-01" in runner.model.unsaved
        # the disk has room again, then the terminal closes: nobody can be asked
        monkeypatch.setattr(app.context.repo, "save_answer", real_save)
        app.hang_up()
        await settle(pilot)
        assert app.return_code == 129
    assert world.values(empty_session) == {"c-01": "noncompliant"}


def test_run_app_ends_quietly_with_the_hangup_status(
    world: World, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The signal's handler ends the run as a quit does: status 129, nothing printed to
    the closed terminal."""
    from inspector.tui.app import HANGUP_STATUS, InspectorApp, run_app

    monkeypatch.setattr(InspectorApp, "on_mount", lambda self: self.hang_up())
    with pytest.raises(SystemExit) as ended:
        run_app(world.new_context(), headless=True, size=(80, 24))
    assert ended.value.code == HANGUP_STATUS == 129
    assert capsys.readouterr().err == ""


async def test_a_closed_terminal_retries_even_when_the_session_cannot_be_read(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The hang-up's retry names who answered without reading the session again when that
    read fails (review13 #2: the exception escaped the signal's handler, nothing was retried
    and the application never exited)."""
    from sqlalchemy.exc import OperationalError

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await _runner(pilot, empty_session)
        real_session = app.context.repo.session

        def unreadable(*args: object, **kwargs: object) -> object:
            raise OperationalError("SELECT", {}, Exception("disk I/O error"))

        monkeypatch.setattr(app.context.repo, "session", unreadable)
        await _press(pilot, "2")
        assert runner.model is not None and "c-01" in runner.model.unsaved
        app.hang_up()
        await settle(pilot)
        assert app.return_code == 129
        monkeypatch.setattr(app.context.repo, "session", real_session)
    assert world.values(empty_session) == {"c-01": "noncompliant"}

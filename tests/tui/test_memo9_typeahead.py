"""Keys typed right after `e` go into the memo, in order, whatever the timing (walk9 H2):
in a burst, the text after `e` was handed to the runner's list before `e` opened the memo,
came back up with the memo on top, and was dropped (4 bursts in 7 in the walk)."""

from __future__ import annotations

from dataclasses import replace

from textual import events
from textual.widgets import TextArea

from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.note import NoteScreen
from inspector.tui.screens.quit_confirm import QuitConfirmScreen
from inspector.tui.screens.runner import RunnerScreen

from .burst import burst
from .conftest import World, settle, wait_until
from .test_runner import SIZE, open_runner

TEXTS = ("3台のPCあり", "書きかけのメモ", "3 PCs", "multi memo text", "台帳と一致", "9", "あ")


def _note(world: World, session_id: int, item_id: str) -> str | None:
    answer = world.repo.answers(session_id).get(item_id)
    return None if answer is None else answer.state.note


def _memo(screen: object) -> str:
    assert isinstance(screen, NoteScreen)
    return screen.query_one("#note-text", TextArea).text


async def _back(pilot, runner: RunnerScreen) -> None:  # type: ignore[no-untyped-def]
    await wait_until(pilot, lambda: pilot.app.screen is runner, "back on the runner")
    await settle(pilot)


async def test_a_burst_after_e_goes_into_the_memo_every_time(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        stored = ""
        for text in TEXTS:
            burst(app, "e", text)
            await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen), "the memo")
            await settle(pilot)
            assert _memo(app.screen) == stored + text
            burst(app, "ctrl+s")
            await _back(pilot, runner)
            stored += text
            assert _note(world, empty_session, "c-01") == stored


async def test_e_the_text_and_ctrl_s_in_one_burst(world: World, empty_session: int) -> None:
    """The save reads the memo once the keys typed before it are in it; a key typed after
    Ctrl+S is not put into the memo."""
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        for text in TEXTS[:4]:
            burst(app, "e", text, "ctrl+s", "x")
            await wait_until(pilot, lambda t=text: _note(world, empty_session, "c-01") == t, text)
            await _back(pilot, runner)
            assert _note(world, empty_session, "c-01") == text
            await pilot.press("e")
            await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen), "the memo")
            await settle(pilot)
            assert _memo(app.screen) == text
            await pilot.press("ctrl+u", "ctrl+s")
            await _back(pilot, runner)


async def test_press_without_pauses(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await pilot.press("e", "3", "台", "の", "P", "C", "backspace", "C", "enter", "x")
        await settle(pilot)
        assert _memo(app.screen) == "3台のPC\nx"
        await pilot.press("ctrl+s")
        await _back(pilot, runner)
        assert _note(world, empty_session, "c-01") == "3台のPC\nx"


async def test_editing_keys_typed_with_the_text_keep_their_place(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        burst(app, "e", "abcx", "backspace", "d", "enter", "z")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen), "the memo")
        await settle(pilot)
        assert _memo(app.screen) == "abcd\nz"
        burst(app, "escape")  # typed text: asks first
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), "the question")
        assert app.screen_stack[-2] is not runner


async def test_ctrl_q_after_a_burst_memo_asks(world: World, empty_session: int) -> None:
    """walk9: Ctrl+Q quit at once because the memo the app saw was empty."""
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        burst(app, "e", "書きかけのメモ")
        await wait_until(pilot, lambda: isinstance(app.screen, NoteScreen), "the memo")
        await settle(pilot)
        await pilot.press("ctrl+q")
        await settle(pilot)
        assert app.is_running
        assert isinstance(app.screen, QuitConfirmScreen)


async def test_memo_line_breaks_are_stored_as_lf(world: World, empty_session: int) -> None:
    """walk9 L4: a CRLF memo; a memo stored with CRLF (an import, an older version) is
    written back with LF, and a pasted CRLF or CR is one line break."""
    world.repo.save_answer(
        empty_session, "c-01", lambda old: replace(old, note="一行目\r\n二行目"), "tester"
    )
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, NoteScreen)
        driver = app._driver
        assert driver is not None
        paste = events.Paste("\r\n改行\r\n三行目\r四行目")
        paste.set_sender(app)
        driver.send_message(paste)
        await settle(pilot)
        await pilot.press("ctrl+s")
        await _back(pilot, runner)
        assert _note(world, empty_session, "c-01") == "一行目\n二行目\n改行\n三行目\n四行目"

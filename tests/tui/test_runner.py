"""Pilot tests of the runner: answers by keys, durable rows, skip logic, undo, resume."""

from __future__ import annotations

import pytest

from inspector.store.database import DatabaseError
from inspector.tui.screens.reasons import ReasonsScreen
from inspector.tui.screens.runner import RunnerScreen
from inspector.tui.widgets.item_list import ItemList

from .conftest import HANG, World, commits_in_the_writer, settle, wait_until

SIZE = (80, 24)


async def open_runner(pilot, session_id: int) -> RunnerScreen:  # type: ignore[no-untyped-def]
    await settle(pilot)
    pilot.app.open_runner(session_id)
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, RunnerScreen)
    return screen


async def press(pilot, *keys: str) -> None:  # type: ignore[no-untyped-def]
    for key in keys:
        await pilot.press(key)
        await settle(pilot)


def current(screen: RunnerScreen) -> str | None:
    return screen.current_item_id


async def test_answers_every_type_and_saves_rows(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        assert current(runner) == "c-01"
        await press(pilot, "1")
        assert world.values(empty_session) == {"c-01": "compliant"}
        assert current(runner) == "c-02"
        await press(pilot, "2")
        # c-03 does not apply to 市民課 (no server room): skipped.
        assert current(runner) == "h-01"
        assert world.values(empty_session)["c-02"] == "noncompliant"
        # h-02 and h-03 depend on h-01 = yes.
        await press(pilot, "y")
        assert current(runner) == "h-02"
        await press(pilot, "i")
        await pilot.press(*"colleague")
        await press(pilot, "enter")
        assert world.values(empty_session)["h-02"] == "colleague"
        assert current(runner) == "h-03"
        await press(pilot, "2")
        assert world.values(empty_session)["h-03"] == "busy"
        assert current(runner) == "n-01"
        # A digit on a number item starts the input with it.
        await press(pilot, "1", "2", "enter")
        assert world.values(empty_session)["n-01"] == "12"
        assert current(runner) == "n-02"
        await press(pilot, "3")
        assert world.values(empty_session)["n-02"] == "never"
        await press(pilot, "enter")
        await pilot.press(*"none")
        await press(pilot, "enter")
        assert world.values(empty_session)["n-03"] == "none"
        changes = world.repo.changes(empty_session)
        assert [c.item_id for c in changes] == [
            "c-01", "c-02", "h-01", "h-02", "h-03", "n-01", "n-02", "n-03",
        ]  # fmt: skip
        assert all(c.changed_by == "tester" for c in changes)


async def test_number_out_of_range_is_refused(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        list_ = runner.query_one(ItemList)
        list_.show_item("n-01")
        await press(pilot, "i")
        await pilot.press(*"500")
        await press(pilot, "enter")
        assert "n-01" not in world.values(empty_session)
        await press(pilot, "escape")
        assert current(runner) == "n-01"


async def test_reasons_note_and_evidence(world: World, empty_session: int, tmp_path) -> None:  # type: ignore[no-untyped-def]
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(b"jpeg")
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "2")  # c-01 noncompliant, cursor to c-02
        await press(pilot, "k")
        assert current(runner) == "c-01"
        await press(pilot, "r")
        assert isinstance(app.screen, ReasonsScreen)
        await press(pilot, "1", "3", "tab")
        await pilot.press(*"manual")
        await press(pilot, "ctrl+s")
        answer = world.repo.answers(empty_session)["c-01"].state
        assert answer.reasons == ("unaware", "no-staff")
        assert answer.reason_text == "manual"
        assert current(runner) == "c-01"
        await press(pilot, "e")
        await pilot.press(*"checked")
        await press(pilot, "ctrl+s")
        await press(pilot, "a")
        await pilot.press(*str(photo))
        await press(pilot, "ctrl+s")
        answer = world.repo.answers(empty_session)["c-01"].state
        assert answer.note == "checked"
        assert answer.evidence == (str(photo),)
        assert answer.value == "noncompliant"
        actions = [c.action for c in world.repo.changes(empty_session)]
        assert actions == ["answer", "reasons", "note", "evidence"]


async def test_reasons_only_for_noncompliant(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "r")
        assert not isinstance(app.screen, ReasonsScreen)


async def test_skip_logic_follows_the_answer(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        list_ = runner.query_one(ItemList)
        list_.show_item("h-01")
        await press(pilot, "y")
        assert current(runner) == "h-02"
        await press(pilot, "k")
        assert current(runner) == "h-01"
        await press(pilot, "n")
        # h-02 and h-03 no longer apply: the cursor skips them.
        assert current(runner) == "n-01"
        assert runner.model is not None
        assert {"h-02", "h-03"}.isdisjoint(runner.model.applicable_ids())
        assert not list_.row("h-02")[1]  # disabled
        await press(pilot, "k")
        assert current(runner) == "h-01"
        await press(pilot, "y")
        assert current(runner) == "h-02"
        assert list_.row("h-02")[1]


async def test_undo_reverts_and_logs_both(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1", "2")
        assert current(runner) == "h-01"
        await press(pilot, "u")
        assert world.values(empty_session) == {"c-01": "compliant"}
        assert current(runner) == "c-02"
        assert runner.model is not None and runner.model.state("c-02").value is None
        changes = world.repo.changes(empty_session)
        assert [(c.item_id, c.action) for c in changes] == [
            ("c-01", "answer"),
            ("c-02", "answer"),
            ("c-02", "undo"),
        ]


async def test_navigation_keys(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "right_square_bracket")
        assert current(runner) == "h-01"
        await press(pilot, "right_square_bracket")
        assert current(runner) == "n-01"
        await press(pilot, "left_square_bracket")
        assert current(runner) == "h-01"
        await press(pilot, "j")
        assert current(runner) == "n-01"  # h-02/h-03 skipped
        await press(pilot, "down")
        assert current(runner) == "n-02"
        await press(pilot, "g")
        assert current(runner) == "n-03"
        await press(pilot, "slash")
        await pilot.press(*"パスワード")
        await press(pilot, "enter")
        assert current(runner) == "c-02"


async def test_quit_restart_resumes_at_first_unanswered(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await open_runner(pilot, empty_session)
        await press(pilot, "1", "1", "n")
        await pilot.press("ctrl+q")
    assert world.values(empty_session) == {"c-01": "compliant", "c-02": "compliant", "h-01": "no"}
    again = world.app()
    async with again.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        assert current(runner) == "n-01"


async def test_failed_save_stays_on_screen_marked_unsaved(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        repo = app.context.repo
        real_save = repo.save_answer

        def locked(*args: object, **kwargs: object) -> object:
            raise DatabaseError("the database is locked by another program; nothing was saved")

        monkeypatch.setattr(repo, "save_answer", locked)
        commits_in_the_writer(monkeypatch, repo)
        await press(pilot, "2")
        assert world.values(empty_session) == {}
        assert current(runner) == "c-01"  # the cursor did not move on
        assert runner.model is not None
        assert runner.model.state("c-01").value == "noncompliant"
        assert "c-01" in runner.model.unsaved
        assert "ロック" in runner.model.errors["c-01"]
        header = str(runner.query_one("#runner-header").render())
        assert "未保存 1" in header
        monkeypatch.setattr(repo, "save_answer", real_save)
        await press(pilot, "ctrl+s")
        assert world.values(empty_session) == {"c-01": "noncompliant"}
        assert not runner.model.unsaved


async def test_completed_session_is_read_only(world: World) -> None:
    session_id = world.session_ids["completed"]
    before = world.values(session_id)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, session_id)
        await press(pilot, "2", "u")
    assert world.values(session_id) == before
    assert runner.session is not None and runner.session.is_completed


async def test_keymap_rebinds_by_id(world: World, empty_session: int) -> None:
    app = world.app(keymap={"runner.next_unanswered": "x", "runner.answer_compliant": "o"})
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "o")
        assert world.values(empty_session) == {"c-01": "compliant"}
        assert current(runner) == "c-02"
        await press(pilot, "x")  # next unanswered after c-02
        assert current(runner) == "h-01"


async def test_fast_keys_are_applied_in_order(world: World, empty_session: int) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await pilot.press("1", "2", "y")  # without waiting between keys
        await settle(pilot)
        assert world.values(empty_session) == {
            "c-01": "compliant",
            "c-02": "noncompliant",
            "h-01": "yes",
        }
        assert current(runner) == "h-02"


async def test_a_queued_key_that_does_not_fit_the_next_item_is_dropped(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1", "2", "y")
        assert current(runner) == "h-02"  # a text item
        # A key typed while the previous answer was saving is queued and replayed as a
        # direct call once the cursor has moved on: it bypasses the binding's check.
        runner.action_answer("no")
        await settle(pilot)
        assert "h-02" not in world.values(empty_session)
        assert current(runner) == "h-02"


async def test_a_slow_save_is_shown_as_saving_and_the_screen_stays_live(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from inspector.tui.screens.runner import SHOW_SAVING_AFTER

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        repo = app.context.repo
        real_save = repo.save_answer
        release = threading.Event()

        def slow(*args: object, **kwargs: object) -> object:
            release.wait(HANG)  # a disk or a lock that holds the commit up
            return real_save(*args, **kwargs)

        monkeypatch.setattr(repo, "save_answer", slow)
        commits_in_the_writer(monkeypatch, repo)
        item_list = runner.query_one(ItemList)
        try:
            await pilot.press("2")
            await pilot.pause(SHOW_SAVING_AFTER)
            # the row is marked as saving (after the mark's timer: on a loaded machine, later)
            await wait_until(
                pilot, lambda: str(item_list.row("c-01")[0]).startswith("…"), "saving mark"
            )
            assert runner.is_saving  # the commit is still held
            await pilot.press("j")  # the interface still answers keys meanwhile
            await pilot.pause()
        finally:
            release.set()
        await settle(pilot)
        assert world.values(empty_session) == {"c-01": "noncompliant"}
        assert not str(item_list.row("c-01")[0]).startswith("…")


async def test_the_footer_shows_as_many_choice_keys_as_the_item_has(
    world: World, empty_session: int
) -> None:
    from inspector.tui.widgets.runner_keys import RunnerKeys

    def footer(runner: RunnerScreen) -> tuple[list[str], list[str]]:
        shown = runner.query_one(RunnerKeys).keys
        keys = [key for key, _description in shown if key]
        labels = [description for key, description in shown if not key]
        return keys, labels

    app = world.app()
    async with app.run_test(size=(100, 24)) as pilot:
        runner = await open_runner(pilot, empty_session)
        keys, labels = footer(runner)  # c-01, a compliance item: 1 2 3 are its answers
        assert "選択肢" not in labels
        await press(pilot, "1", "1", "y", "i")
        await pilot.press(*"x")
        await press(pilot, "enter")
        assert current(runner) == "h-03"  # a choice item with three choices
        keys, labels = footer(runner)
        assert [k for k in keys if k.isdigit()] == ["1", "2", "3"]
        assert "選択肢" in labels
        await press(pilot, "4")  # no fourth choice: nothing is saved
        assert "h-03" not in world.values(empty_session)


async def test_a_key_typed_while_saving_applies_to_the_item_the_cursor_lands_on(
    world: World, empty_session: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """ "3" typed while a number answer is committing lands on n-02, a choice item: it is
    its third choice there (it used to be checked against the number item and dropped)."""
    import threading

    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        runner.query_one(ItemList).show_item("n-01")
        await settle(pilot)
        repo = app.context.repo
        real_save = repo.save_answer
        release = threading.Event()

        def held(*args: object, **kwargs: object) -> object:
            release.wait(HANG)
            return real_save(*args, **kwargs)

        monkeypatch.setattr(repo, "save_answer", held)
        commits_in_the_writer(monkeypatch, repo)
        try:
            await press(pilot, "1")  # a digit on a number item opens its input with it
            await pilot.press("2", "enter")  # 12 terminals: the commit is held
            await pilot.pause()
            assert runner.is_saving
            await pilot.press("3")
            await pilot.pause()
        finally:
            release.set()
        await settle(pilot)
        values = world.values(empty_session)
        assert values["n-01"] == "12" and values.get("n-02") == "never"

"""A change that could not be written stays pending, whole, until it is written (hunt9 H2).

On PostgreSQL with the server stopped, a memo saved after an answer that had failed gave
「予期しないエラー」 (the runner's reload raised the driver's error, unwrapped), and the next
answer once the server was back was written on the stored row: the memo was gone and the
unsaved count went to 0. Here the server's failure is injected on SQLite, in the driver's
own words, below SQLAlchemy: every statement fails as on a lost connection."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest
from sqlalchemy import event
from textual.widgets import TextArea

from inspector.i18n import Translator
from inspector.store.errors import DatabaseError
from inspector.tui.errors import describe_error
from inspector.tui.screens.note import NoteScreen

from .conftest import World, commits_in_the_writer, settle, wait_until
from .test_runner import SIZE, current, open_runner, press

DOWN = "connection to server at 127.0.0.1, port 55439 failed: Connection refused"


class Server:
    """Whether the database "server" answers: while down, every statement fails."""

    def __init__(self) -> None:
        self.down = False
        self.engines: list[object] = []

    def serve(self, repo: object, monkeypatch: pytest.MonkeyPatch) -> None:
        """`repo`'s statements fail while down; its answers are written through SQLAlchemy."""
        event.listen(repo.engine, "before_cursor_execute", self.before)  # type: ignore[attr-defined]
        self.engines.append(repo.engine)  # type: ignore[attr-defined]
        commits_in_the_writer(monkeypatch, repo)
        monkeypatch.setattr(repo, "fast_saves", False)

    def before(self, *_args: object) -> None:
        if self.down:
            raise sqlite3.OperationalError(DOWN)


@pytest.fixture
def server(world: World, monkeypatch: pytest.MonkeyPatch) -> Iterator[Server]:
    server = Server()
    yield server
    for engine in server.engines:
        event.remove(engine, "before_cursor_execute", server.before)


def _state(world: World, session_id: int, item_id: str):  # type: ignore[no-untyped-def]
    answer = world.repo.answers(session_id).get(item_id)
    return None if answer is None else answer.state


async def test_a_memo_saved_while_the_server_is_down_is_written_with_the_next_answer(
    world: World, empty_session: int, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = world.app()
    said: list[str] = []
    server.serve(app.context.repo, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        monkeypatch.setattr(runner, "notify", lambda text, **_kw: said.append(str(text)))
        server.down = True
        await press(pilot, "2")  # 不遵守: not written
        assert runner.model is not None and "c-01" in runner.model.unsaved
        await press(pilot, "e")
        assert isinstance(app.screen, NoteScreen)
        await pilot.press(*"ZZPGMEMO")
        await press(pilot, "ctrl+s")
        assert app.screen is runner
        await settle(pilot)
        assert current(runner) == "c-01"
        pending = runner.model.unsaved["c-01"]
        assert (pending.value, pending.note) == ("noncompliant", "ZZPGMEMO")
        assert not any("予期しない" in text for text in said), said
        assert any("接続できません" in text for text in said), said
        assert _state(world, empty_session, "c-01") is None  # nothing written meanwhile

        server.down = False
        await press(pilot, "r", "1", "ctrl+s")  # the reasons: the next save, now written
        state = _state(world, empty_session, "c-01")
        assert state is not None
        assert (state.value, state.note, state.reasons) == (
            "noncompliant",
            "ZZPGMEMO",
            ("unaware",),
        )
        assert not runner.model.unsaved

        await press(pilot, "e")
        assert app.screen.query_one("#note-text", TextArea).text == "ZZPGMEMO"


async def test_the_next_answer_keeps_the_pending_memo(
    world: World, empty_session: int, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    """hunt9's steps: `1`, the memo, the server back, `1` again on the item."""
    app = world.app()
    server.serve(app.context.repo, monkeypatch)
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        server.down = True
        await press(pilot, "1", "e")
        await pilot.press(*"ZZ")
        await press(pilot, "ctrl+s")
        server.down = False
        assert current(runner) == "c-01"
        await press(pilot, "1")
        await wait_until(pilot, lambda: current(runner) != "c-01", "moved on")
        state = _state(world, empty_session, "c-01")
        assert state is not None and (state.value, state.note) == ("compliant", "ZZ")
        assert runner.model is not None and not runner.model.unsaved


def test_a_lost_server_while_reading_is_said_as_such(
    world: World, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.serve(world.repo, monkeypatch)
    server.down = True
    with pytest.raises(DatabaseError):
        world.repo.session(1)
    with pytest.raises(DatabaseError):
        world.repo.session_events(1)
    with pytest.raises(DatabaseError):
        world.repo.sessions()


def test_an_unwrapped_driver_error_is_not_unexpected(
    world: World, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    server.serve(world.repo, monkeypatch)
    server.down = True
    with pytest.raises(Exception) as raised:
        world.repo.organization(1)  # a read no repository guards yet
    text = describe_error(raised.value, Translator("ja"))
    assert "予期しない" not in text and "接続できません" in text, text

"""What one answer asks of the database in the interface's thread, the thread a person waits
on: exactly the commit's statements on the kept connection, and nothing through the engine
(an ORM read per answer, as the session's actor read once was, cost 0.7-2.9 ms of the
answer's p95 beside busy programs; bench/RESULTS.md "after the ninth merge")."""

from __future__ import annotations

import re
import threading
from typing import Any

from sqlalchemy import event

from .conftest import World
from .test_runner import SIZE, current, open_runner, press

_COMMIT = [
    "BEGIN IMMEDIATE",
    "SELECT inspection_session",  # the session's state and organization
    "SELECT answer",  # the item's stored answer
    "INSERT answer",
    "INSERT answer_change",  # its change log
    "SELECT answer",  # the session's values, for its counters
    "UPDATE inspection_session",  # the counters
    "COMMIT",
]


def _kind(sql: str) -> str:
    """'INSERT answer_change' for an INSERT INTO answer_change ... statement."""
    words = sql.split()
    verb = words[0].upper()
    if verb in ("BEGIN", "COMMIT", "ROLLBACK"):
        return " ".join(w.upper() for w in words[:2]) if verb == "BEGIN" else verb
    match = re.search(r"\b(?:FROM|INTO|UPDATE)\s+(\w+)", sql, re.IGNORECASE)
    return f"{verb} {match.group(1) if match else '?'}"


async def test_an_answer_runs_only_its_commit_in_the_interface_thread(
    world: World, empty_session: int
) -> None:
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        runner = await open_runner(pilot, empty_session)
        await press(pilot, "1")  # the first answer opens the kept connection
        assert current(runner) == "c-02"
        main = threading.main_thread()
        through_engine: list[str] = []
        on_kept: list[str] = []

        def engine_statement(*args: Any) -> None:
            if threading.current_thread() is main:
                through_engine.append(args[2])

        event.listen(app.context.engine, "before_cursor_execute", engine_statement)
        kept = app.context.repo._held_connection()
        kept._dbapi.set_trace_callback(
            lambda sql: on_kept.append(sql) if threading.current_thread() is main else None
        )
        try:
            await press(pilot, "2")
            assert current(runner) == "h-01"
        finally:
            kept._dbapi.set_trace_callback(None)
            event.remove(app.context.engine, "before_cursor_execute", engine_statement)
        assert runner.commits.made_here == 2
        assert through_engine == []
        assert [_kind(sql) for sql in on_kept] == _COMMIT

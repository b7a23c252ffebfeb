"""A database made by a newer version of inspector (a schema revision this build does not
know): the home screen says so in words, lists nothing and writes nothing (issue hunt4 M3)."""

from __future__ import annotations

import sqlite3

from textual.widgets import Static

from inspector.tui.widgets.session_table import SessionTable

from .conftest import World, settle

SIZE = (100, 30)


def _dump(path: object) -> list[str]:
    connection = sqlite3.connect(str(path))
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


async def test_home_says_the_database_is_newer_and_writes_nothing(world: World) -> None:
    world.context.close()
    connection = sqlite3.connect(world.path)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '9999'")
    connection.close()
    before = _dump(world.path)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        shown = " ".join(str(widget.render()) for widget in app.screen.query(Static))
        shown += " ".join(str(n.message) for n in app._notifications)
        assert "より新しい版の inspector で作られています" in shown, shown
        assert "9999" in shown
        assert "予期しないエラー" not in shown
        assert app.screen.query_one(SessionTable).row_count == 0
    assert _dump(world.path) == before

"""Home's question when the database `--db` names does not exist: make it (y), or not (n:
home says how a database is made, and nothing is written)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.widgets import Label

from inspector.tui.missing_database import MissingDatabaseGuard
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorScreen


def ask_to_make(home: InspectorScreen, path: Path, load: Callable[[], object]) -> None:
    """Ask once whether to make the database at `path`; `load` home again after a yes."""
    from inspector.tui.screens.confirm import ConfirmScreen

    guard = home.context.on_missing_database
    if not isinstance(guard, MissingDatabaseGuard) or guard.asking:
        return  # (home loads again as the question closes: it is already asked)
    t = home.t
    if guard.refused:
        refused = t("fix9h.db.missing", path=path)
        home.query_one("#home-empty", Label).update(plain(refused))
        home.notify(refused, severity="error", timeout=10)
        return

    def answered(yes: bool | None) -> None:
        guard.asking = False
        if yes:
            guard.allowed = True
            home.notify(t("fix9h.db.creating", path=path))
        else:
            guard.refused = True
        load()

    guard.asking = True
    home.app.push_screen(
        ConfirmScreen(home.context, t("walk10.db_missing_ask", path=path)), answered
    )

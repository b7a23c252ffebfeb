"""Who the change log names for what is done to a session: the one choice for the runner's
answers and for completing or reopening a session (walk: the answers named the login name
while completion named the inspector)."""

from __future__ import annotations

from inspector.config import Settings
from inspector.context import AppContext


def change_actor(settings: Settings, session_inspector: str | None = None) -> str:
    """The session's inspector when it has one; else the configured inspector's name; else
    the configured user name (the OS login name only when nothing is configured)."""
    for name in (session_inspector, settings.inspector_name):
        if name is not None and name.strip():
            return name.strip()
    return settings.user


def session_actor(context: AppContext, session_id: int) -> str:
    """`change_actor` for session `session_id` (its inspector read from the database)."""
    session = context.repo.session(session_id)
    return change_actor(context.settings, session.inspector_name)


__all__ = ["change_actor", "session_actor"]

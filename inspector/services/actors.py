"""Who the change log names for what is done to a session: the one choice for the runner's
answers and for completing or reopening a session (walk: the answers named the login name
while completion named the inspector)."""

from __future__ import annotations

from inspector.config import Settings
from inspector.context import AppContext


def auditor(settings: Settings) -> str:
    """Who is recorded as having done something outside a session (a withdrawal, a restore,
    a reopening, a plan change, an import, a document issued...): the configured
    inspector's name (`inspector_name`, asked for on first start); the configured user
    name only while no name is configured (never the placeholder when the name is set)."""
    name = (settings.inspector_name or "").strip()
    return name or settings.user


def change_actor(settings: Settings, session_inspector: str | None = None) -> str:
    """The session's inspector when it has one; else `auditor`."""
    if session_inspector is not None and session_inspector.strip():
        return session_inspector.strip()
    return auditor(settings)


def session_actor(context: AppContext, session_id: int) -> str:
    """`change_actor` for session `session_id` (its inspector read from the database)."""
    session = context.repo.session(session_id)
    return change_actor(context.settings, session.inspector_name)


__all__ = ["auditor", "change_actor", "session_actor"]

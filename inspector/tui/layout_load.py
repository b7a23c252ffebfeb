"""What the layout editor loads and the messages its workers post: the visit's layout (or
the last visit's, or an empty room) with the version it was opened from, a save done, a
save refused because someone else saved the layout since (who and when)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from inspector.context import AppContext
from inspector.domain.layout import Layout
from inspector.i18n import Translator
from inspector.store.repositories.site import SavedLayout, SeenLayout
from inspector.tui.dates import day_text

DEFAULT_SIZE = (16, 10)


@dataclass(frozen=True)
class LoadedLayout:
    layout: Layout
    organization_id: int
    saved: bool
    previous: Layout | None
    previous_date: str | None
    seen: SeenLayout
    """The version opened: a later save over someone else's newer one is refused."""
    organization: str = ""
    session_date: str = ""
    refusal: str | None = None
    completed: bool = False
    """Why the layout is read-only (a completed visit, not a visit), or None."""


def load_layout(context: AppContext, session_id: int, t: Translator) -> LoadedLayout:
    """The layout to edit for the visit: its own, else the organization's last visit's
    (to record the change), else an empty room."""
    from inspector.services.site_layouts import layout_refusal

    session = context.repo.session(session_id)
    organization = context.repo.organization(session.organization_id).name
    about = (
        organization,
        day_text(session.session_date, t),
        layout_refusal(session, t),
        session.is_completed,
    )
    saved = context.site.layout_for(session_id)
    previous = context.site.latest_layout(session.organization_id, excluding_session=session_id)
    prev_layout = previous.layout if previous else None
    prev_date = day_text(previous.session_date, t) if previous and previous.session_date else None
    seen = SeenLayout(saved.saved_at if saved else None)
    if saved is not None:
        return LoadedLayout(
            saved.layout, session.organization_id, True, prev_layout, prev_date, seen, *about
        )
    if previous is not None:
        return LoadedLayout(
            previous.layout, session.organization_id, False, prev_layout, prev_date, seen, *about
        )
    blank = Layout(t("site.layout.new_room"), *DEFAULT_SIZE)
    return LoadedLayout(blank, session.organization_id, False, None, None, seen, *about)


class LayoutLoaded(Message):
    def __init__(self, loaded: LoadedLayout) -> None:
        super().__init__()
        self.loaded = loaded


class LayoutSaved(Message):
    def __init__(self, saved: SavedLayout, leave: bool) -> None:
        super().__init__()
        self.saved = saved
        self.leave = leave


class LayoutConflict(Message):
    """The save was refused: `current` is the layout someone else saved since (None: it
    is gone); the editor keeps the room it tried to save."""

    def __init__(self, current: SavedLayout | None) -> None:
        super().__init__()
        self.current = current


class LayoutFindingAdded(Message):
    def __init__(self, finding_id: int, created: bool = True) -> None:
        super().__init__()
        self.finding_id = finding_id
        self.created = created  # False: the room's finding for the rule was there already


__all__ = [
    "DEFAULT_SIZE",
    "LayoutConflict",
    "LayoutFindingAdded",
    "LayoutLoaded",
    "LayoutSaved",
    "LoadedLayout",
    "load_layout",
]

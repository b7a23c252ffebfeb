"""Which session's layout may be written (walk9 H1): a server-room layout belongs to an
open visit. A self-check or an ID/password hearing has no room to draw, and a completed
visit's layout is read-only as its answers are (its notice may already be signed). The
editor asks first, to show why it is read-only; the save asks again, so that no path
writes a layout the editor would have refused."""

from __future__ import annotations

from inspector.context import AppContext
from inspector.domain.hearing import HEARING_CHECKLIST_ID
from inspector.domain.layout import Layout
from inspector.domain.model import InspectionSession, SessionKind
from inspector.i18n import Translator
from inspector.services.actors import auditor
from inspector.services.errors import Refused
from inspector.store.repositories.site import SavedLayout, SeenLayout


def is_visit(session: InspectionSession) -> bool:
    """A visit (an inspector's inspection), not a self-check or a hearing."""
    return session.kind is SessionKind.INSPECTION and session.checklist_id != HEARING_CHECKLIST_ID


def layout_refusal(session: InspectionSession, t: Translator) -> str | None:
    """Why the layout of `session` cannot be changed, or None when it can."""
    if not is_visit(session):
        return t("fix9w.layout.not_a_visit")
    if session.is_completed:
        return t("fix9w.layout.completed")
    return None


def check_layout_writable(context: AppContext, session_id: int, t: Translator) -> None:
    """`Refused` (nothing written) when the session's layout cannot be changed."""
    why = layout_refusal(context.repo.session(session_id), t)
    if why is not None:
        raise Refused(why)


def save_visit_layout(
    context: AppContext,
    session_id: int,
    room: Layout,
    t: Translator,
    seen: SeenLayout | None = None,
) -> SavedLayout:
    """Store the visit's layout; refused for a completed visit or a session that is not a
    visit, `ChangedMeanwhile` when another save came since `seen`."""
    check_layout_writable(context, session_id, t)
    return context.site.save_layout(session_id, room, auditor(context.settings), seen)


__all__ = ["check_layout_writable", "is_visit", "layout_refusal", "save_visit_layout"]

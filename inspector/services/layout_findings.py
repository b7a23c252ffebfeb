"""A finding for a broken rule of a room's layout (the layout editor's `f`): one per room
and rule in a session, so pressing `f` again finds the one recorded, never a duplicate that
would print twice on the notice."""

from __future__ import annotations

import threading

from inspector.context import AppContext
from inspector.domain.findings import Finding
from inspector.domain.layout import Layout, RuleResult
from inspector.domain.layout.text import layout_finding
from inspector.i18n import Translator
from inspector.services.actors import auditor
from inspector.services.site_layouts import check_layout_writable
from inspector.store.repositories.layouts import SavedLayout, SeenLayout

#: `f` pressed twice runs two writers: the second must see the first's finding
_ONE_AT_A_TIME = threading.Lock()


def existing_layout_finding(
    context: AppContext, session_id: int, room: str, rule_id: str
) -> Finding | None:
    """The session's finding (not withdrawn) for `rule_id` in the room named `room`."""
    for finding in context.findings.findings(session_id=session_id):
        layout = finding.layout or {}
        if finding.withdrawn or layout.get("rule") != rule_id:
            continue
        if (layout.get("name") or "") == (room or ""):
            return finding
    return None


def record_layout_finding(
    context: AppContext,
    session_id: int,
    room: Layout,
    result: RuleResult,
    organization_id: int,
    t: Translator,
    seen: SeenLayout | None = None,
) -> tuple[SavedLayout, Finding, bool]:
    """Store the layout (refused with `ChangedMeanwhile` when another save came since
    `seen`), then the finding for `result`, unless the session has one for the same room
    and rule: (the layout saved, the finding, whether it was created now). Refused
    (`Refused`, nothing written) for a completed visit or a session that is not a visit."""
    user = auditor(context.settings)
    with _ONE_AT_A_TIME:
        check_layout_writable(context, session_id, t)
        saved = context.site.save_layout(session_id, room, user, seen)
        found = existing_layout_finding(context, session_id, room.name, result.rule_id)
        if found is not None:
            return saved, found, False
        draft = layout_finding(room, result, organization_id, session_id, t)
        return saved, context.findings.add_finding(draft, user), True


__all__ = ["existing_layout_finding", "record_layout_finding"]

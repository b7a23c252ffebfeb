"""The areas reached from the home screen and the command palette.

Each area has one opener here: `open_<area>(app, session_id)` pushes its screen (the
session selected on the home screen is passed for areas that work on a visit, such as
the layout editor). An area not built yet says so.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector.tui.app import InspectorApp

Opener = Callable[["InspectorApp", "int | None"], None]

AREAS = (
    "findings",
    "plans",
    "layout",
    "ledgers",
    "backup",
    "hearing",
    "consolidation",
    "collection",
)
"""In the order the palette lists them; keys on the home screen: f p m l b h c x."""


def _not_yet(app: InspectorApp, _session_id: int | None) -> None:
    app.not_available()


def _session_organization(app: InspectorApp, session_id: int | None) -> int | None:
    if session_id is None:
        return None
    return app.context.repo.session(session_id).organization_id


def open_findings(app: InspectorApp, session_id: int | None) -> None:
    """The findings of the selected session (all findings when none is selected)."""
    from inspector.tui.screens.findings import FindingsScreen

    app.push_screen(FindingsScreen(app.context, session_id))


def open_plans(app: InspectorApp, session_id: int | None) -> None:
    """Improvement plans across organizations (the selected session does not narrow them)."""
    from inspector.tui.screens.plans import PlansScreen

    app.push_screen(PlansScreen(app.context))


def open_layout(app: InspectorApp, session_id: int | None) -> None:
    from inspector.tui.screens.layout_editor import LayoutEditorScreen

    if session_id is None:
        app.notify(app.t("tui.app.select_session"))
        return
    app.push_screen(LayoutEditorScreen(app.context, session_id))


def open_ledgers(app: InspectorApp, session_id: int | None) -> None:
    from inspector.services.site_layouts import is_visit
    from inspector.tui.screens.card_ledger import CardLedgerScreen

    if session_id is None:
        app.notify(app.t("tui.app.select_session"))
        return
    session = app.context.repo.session(session_id)
    # a finding made from the ledger belongs to the selected visit, so that it reaches the
    # visit's notice (walk9 H3); from a self-check it belongs to no session
    visit = session_id if is_visit(session) else None
    app.push_screen(CardLedgerScreen(app.context, session.organization_id, visit))


def open_backup(app: InspectorApp, session_id: int | None) -> None:
    from inspector.tui.screens.backup_register import BackupRegisterScreen

    organization_id = _session_organization(app, session_id)
    if organization_id is None:
        app.notify(app.t("tui.app.select_session"))
        return
    app.push_screen(BackupRegisterScreen(app.context, organization_id, session_id))


def open_hearing(app: InspectorApp, session_id: int | None) -> None:
    """The ID/password hearing of the selected session's organization; without a selected
    session, the screen asks for the organization."""
    from inspector.tui.screens.hearing import HearingScreen

    app.push_screen(HearingScreen(app.context, _session_organization(app, session_id)))


def open_consolidation(app: InspectorApp, session_id: int | None) -> None:
    """The consolidation of the selected session's checklist (or the first checklist)."""
    from inspector.tui.screens.consolidation import ConsolidationScreen

    app.push_screen(ConsolidationScreen(app.context, session_id=session_id, today=app.today))


def open_collection(app: InspectorApp, session_id: int | None) -> None:
    """回収状況 of the self-check forms handed out as Excel workbooks."""
    from inspector.tui.screens.collection import CollectionScreen

    app.push_screen(CollectionScreen(app.context))


def opener(area: str) -> Opener:
    return {
        "findings": open_findings,
        "plans": open_plans,
        "layout": open_layout,
        "ledgers": open_ledgers,
        "backup": open_backup,
        "hearing": open_hearing,
        "consolidation": open_consolidation,
        "collection": open_collection,
    }[area]

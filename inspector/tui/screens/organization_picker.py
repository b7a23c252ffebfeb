"""Pick the organization (and those below it) a screen counts, or every organization:
type to filter, Enter picks; sections are listed indented under their department."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding

from inspector.context import AppContext
from inspector.domain.model import Organization
from inspector.tui.errors import describe_error
from inspector.tui.messages import DbFailed, OrganizationsLoaded
from inspector.tui.org_tree import in_tree_order, tree_label
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.filter_list import Entry, FilterList

_K = "tui.consolidation."


@dataclass(frozen=True)
class OrganizationChoice:
    """The organization picked, or None for every organization."""

    organization: Organization | None


ALL_ORGANIZATIONS = "*"


class OrganizationPicker(InspectorModal[OrganizationChoice | None]):
    """Type to filter the organizations (every organization first); Enter picks one. The
    organizations below one are indented under it."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [Binding("escape", "cancel", "cancel", id="consolidation.organization_cancel")]

    def __init__(self, context: AppContext, current: Organization | None) -> None:
        super().__init__(context)
        self.current = current
        self.organizations: dict[str, Organization] = {}

    def compose(self) -> ComposeResult:
        picker = FilterList(self.t(_K + "org_placeholder"), self.t(_K + "org_empty"))
        picker.border_title = self.t(_K + "org_title")
        yield picker

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="consolidation-organizations")
    def _load(self) -> None:
        try:
            organizations = self.context.repo.organizations()
        except Exception as exc:
            self.post_message(DbFailed(describe_error(exc, self.t)))
            return
        self.post_message(OrganizationsLoaded(organizations))

    def on_organizations_loaded(self, message: OrganizationsLoaded) -> None:
        # In tree order, indented by depth: in code order a section could appear under
        # another department.
        ordered = in_tree_order(message.organizations)
        self.organizations = {str(o.id): o for o in message.organizations}
        entries = [Entry(ALL_ORGANIZATIONS, self.t(_K + "scope_all"), "all")]
        entries += [Entry(str(o.id), tree_label(level, o), o.code) for level, o in ordered]
        current = str(self.current.id) if self.current is not None else ALL_ORGANIZATIONS
        self.query_one(FilterList).set_entries(entries, highlight=current)

    def on_db_failed(self, message: DbFailed) -> None:
        self.notify(message.error, severity="error", timeout=8)

    @on(FilterList.Picked)
    def _picked(self, event: FilterList.Picked) -> None:
        if event.key == ALL_ORGANIZATIONS:
            self.dismiss(OrganizationChoice(None))
        elif event.key in self.organizations:
            self.dismiss(OrganizationChoice(self.organizations[event.key]))

    def action_cancel(self) -> None:
        """Keep the current organizations."""
        self.dismiss(None)

"""Starting a session: organization, checklist, role and respondent, each picked from a
type-to-filter list. Esc steps back; the session starts on the last pick."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Footer, Label

from inspector.context import AppContext
from inspector.domain.checklist import Checklist, Unit
from inspector.domain.model import Organization, Person, PersonStatus, Role, SessionKind
from inspector.tui.messages import DbFailed, SessionStarted
from inspector.tui.org_tree import in_tree_order, tree_label
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.widgets.filter_list import Entry, FilterList

NO_RESPONDENT = "-"


@dataclass
class Choices:
    organization: Organization | None = None
    checklist: Checklist | None = None
    role: Role | None = None


class NewSessionScreen(InspectorScreen):
    """A short wizard; every step is one filtered list."""

    CATEGORY = "new"
    BINDINGS = [
        Binding("escape", "back", "back", id="new.back"),
        # `?` types into the filter (the footer hid it): F1, shown here
        Binding("f1", "app.help", "help", key_display="F1", priority=True, id="new.help"),
    ]

    def __init__(self, context: AppContext, kind: SessionKind) -> None:
        super().__init__(context)
        self.kind = kind
        self.steps = (
            ["organization", "checklist", "respondent"]
            if kind is SessionKind.INSPECTION
            else ["organization", "checklist", "role", "respondent"]
        )
        self.step = 0
        self.choices = Choices()
        self.organizations: list[Organization] = []
        self.people: list[Person] = []

    def compose(self) -> ComposeResult:
        title_key = (
            "tui.new.title_inspection"
            if self.kind is SessionKind.INSPECTION
            else ("tui.new.title_self_check")
        )
        yield Label(self.t(title_key), id="new-title")
        yield Label("", id="new-step")
        yield FilterList(self.t("tui.new.filter"), self.t("tui.new.nothing_matches"), id="picker")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self._load()

    @work(thread=True, group="new-load")
    def _load(self) -> None:
        try:
            organizations = self.context.repo.organizations()
            people = self.context.repo.people()
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.app.call_from_thread(self._loaded, organizations, people)

    def _loaded(self, organizations: list[Organization], people: list[Person]) -> None:
        self.organizations = organizations
        self.people = people
        self._show_step()

    # -- steps ------------------------------------------------------------------------------

    def _show_step(self) -> None:
        t = self.t
        name = self.steps[self.step]
        what = t(f"tui.new.pick_{name}")
        self.query_one("#new-step", Label).update(
            t("tui.new.step", step=self.step + 1, steps=len(self.steps), what=what)
        )
        picker = self.query_one(FilterList)
        picker.set_entries(self._entries(name), self._default(name))

    def _entries(self, name: str) -> list[Entry]:
        t = self.t
        if name == "organization":
            # the hierarchy, as the consolidation's picker shows it
            return [
                Entry(str(o.id), tree_label(level, o), f"{o.code} {o.name}")
                for level, o in in_tree_order(self.organizations)
            ]
        if name == "checklist":
            return [
                Entry(c.id, c.title.get(t.lang), f"{c.id} {c.title.ja}")
                for c in self.context.catalog
            ]
        if name == "role":
            return [Entry(r.value, t(f"tui.role.{r.value}")) for r in self._roles()]
        organization = self.choices.organization
        people = [
            p
            for p in self.people
            if p.status is PersonStatus.ACTIVE
            and (organization is None or p.organization_id == organization.id)
        ]
        entries = [
            Entry(
                str(p.id),
                t("tui.new.person_label", name=p.name, number=p.staff_number),
                p.staff_number,
            )
            for p in people
        ]
        if not self._respondent_required():
            entries.insert(0, Entry(NO_RESPONDENT, t("tui.new.no_respondent")))
        return entries

    def _roles(self) -> tuple[Role, ...]:
        """The roles that may answer the checklist picked: a checklist answered person by
        person is the operator's own, never 所属長's (walk9 M6)."""
        checklist = self.choices.checklist
        if checklist is not None and checklist.unit is Unit.RESPONDENT:
            return (Role.OPERATOR,)
        return (Role.HEAD, Role.OPERATOR)

    def _default(self, name: str) -> str | None:
        if name == "role" and self.choices.checklist is not None:
            unit = self.choices.checklist.unit
            return Role.OPERATOR.value if unit is Unit.RESPONDENT else Role.HEAD.value
        return None

    def _respondent_required(self) -> bool:
        checklist = self.choices.checklist
        if checklist is not None and checklist.unit is Unit.RESPONDENT:
            return True
        return self.kind is SessionKind.SELF_CHECK

    @on(FilterList.Picked)
    def _picked(self, message: FilterList.Picked) -> None:
        name = self.steps[self.step]
        key = message.key
        if name == "organization":
            self.choices.organization = next(o for o in self.organizations if str(o.id) == key)
        elif name == "checklist":
            self.choices.checklist = self.context.catalog.get(key)
        elif name == "role":
            self.choices.role = Role(key)
        else:
            respondent = None if key == NO_RESPONDENT else int(key)
            self._start(respondent)
            return
        self.step += 1
        self._show_step()

    def action_back(self) -> None:
        """One step back; from the first step, back to home."""
        if self.step == 0:
            self.app.pop_screen()
            return
        self.step -= 1
        self._show_step()

    # -- starting ---------------------------------------------------------------------------

    @work(thread=True, group="new-start")
    def _start(self, respondent_id: int | None) -> None:
        choices = self.choices
        assert choices.organization is not None and choices.checklist is not None
        inspection = self.kind is SessionKind.INSPECTION
        role = Role.INSPECTOR if inspection else (choices.role or Role.HEAD)
        try:
            inspector_org = None
            if inspection and self.context.settings.organization:
                found = self.context.repo.find_organization(self.context.settings.organization)
                inspector_org = found.id if found else None
            session = self.context.repo.start_session(
                choices.checklist,
                choices.organization.id,
                role=role,
                kind=self.kind,
                respondent_id=respondent_id,
                inspector_name=self.context.settings.inspector_name if inspection else None,
                inspector_organization_id=inspector_org,
                session_date=self.inspector.today,
            )
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(SessionStarted(session))

    def on_session_started(self, message: SessionStarted) -> None:
        from inspector.tui.screens.runner import RunnerScreen

        self.notify(self.t("tui.new.started"))
        if message.session.not_independent:
            # 001: the audited section audited itself. Say so now; lists and documents mark it.
            self.notify(self.t("tui.new.not_independent"), severity="warning", timeout=10)
        self.app.switch_screen(RunnerScreen(self.context, message.session.id))

"""Home: recent sessions, resuming one, starting a new inspection or self-check."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Label

from inspector.domain.era import shown_date
from inspector.domain.errors import ChecklistLoadError
from inspector.store.errors import PassphraseNeeded, WrongPassphrase
from inspector.tui.messages import DbFailed, SessionsLoaded
from inspector.tui.missing_database import DatabaseMissing, MissingDatabase
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.widgets.fitted_table_detail import CutDetail
from inspector.tui.widgets.key_footer import KeyFooter
from inspector.tui.widgets.session_table import SessionTable

if TYPE_CHECKING:
    from inspector.context import AppContext
    from inspector.tui.screens.db_passphrase import DatabaseLocked


class HomeScreen(InspectorScreen):
    """The first screen."""

    CATEGORY = "home"
    BINDINGS = [
        Binding("enter", "resume", "resume", id="home.resume"),
        Binding("n", "new('inspection')", "new inspection", id="home.new_inspection"),
        Binding("s", "new('self_check')", "new self-check", id="home.new_self_check"),
        Binding("v", "summary", "summary", id="home.summary"),
        Binding("f", "area('findings')", "findings", show=False, id="home.findings"),
        Binding("p", "area('plans')", "plans", show=False, id="home.plans"),
        Binding("m", "area('layout')", "layout", show=False, id="home.layout"),
        Binding("l", "area('ledgers')", "ledgers", show=False, id="home.ledgers"),
        Binding("b", "area('backup')", "backup", show=False, id="home.backup"),
        Binding("h", "area('hearing')", "hearing", show=False, id="home.hearing"),
        Binding("c", "area('consolidation')", "consolidation", show=False, id="home.consolidation"),
        Binding("x", "area('collection')", "collection", show=False, id="home.collection"),
        Binding("r", "followup", "follow-up report", show=False, id="home.followup"),
        Binding("ctrl+r", "refresh", "refresh", show=False, id="home.refresh"),
        Binding("q", "app.quit", "quit", id="home.quit"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # A self-check opened by `inspector selfcheck` stays within its own sessions: no new
        # session, no area with other organizations' data (findings, plans, consolidation).
        return not (
            self.inspector.start_session_id is not None and action in ("new", "area", "followup")
        )

    def compose(self) -> ComposeResult:
        today = shown_date(self.inspector.today, self.t.lang)
        yield Label(
            f"{self.t('tui.app.title')} — {self.t('tui.home.title')}   "
            f"{self.t('tui.home.today', date=today)}",
            id="home-title",
        )
        table = SessionTable(self.t, id="sessions")
        yield table
        # the selected row's texts the table cut (the checklist's whole title)
        yield table.show_cut_in(CutDetail(id="home-detail"))
        yield Label(self.t("tui.home.loading"), id="home-empty")
        # The area keys do not fit the footer at 80 columns; they are listed here.
        yield Label(self.t("tui.home.areas"), id="home-areas")
        yield KeyFooter(show_command_palette=False)

    def on_mount(self) -> None:
        # A plain database: the setup at once, over the first frame (keys typed at start go
        # to it, not to home). An encrypted one: after its passphrase (`_ask_inspector_once`).
        if self.inspector.ask_inspector and not _encrypted(self.context):
            self._ask_inspector_once()

    def on_screen_resume(self) -> None:
        # After the first frame: the list is read in a worker (with sqlite3 and the cached
        # checklist titles for a plain SQLite file; otherwise through SQLAlchemy, whose
        # import would hold up drawing the screen).
        self.call_after_refresh(self.action_refresh)

    def action_refresh(self) -> None:
        """Reload the list of sessions."""
        self._load()

    @work(thread=True, exclusive=True, group="home-load")
    def _load(self) -> None:
        from inspector.services.session_list import recent_sessions

        try:
            # every checklist file is checked at start (a changed one validated again; the
            # others read from the cache of validated checklists, their models built later)
            self.context.catalog  # noqa: B018
        except ChecklistLoadError as exc:
            self.app.call_from_thread(self.inspector.fail, exc)
            return
        try:
            summaries = recent_sessions(self.context, within=self.inspector.start_session_id)
        except MissingDatabase as exc:  # a mistyped --db: asked, never made silently
            self.post_message(DatabaseMissing(exc.path))
        except PassphraseNeeded as exc:  # an encrypted database: ask, then load again
            from inspector.tui.screens.db_passphrase import DatabaseLocked

            self.post_message(DatabaseLocked(exc.path, isinstance(exc, WrongPassphrase)))
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(SessionsLoaded(summaries))

    def on_database_missing(self, message: DatabaseMissing) -> None:
        from inspector.tui.screens.missing_database import ask_to_make

        ask_to_make(self, message.path, self._load)

    def on_database_locked(self, message: DatabaseLocked) -> None:
        from inspector.tui.screens.db_passphrase import DbPassphraseScreen

        # Home loads again when the dialog closes (on_screen_resume).
        self.app.push_screen(DbPassphraseScreen(self.context, message.path, message.wrong))

    def on_db_failed(self, message: DbFailed) -> None:
        super().on_db_failed(message)
        self._ask_inspector_once()

    def _ask_inspector_once(self) -> None:
        """The first-start setup (`InspectorApp.ask_inspector`), once the database is
        open: asked at mount, it was drawn under the passphrase dialog that came after."""
        if not self.inspector.ask_inspector:
            return
        self.inspector.ask_inspector = False
        from inspector.tui.screens.inspector_setup import InspectorSetupScreen

        self.app.push_screen(InspectorSetupScreen(self.context))

    def on_sessions_loaded(self, message: SessionsLoaded) -> None:
        table = self.query_one(SessionTable)
        # Back from a session: its row is selected (a new visit is not where the cursor was).
        worked_on = getattr(self.app, "last_session_id", None)
        table.show(message.summaries, select=worked_on)
        if worked_on is not None:
            self.app.last_session_id = None  # type: ignore[attr-defined]
        empty = self.query_one("#home-empty", Label)
        empty.update(self.t("tui.home.empty"))
        empty.display = not message.summaries
        table.focus()
        self._ask_inspector_once()

    @on(DataTable.RowSelected, "#sessions")
    def _row_selected(self) -> None:
        self.action_resume()

    @property
    def selected_session_id(self) -> int | None:
        """The session under the cursor (areas such as the layout editor work on it)."""
        return self.query_one(SessionTable).session_id

    def action_resume(self) -> None:
        """Open the selected session in the runner, at its first unanswered item."""
        session_id = self.query_one(SessionTable).session_id
        if session_id is not None:
            self.inspector.open_runner(session_id)

    def action_summary(self) -> None:
        """Open the selected session's summary."""
        session_id = self.query_one(SessionTable).session_id
        if session_id is not None:
            self.inspector.open_summary(session_id)

    def action_new(self, kind: str) -> None:
        """Start a new inspection or self-check."""
        from inspector.domain.model import SessionKind

        self.inspector.start_new(SessionKind(kind))

    def action_followup(self) -> None:
        """Make the follow-up report (措置状況報告), as `inspector report followup`."""
        from inspector.tui.screens.followup_flow import start_followup

        start_followup(self)

    def action_area(self, area: str) -> None:
        """Open an area (findings, plans, layout, ledgers, backup, hearing, consolidation)
        for the selected session where the area works on one."""
        from inspector.tui.areas import opener

        session_id = self.query_one(SessionTable).session_id
        if area == "layout" and session_id is not None and not self._is_visit(session_id):
            # a server-room layout belongs to a visit, not a self-check or a hearing (walk9 H1)
            self.notify(self.t("fix9w.layout.visits_only"), severity="warning")
            return
        opener(area)(self.inspector, session_id)

    def _is_visit(self, session_id: int) -> bool:
        from inspector.services.site_layouts import is_visit

        try:
            return is_visit(self.context.repo.session(session_id))
        except Exception:
            return True  # the editor says what went wrong


def _encrypted(context: AppContext) -> bool:
    """Whether the database is an encrypted SQLite file (its passphrase is asked first)."""
    from inspector.store.encryption import is_encrypted

    try:
        return is_encrypted(context.settings.database_url)
    except Exception:
        return False

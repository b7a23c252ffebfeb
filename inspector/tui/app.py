"""The Textual application: `InspectorApp(context)` and `run_app(context)`."""

from __future__ import annotations

import gc
import io
import re
import sys
from collections.abc import Iterable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, NoReturn

from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.tui.commands import InspectorCommands, PaletteCommand
from inspector.tui.toast_text import toast_text

HANGUP_STATUS = 129
"""The exit status after the terminal closed: 128 + SIGHUP, as a shell reports it."""
_ERROR_LINE = re.compile(r"^[A-Za-z_][\w.]*(: |:$)")
"""The exception's line of a traceback: `MarkupError: Expected markup ...`."""

if TYPE_CHECKING:  # the domain objects load with the first list, after the first frame
    from textual.notifications import SeverityLevel

    from inspector.domain.model import SessionKind


class InspectorApp(App[None]):
    """Keyboard-driven inspections and self-checks."""

    CSS_PATH = "app.tcss"
    COMMANDS: ClassVar[set] = {InspectorCommands}  # type: ignore[type-arg]
    HORIZONTAL_BREAKPOINTS = [
        (0, "-narrow"),
        (110, "-wide"),
    ]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "quit", show=False, priority=True, id="app.quit"),
        Binding("question_mark", "help", "help", key_display="?", id="app.help"),
        # F1 is where help is in most programs; priority: a text field has no use for it
        Binding("f1", "help", "help", show=False, priority=True, id="app.help_f1"),
        Binding(
            "ctrl+p",
            "command_palette",
            "commands",
            key_display="^p",
            show=False,
            priority=True,
            id="app.palette",
        ),
    ]

    def __init__(
        self,
        context: AppContext,
        *,
        today: date | None = None,
        session_id: int | None = None,
        ask_inspector: bool = False,
    ) -> None:
        super().__init__()
        self.ask_inspector = ask_inspector
        """Ask for the inspector's name and organization at start (`run_app` does when the
        settings have no inspector_name: a document is refused without it)."""
        self.context = context
        self.start_session_id = session_id
        """A session to open in the runner at start (`inspector selfcheck`), above home."""
        self.t = context.t
        self.today: date = today or japan_today()  # the date in Japan
        self.last_session_id: int | None = None
        """The session the runner showed last: home selects it when it is back."""
        """The date new sessions get and the home screen shows (fixed in tests)."""
        self.fatal: Exception | None = None
        """An error that ended the application; `run_app` raises it for the CLI to report."""
        self.hangup_handler = False
        """Whether a closed terminal (SIGHUP) ends the application through `hang_up`
        (`run_app` sets it; tests call `hang_up` themselves)."""
        self.title = self.t("tui.app.title")
        if context.on_missing_database is None:  # a mistyped --db is asked about (walk10)
            from inspector.tui.missing_database import MissingDatabaseGuard

            context.on_missing_database = MissingDatabaseGuard()
        if context.settings.keymap:
            self.set_keymap(dict(context.settings.keymap))

    def get_default_screen(self) -> Screen[Any]:
        """Home is the bottom of the screen stack (rather than above Textual's blank
        default screen, which would be composed and styled at start for nothing)."""
        from inspector.tui.screens.home import HomeScreen

        home = HomeScreen(self.context)
        # the width's class now, as the first resize would give it: a class that changes
        # after the screen is mounted restyles every widget of it (before the first frame)
        name = self.width_class(self.size.width)
        if name is not None:
            home.add_class(name, update=False)
        return home

    def width_class(self, width: int) -> str | None:
        """The class of `HORIZONTAL_BREAKPOINTS` that Textual gives a screen `width` wide."""
        fitting = [(least, name) for least, name in self.HORIZONTAL_BREAKPOINTS if width >= least]
        return max(fitting)[1] if fitting else None

    def on_mount(self) -> None:
        if self.hangup_handler:
            self._handle_hangup()
        if self.start_session_id is not None:
            self.open_runner(self.start_session_id)
        # `ask_inspector`: home asks once the database is open (after its passphrase)

    def on_key(self, event: events.Key) -> None:
        """A key that came back up unhandled: the dialog an earlier key of the same burst
        opened takes it when it was typed for it (`tui/type_ahead.py`, walk9 H2)."""
        from inspector.tui.type_ahead import hand_on

        if hand_on(self.screen, event):
            event.prevent_default()  # not looked up as a binding, nor dropped
            event.stop()

    # -- navigation used by screens and the palette --------------------------------------

    def open_runner(self, session_id: int) -> None:
        from inspector.tui.screens.runner import RunnerScreen

        self.push_screen(RunnerScreen(self.context, session_id))

    def open_summary(self, session_id: int) -> None:
        from inspector.tui.screens.summary import SummaryScreen

        self.push_screen(SummaryScreen(self.context, session_id))

    def start_new(self, kind: SessionKind) -> None:
        from inspector.tui.screens.new_session import NewSessionScreen

        self.push_screen(NewSessionScreen(self.context, kind))

    def go_home(self) -> None:
        from inspector.tui.screens.home import HomeScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, HomeScreen):
            self.pop_screen()

    def resume_last(self) -> None:
        """Open the newest session that is not completed."""
        sessions = self.context.repo.sessions(limit=50)
        for session in sessions:
            if not session.is_completed:
                self.go_home()
                self.open_runner(session.id)
                return

    def fail(self, error: Exception) -> None:
        """End the application because of `error` (a broken checklist file, found after
        the first screen is drawn); the CLI prints it and exits with status 1."""
        self.fatal = error
        self.exit(return_code=1)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """A notification, never read as markup: its text holds data (names, paths, error
        texts, a search query) that a `[/]` would break (`tui/plain.py`). A command named in
        backticks is shown whole, without them (`tui/toast_text.py`)."""
        message = toast_text(message)
        super().notify(message, title=title, severity=severity, timeout=timeout, markup=False)

    def not_available(self) -> None:
        self.notify(self.t("tui.app.not_available"))

    # -- quitting: nothing the user entered is lost (`tui/unsaved.py`) ---------------------

    def request_quit(self) -> None:
        """Quit at once when nothing is unsaved; else list what would be lost and ask, the
        default being to stay."""
        from inspector.tui.screens.quit_confirm import QuitConfirmScreen
        from inspector.tui.unsaved import unsaved_work_in

        if isinstance(self.screen, QuitConfirmScreen):
            return  # already asking
        lost = unsaved_work_in(self.screen_stack)
        if not lost:
            self.exit()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(QuitConfirmScreen(self.context, lost), answered)

    def _handle_hangup(self) -> None:
        import asyncio
        import contextlib
        import signal

        hangup = getattr(signal, "SIGHUP", None)
        if hangup is None:
            return  # Windows: no SIGHUP
        # not the main thread, or a loop without signals: the default action stays
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            asyncio.get_running_loop().add_signal_handler(hangup, self.hang_up)

    def hang_up(self) -> None:
        """The terminal is gone (SIGHUP): nobody can be asked. Each screen saves what it
        still can (`save_before_hangup`: the runner commits its unsaved answers once more),
        then the application ends as a quit does, so that the writer threads finish their
        commits while the screens unmount (without this handler the signal would end the
        process at once)."""
        for screen in self.screen_stack:
            save = getattr(screen, "save_before_hangup", None)
            if save is not None:
                save()
        self.exit(return_code=HANGUP_STATUS)

    # -- actions -------------------------------------------------------------------------

    async def action_quit(self) -> None:
        """Quit (asks first when something is not saved)."""
        self.request_quit()

    def action_help_quit(self) -> None:
        """Ctrl+C (Textual's binding): it does not quit, so say which key does, in the
        interface language and as plain text (Textual's own text is English markup that
        `notify` shows literally, walk9 M3)."""
        # the priority binding (Ctrl+Q, or the keymap's) works in a text field too: a
        # screen's own `q` would type a letter there
        quits = sorted(
            (not active.binding.priority, active.binding.key)
            for active in self.active_bindings.values()
            if active.binding.action in ("quit", "app.quit")
        )
        key = quits[0][1] if quits else "ctrl+q"
        key = "+".join(part.capitalize() for part in key.split("+"))
        self.notify(self.t("walk10.quit_hint", keys=key), title=self.t("walk10.quit_title"))

    def action_help(self) -> None:
        """List every key of the current screen."""
        from inspector.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self.context, self.screen))

    def open_settings(self) -> None:
        """The inspector's name and organization (the first start's fields), to change."""
        from inspector.tui.screens.inspector_setup import InspectorSetupScreen

        self.push_screen(InspectorSetupScreen(self.context, first_start=False))

    def action_command_palette(self) -> None:
        """The command palette, with its placeholder in the interface language."""
        from inspector.tui.palette import SafePalette

        if self.use_command_palette and not CommandPalette.is_open(self):  # type: ignore[arg-type]
            placeholder = self.t("tui.app.palette_placeholder")
            # its search box refuses a control character, as every field does (tui80)
            self.push_screen(SafePalette(placeholder=placeholder, id="--command-palette"))

    def palette_commands(self, screen: Screen[object]) -> Iterable[PaletteCommand]:
        """The app's commands, then the calling screen's bindings."""
        from inspector.domain.model import SessionKind

        t = self.t

        def cmd(name: str, category: str, key: str, callback: object) -> PaletteCommand:
            title = f"{t(f'tui.category.{category}')}: {t(f'tui.command.{key}')}"
            return PaletteCommand(name, title, "", callback)  # type: ignore[arg-type]

        if self.start_session_id is not None:
            # a self-check opened by `inspector selfcheck`: its own screens only, nothing
            # that would list or start other organizations' sessions
            yield cmd("help: keys", "help", "help_open", self.action_help)
            yield cmd("app: quit", "app", "quit", self.request_quit)
            collect = getattr(screen, "palette_commands", None)
            if collect is not None:
                yield from collect()
            return
        # the current screen's commands first: what the user is most likely looking for
        # (they came after the fourteen app commands, below the fold at 80x24)
        collect = getattr(screen, "palette_commands", None)
        if collect is not None:
            yield from collect()
        yield cmd(
            "session: start",
            "session",
            "session_start",
            partial(self.start_new, SessionKind.INSPECTION),
        )
        yield cmd(
            "session: self-check",
            "session",
            "session_self_check",
            partial(self.start_new, SessionKind.SELF_CHECK),
        )
        yield cmd("session: resume last", "session", "session_resume_last", self.resume_last)
        yield cmd("home: open", "home", "home_open", self.go_home)
        yield cmd("help: keys", "help", "help_open", self.action_help)
        yield cmd("settings: edit", "settings", "settings_open", self.open_settings)
        from inspector.tui.areas import AREAS, opener

        selected = getattr(screen, "selected_session_id", None)
        for area in AREAS:
            yield cmd(f"{area}: open", area, f"{area}_open", partial(opener(area), self, selected))
        yield cmd("app: quit", "app", "quit", self.request_quit)


def check_keymap(context: AppContext) -> None:
    """Raise `SettingsError` for a keymap naming an unknown action or giving one key to two
    actions: checked like any other setting, before anything is started or drawn."""
    if not context.settings.keymap:
        return
    from inspector.config import SettingsError
    from inspector.tui.keymap_check import keymap_problems

    problems = keymap_problems(context.settings.keymap, context.t)
    if problems:
        raise SettingsError("; ".join(problems))


def run_app(
    context: AppContext,
    *,
    today: date | None = None,
    session_id: int | None = None,
    ask_inspector: bool | None = None,
    **run_options: Any,
) -> None:
    """Run the interface until the user quits; with `session_id`, open on that session.
    `run_options` go to `App.run` (the bench runs it headless). Raises what ended it."""
    try:
        check_keymap(context)
    except Exception:
        context.close()
        raise
    # `inspector selfcheck` opens on a session for the department's staff: nobody to ask
    if ask_inspector is None:
        ask_inspector = context.settings.inspector_name is None and session_id is None
    app = InspectorApp(context, today=today, session_id=session_id, ask_inspector=ask_inspector)
    app.hangup_handler = True
    # Textual shows an unexpected error as a Rich traceback with every frame's local values
    # (a passphrase, a person's record) on the terminal: it is kept here instead, and the
    # error's own line is shown plainly (`ended_by_error`)
    from rich.console import Console

    crash = io.StringIO()
    app.error_console = Console(
        file=crash, markup=False, highlight=False, color_system=None, width=160
    )
    # What is loaded by now (Textual, the modules, the settings) lives as long as the
    # process: kept out of the collector's passes, the first full one (soon after the home
    # list, ~60 ms over every object of the libraries) looks only at what came after.
    gc.freeze()
    gc.enable()  # (the command turns it off while the modules load)
    try:
        app.run(**run_options)
    finally:
        context.close()
    if app.fatal is not None:
        raise app.fatal
    if app.return_code:
        ended_by_error(context, app.return_code, crash.getvalue())


def error_line(traceback_text: str) -> str:
    """The exception's own line (`Type: message`) of a traceback as Rich printed it: the
    last line that starts with a name and a colon, with the lines it wraps onto."""
    lines = [line.rstrip() for line in traceback_text.splitlines()]
    for index in range(len(lines) - 1, -1, -1):
        if _ERROR_LINE.match(lines[index]):
            return " ".join(line.strip() for line in lines[index:] if line.strip())
    return ""


def ended_by_error(context: AppContext, return_code: int, traceback_text: str) -> NoReturn:
    """The interface ended with `return_code` (an error inside it, or a closed terminal):
    a short message on stderr (passed through the run's escaping writer, secrets masked),
    then the same status for the shell (never 0)."""
    from inspector.redaction import hide_secrets

    if return_code != HANGUP_STATUS:  # (a closed terminal: nobody to tell)
        from inspector.tui.error_log import log_error

        # the exception's class and English text go to the log, the user's line stays in
        # the interface language (walk7 M8)
        line = error_line(traceback_text) or f"exit status {return_code}"
        log = log_error(line)
        said = (
            context.t("tui7a.crashed", log=str(log))
            if log is not None
            else context.t("tui7a.crashed_unlogged")
        )
        print(hide_secrets(said), file=sys.stderr)
    sys.exit(return_code)

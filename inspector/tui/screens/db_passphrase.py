"""The passphrase of an encrypted database, asked after the first screen is drawn.

Home's worker finds the database encrypted (or the passphrase given wrong) and posts
`DatabaseLocked`; home then shows this dialog. The passphrase is tried in a thread (the key
derivation takes a quarter of a second on purpose, a migration may follow) and kept in
memory only; Esc ends the application, which can do nothing without its database.
"""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Input, Label
from textual.worker import Worker, WorkerState

from inspector.context import AppContext
from inspector.store.errors import WrongPassphrase
from inspector.tui.errors import describe_error
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.widgets.safe_input import SafeInput


class DatabaseLocked(Message):
    """The database is encrypted and the passphrase is missing (`wrong`: was wrong)."""

    def __init__(self, path: str, wrong: bool) -> None:
        super().__init__()
        self.path = path
        self.wrong = wrong


class DbPassphraseScreen(InspectorModal[bool]):
    """A hidden one-line input for the database passphrase; dismissed with True once the
    database is open."""

    CSS_PATH = "../db_passphrase.tcss"
    BINDINGS = [Binding("escape", "quit", "quit", id="db_passphrase.quit")]

    def __init__(self, context: AppContext, path: str, wrong: bool = False) -> None:
        super().__init__(context)
        self.path = path
        self.wrong = wrong

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="db-passphrase-dialog"):
            yield Label(self.t("db_passphrase.title"), classes="dialog-title")
            yield Label(plain(self.t("db_passphrase.file", path=self.path)), classes="dialog-text")
            yield SafeInput(password=True, id="db-passphrase-input")
            yield Label(
                self.t("db_passphrase.wrong") if self.wrong else "",
                classes="dialog-error",
                id="db-passphrase-error",
            )
            yield Label(self.t("db_passphrase.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted, "#db-passphrase-input")
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value:
            self._show_error(self.t("db_passphrase.empty"))
            return
        self._show_error(self.t("db_passphrase.checking"))
        event.input.disabled = True
        self._try(event.value)

    @work(thread=True, exclusive=True, group="db-passphrase")
    def _try(self, passphrase: str) -> str | None:
        """None when the database is open, else what to say."""
        try:
            self.context.unlock(passphrase)
        except WrongPassphrase:
            return self.t("db_passphrase.wrong")
        except Exception as exc:
            return describe_error(exc, self.t)
        return None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        # Dismissed only once the worker has finished: closing the screen cancels its
        # workers, and one still running would be cut short.
        if event.worker.group != "db-passphrase" or event.state != WorkerState.SUCCESS:
            return
        error = event.worker.result
        if error is None:
            self.dismiss(True)
        else:
            self._again(str(error))

    def _again(self, error: str) -> None:
        field = self.query_one(Input)
        field.value = ""
        field.disabled = False
        field.focus()
        self._show_error(error)

    def _show_error(self, text: str) -> None:
        self.query_one("#db-passphrase-error", Label).update(plain(text))

    def action_quit(self) -> None:
        """End the application: nothing works without the database."""
        self.app.exit()

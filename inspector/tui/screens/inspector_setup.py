"""First start: the inspector's name and organization, saved in the config file.

A document is refused while the inspector's name is unset (the login name is never
printed), so the interface asks once, when it starts without one. Esc leaves it for later
(asked again at the next start; after asking when something was typed); nothing else in
the config file changes.
"""

from __future__ import annotations

from functools import partial

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Input, Label, TextArea

from inspector.config import SettingsError, save_settings
from inspector.context import AppContext
from inspector.i18n import render
from inspector.tui.controls import Checked, refuse_controls
from inspector.tui.form_keys import ENTER_KEY, keys_hint
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.safe_input import SafeInput

FIELDS = (
    ("inspector_name", "first_start_name"),
    ("municipality", "first_start_municipality"),
    ("office", "first_start_office"),
    ("title", "first_start_title_field"),
)


class InspectorSetupScreen(InspectorModal[bool]):
    """Returns True when the settings were saved, False when left for later."""

    DEFAULT_CSS = beside(__file__)

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
        *ENTER_KEY,
    ]

    def __init__(self, context: AppContext, *, first_start: bool = True) -> None:
        """`first_start` False: the settings screen (palette 設定), to change them later."""
        super().__init__(context)
        self.first_start = first_start

    def _m(self, key: str, **values: object) -> str:
        return self.t(f"documents_signer.{key}", **values)

    def compose(self) -> ComposeResult:
        settings = self.context.settings
        with VerticalScroll(classes="dialog", id="setup-dialog"):
            if self.first_start:
                yield Label(self._m("first_start_title"), classes="dialog-title")
                yield Label(self._m("first_start_note"), classes="dialog-hint")
            else:
                yield Label(self.t("tui.visit5a.settings_title"), classes="dialog-title")
                yield Label(self.t("tui.visit5a.settings_note"), classes="dialog-hint")
            for name, label in FIELDS:
                yield Label(self._m(label))
                # a value already set is not selected: a key typed adds to it (walk8b L4)
                yield SafeInput(
                    getattr(settings, name) or "",
                    id=f"setup-{name}",
                    compact=True,
                    select_on_focus=False,
                )
            yield Label("", classes="dialog-error", id="setup-error")
            # last, so the dialog's CSS docks it: how to save is never below the fold;
            # what Enter does in the words of every form (walk8b L1)
            later = "esc_later" if self.first_start else "esc"
            yield Label(
                keys_hint(self.t, "tab", "enter_next", "ctrl_s", later),
                classes="dialog-hint",
                id="setup-hint",
            )

    def on_mount(self) -> None:
        self.set_focus(self.query_one("#setup-inspector_name", Input))

    @on(Input.Changed, "#setup-inspector_name")
    def _name_typed(self, event: Input.Changed) -> None:
        """「氏名を入力してください。」 goes once a name is typed (walk8 LOW: it stayed)."""
        error = self.query_one("#setup-error", Label)
        if event.value.strip() and self._name_missing:
            self._name_missing = False
            self.show_error(error, "")

    _name_missing = False
    """Whether the error shown is the missing name's."""

    def enter_moves_on(self, field: Input | TextArea) -> bool:
        """Enter moves to the next field; on the last one it saves (at once: a burst of
        keys typed after it lands in the next field, walk7 H3)."""
        return True

    def action_save(self) -> None:
        """Save the inspector's name and organization in the config file."""
        values = {name: self.query_one(f"#setup-{name}", Input).value for name, _l in FIELDS}
        error = self.query_one("#setup-error", Label)
        typed = [Checked(f"#setup-{name}", self._m(label), values[name]) for name, label in FIELDS]
        if refuse_controls(self, self.t, typed, show=partial(self.show_error, error)):
            self._name_missing = False  # printed on every signed document: never written
            return
        if not values["inspector_name"].strip():
            self.show_error(error, self._m("first_start_name_required"))
            self._name_missing = True
            self.query_one("#setup-inspector_name", Input).focus()
            return
        try:
            path = save_settings(values)
            self.context.settings = self.context.settings.updated(**values)
        except SettingsError as exc:
            self._name_missing = False
            self.show_error(error, plain(self._m("first_start_failed", detail=render(exc, self.t))))
            return
        self.notify(self._m("first_start_saved", path=path))
        self.dismiss(True)

    def action_cancel(self) -> None:
        """Leave it for later (asked again at the next start): at once when nothing was
        typed, else after asking, as every dialog does (walk7 M1)."""
        self.cancel_keeping_work()

"""Base classes of the screens: translated bindings, palette entries, typed app access."""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar, cast

from textual import events
from textual.binding import ActiveBinding
from textual.screen import ModalScreen, Screen

from inspector.context import AppContext
from inspector.tui.bindings import applies_now, effective_bindings, localize_active
from inspector.tui.commands import PaletteCommand, english_name
from inspector.tui.errors import describe_error
from inspector.tui.form_keys import FOCUS_KEYS, FormKeys
from inspector.tui.messages import DbFailed
from inspector.tui.unsaved import FormSnapshot, dialog_title

if TYPE_CHECKING:
    from rich.text import Text
    from textual.content import Content
    from textual.widgets import Label

    from inspector.i18n import Translator
    from inspector.tui.app import InspectorApp

ResultType = TypeVar("ResultType")

FIELD_TYPES = ("Input", "TextArea", "Select", "Checkbox", "OptionList", "SelectionList")
"""The widgets a dialog's Tab stops at: a dialog holding one does not stop on its scroll."""


def fields_only(screen: Screen[Any]) -> None:
    """Tab in a dialog of fields stops on the fields only: its scrolling container took a
    Tab of its own, with no mark, and the next letter typed went nowhere (walk9 M1)."""
    from textual.containers import ScrollableContainer

    for box in screen.query(".dialog"):
        if isinstance(box, ScrollableContainer) and any(
            box.query(", ".join(FIELD_TYPES)).results()
        ):
            box.can_focus = False


class LocalizedBindings:
    """The footer shows the screen's and the app's bindings in the interface language.

    A plain mixin, not a Screen subclass: Textual gives every Screen class in the MRO the
    screen's default CSS (an opaque background), which would hide what is under a dialog."""

    t: Translator

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        active: dict[str, ActiveBinding] = super().active_bindings  # type: ignore[misc]
        return localize_active(active, (self, cast(Screen[Any], self).app), self.t)


class InspectorScreen(LocalizedBindings, Screen[None]):
    """A full screen of the application."""

    CATEGORY: ClassVar[str] = "app"
    """The palette category of this screen's bindings (`tui.category.<CATEGORY>`)."""

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.t = context.t

    @property
    def inspector(self) -> InspectorApp:
        from inspector.tui.app import InspectorApp

        return cast(InspectorApp, self.app)

    def palette_commands(self) -> list[PaletteCommand]:
        """Every id'd binding of this screen as a palette command."""
        commands: list[PaletteCommand] = []
        category = self.t(f"tui.category.{self.CATEGORY}")
        for keys, binding in effective_bindings(
            self, self.app, self.context.settings.keymap, self.t
        ):
            assert binding.id is not None
            if not self.palette_offers(binding.action):
                continue
            commands.append(
                PaletteCommand(
                    name=english_name(binding.id),
                    title=f"{category}: {binding.description}",
                    help=f"[{keys}]",
                    callback=partial(self.run_action, binding.action),
                    applies=applies_now(self, binding),
                )
            )
        return commands

    def palette_offers(self, action: str) -> bool:
        """Whether the palette lists the binding running `action` (default: every one)."""
        return True

    def describe(self, exc: BaseException) -> str:
        return describe_error(exc, self.t)

    def on_db_failed(self, message: DbFailed) -> None:
        """Every failed database call that is not an answer save ends up here."""
        self.notify(message.error, severity="error", timeout=8)


class InspectorModal(FormKeys, LocalizedBindings, ModalScreen[ResultType]):
    """A dialog that returns a value (None when cancelled). Tab and Shift+Tab move the
    focus before a key typed after them is handed on (`tui/form_keys.py`)."""

    BINDINGS = FOCUS_KEYS

    def __init__(self, context: AppContext) -> None:
        super().__init__()
        self.context = context
        self.t = context.t
        self.opened_with = FormSnapshot()
        """The dialog's fields as they opened: what was typed since is unsaved work."""

    def on_mount(self) -> None:
        # Textual runs a subclass's `on_mount` first, then this one: the fields it fills
        # when it opens are part of the snapshot, not work
        self.opened_with.take(self)
        fields_only(self)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """The field that takes the focus is brought into view whole, below the fold of a
        dialog taller than 24 lines too (walk9 M1)."""
        self.call_after_refresh(event.widget.scroll_visible, animate=False)

    def cancel_keeping_work(self, changed: bool = False) -> None:
        """Esc: close (returning None) at once when no field changed since the dialog
        opened (nor `changed`, what the fields do not hold), else ask first, default stay:
        typed text is never thrown away by one key."""
        from inspector.tui.screens.confirm import cancel_or_ask

        cancel_or_ask(self, changed or self.opened_with.changed(self))

    def show_error(self, label: Label, text: str | Text | Content) -> None:
        """Show `text` in the dialog's error `label`, scrolled into view whole: in a dialog
        taller than the terminal the error's later lines were under the docked hint."""
        from inspector.tui.plain import plain

        label.update(plain(text))  # a message may hold data: never parsed as markup
        if text:
            self.call_after_refresh(label.scroll_visible, animate=False)

    def unsaved_work(self) -> str | None:
        """What quitting now would lose: the text typed into this dialog since it opened
        (`tui/unsaved.py`); None when its fields are as they opened."""
        if not self.opened_with.changed(self):
            return None
        title = dialog_title(self)
        if not title:
            return self.t("quit4.lost.dialog_untitled")
        return self.t("quit4.lost.dialog", title=title)

"""Keys typed in one burst land where a slow typist's would (walk7 H3).

Textual hands each key to the widget focused *when the application takes the key from its
queue*, and a Tab or an Enter only moves the focus once the field has handled it (bubbled
back to the screen's binding, or a `Submitted` message and a `.focus()` that waits for
`call_later`). A paste-like burst (`tmux send-keys`, a remote desktop catching up, a
loaded laptop) of "name Tab town" therefore put "town" into the name field: the signer
name printed on notices was the four setup fields glued together.

Priority bindings run when the application takes the key, in the order typed, before any
later key is handed on; `Screen.set_focus` (and `focus_next`) move the focus at once. So
Tab and Shift+Tab of every dialog are priority bindings here, and a form whose Enter moves
to the next field says so with `enter_moves_on` and gets a priority Enter as well.

The editing keys of a line or text field (Backspace, Delete, Home, End, Ctrl+U, Ctrl+K,
Ctrl+W, the arrows ...) are the field's own bindings, and Textual looks a binding up only
when the key has bubbled back to the application, behind the keys queued after it: by then
a Tab further on had moved the focus, and Ctrl+U cleared the field typed into before
(walk7b N2: 「措置を記録」's 内容 lost). `FIELD_KEYS` takes each of them when the application
takes the key, while the field it was typed into is focused, and runs the field's binding in
that field's own queue, behind the characters typed before it and before those typed after.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, cast

from textual.actions import SkipAction
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Input, TextArea

from inspector.tui.bindings import declared_bindings
from inspector.tui.widgets.paragraph_field import ParagraphField

if TYPE_CHECKING:
    from textual.screen import Screen

    from inspector.i18n import Translator

FOCUS_KEYS: list[BindingType] = [
    Binding("tab", "move_focus(1)", "next field", show=False, priority=True, id="modal.next_field"),
    Binding(
        "shift+tab",
        "move_focus(-1)",
        "previous field",
        show=False,
        priority=True,
        id="modal.previous_field",
    ),
]
"""Tab and Shift+Tab, moving the focus before the next key is handed on."""

TEXT_FIELDS: tuple[type[Widget], ...] = (Input, TextArea)
"""The fields whose editing keys are taken for them (`FIELD_KEYS`)."""

_EDITING_KEYS = sorted(
    {
        binding.key
        for field in TEXT_FIELDS
        for binding in Binding.make_bindings(field.BINDINGS)
        if binding.key not in ("tab", "shift+tab", "enter")
    }
)

FIELD_KEYS: list[BindingType] = [
    Binding(
        key,
        f"field_key({key!r})",
        "edit the field",
        show=False,
        priority=True,
        id="modal.field_key",
        system=True,  # the field's own keys: not listed in help nor in the palette
    )
    for key in _EDITING_KEYS
]
"""Every key a line or text field binds (Ctrl+U, Backspace, Home ...): run by the field
focused when the key is taken, in the field's own order (`FormKeys.action_field_key`)."""

FOCUS_KEYS = FOCUS_KEYS + FIELD_KEYS

ENTER_KEY: list[BindingType] = [
    Binding(
        "enter", "enter_field", "next field", show=False, priority=True, id="modal.enter_field"
    ),
]
"""Enter in a form's line field: the next field, or save on the last; in a paragraph field
(`ParagraphField`), what the form says of it (`FormKeys`)."""

HINT_KEYS = "tui9b.keys"
"""The catalogue's words for each key of a form (`keys_hint`)."""


def keys_hint(t: Translator, *keys: str) -> Content:
    """A form's hint line: for each of `keys` (``enter_next``, ``enter_save``, ``ctrl_s``,
    ``esc`` ... in `tui9b.keys`) what it does, in the same words in every form (walk8b L1:
    Enter saved on the last field while the hint said 「Tab / Enter: 次の項目」). Plain
    content: a key's name such as ``[`` is never read as markup."""
    separator = t(f"{HINT_KEYS}.separator")
    return Content(separator.join(t(f"{HINT_KEYS}.{key}") for key in keys))


class FormKeys:
    """Mixed into a dialog: the actions of `FOCUS_KEYS` and `ENTER_KEY`."""

    def action_move_focus(self, step: int) -> None:
        screen = cast("Screen[object]", self)
        if step > 0:
            screen.focus_next()
        else:
            screen.focus_previous()

    def action_field_key(self, key: str) -> None:
        """`key`, an editing key of the focused line or text field: its binding, run by
        that field once it has taken the keys typed before (anything else focused, or a
        key that field does not bind, goes on as Textual hands it)."""
        field = cast("Screen[object]", self).focused
        if not isinstance(field, TEXT_FIELDS):
            raise SkipAction()
        bindings = declared_bindings(field).key_to_bindings.get(key)
        if not bindings:
            raise SkipAction()
        field.call_later(field.run_action, bindings[0].action)

    def action_enter_field(self) -> None:
        """In a line field of a form that moves on with Enter, or a paragraph field:
        `field_entered` at once (anything else, a select, a list or a note's text area,
        has Enter as Textual gives it)."""
        field = cast("Screen[object]", self).focused
        if not isinstance(field, (Input, TextArea)) or not self.enter_moves_on(field):
            raise SkipAction()
        self.field_entered(field)

    def enter_moves_on(self, field: Input | TextArea) -> bool:
        """Whether Enter in `field` is the form's "next field / save" (default: in a
        paragraph field only, where a line break is not wanted)."""
        return isinstance(field, ParagraphField)

    def field_entered(self, field: Input | TextArea) -> None:
        """Enter in `field`: the next text field, or save on the last."""
        screen = cast("Screen[object]", self)
        fields = [w for w in screen.query("Input, TextArea") if w.focusable]
        if fields and field is fields[-1]:
            self.after_typed(self.save_form)
        else:
            screen.set_focus(fields[fields.index(field) + 1])

    def save_form(self) -> None:
        """Enter on the last line field: the dialog's `action_save`."""
        save = getattr(self, "action_save", None)
        if callable(save):
            save()

    def after_typed(self, callback: Callable[[], object]) -> None:
        """Run `callback` once every line field has taken the keys already handed to it:
        a priority Enter runs before the characters typed just before it are in their
        field (each field takes its keys from its own queue). A callback queued behind
        them, field after field, reads what was typed."""
        fields = list(cast("Screen[object]", self).query("Input, TextArea"))

        def step(index: int) -> None:
            if index == len(fields):
                callback()
            else:
                fields[index].call_later(step, index + 1)

        step(0)


__all__ = ["ENTER_KEY", "FIELD_KEYS", "FOCUS_KEYS", "FormKeys", "keys_hint"]

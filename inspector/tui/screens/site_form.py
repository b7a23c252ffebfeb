"""A small keyboard form for the site registers: one line per field (text, yes/no or a
choice), checked when saved; the problem is shown under the fields and the cursor goes
to the field to correct.

Subclasses give the fields and `parse`, which turns the typed values into the result or
raises `FormProblem`. Enter moves to the next field (and saves on the last), Ctrl+S saves,
Esc cancels (the result is then None; asked first when something was typed); the hint says
so, in the words of every form (`keys_hint`). The cursor starts on the first required field
left empty, and a value filled in beforehand (today's date, the box's place) is not
selected: a key typed adds to it, never replaces it (walk8b L4). The labels are as wide as the form's longest (in
terminal cells, with its required mark), so none is cut; the fields take what is left. The
fields are a line apart when the terminal is tall enough, else one under the other, so
that the hint under them always shows (a form of 8 fields at 24 lines).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Generic, TypeVar

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, TextArea

from inspector.context import AppContext
from inspector.domain.dates import parse_date, parse_local_datetime
from inspector.tui.controls import Checked, refuse_controls
from inspector.tui.form_keys import ENTER_KEY, keys_hint
from inspector.tui.message_lines import message_breaks, message_text
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.safe_input import SafeInput
from inspector.tui.wrapping import Wrapped

ResultT = TypeVar("ResultT")


@dataclass(frozen=True)
class FormField:
    """One line of the form; `label` is already translated."""

    name: str
    label: str
    value: str | bool = ""
    check: bool = False
    choices: tuple[tuple[str, str], ...] = ()  # (label, value)
    required: bool = False


def parse_moment(text: str) -> datetime:
    """`2025-06-02 09:30`, `2025/6/2 9:30` or a date alone (midnight); naive local time."""
    return parse_local_datetime(text)


class FormProblem(ValueError):
    """A value to correct: `message` for the user, `field` to put the cursor on."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


FormValues = dict[str, str | bool]


class SiteFormScreen(InspectorModal[ResultT | None], Generic[ResultT]):
    """A form returning the parsed result, or None when cancelled."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
        *ENTER_KEY,
    ]

    def __init__(self, context: AppContext, title: str, subtitle: str = "") -> None:
        super().__init__(context)
        self.title_text = title
        self.subtitle = subtitle

    # -- for subclasses ------------------------------------------------------------------

    def fields(self) -> list[FormField]:
        raise NotImplementedError

    def parse(self, values: FormValues) -> ResultT:
        raise NotImplementedError

    def required(self, values: FormValues, *names: str) -> None:
        """Raise for the first of `names` left empty."""
        for name in names:
            if not str(values.get(name, "")).strip():
                label = next(f.label for f in self._fields if f.name == name)
                raise FormProblem(name, self.t("site.form.required", field=label))

    # -- composition ---------------------------------------------------------------------

    def label_width(self) -> int:
        """The cells of the longest label with its required mark, and one to space it from
        its field."""
        return 1 + max((cell_len(self._label_text(f)) for f in self._fields), default=0)

    @staticmethod
    def _label_text(spec: FormField) -> str:
        return spec.label + (" *" if spec.required else "")

    def compose(self) -> ComposeResult:
        self._fields = self.fields()
        width = self.label_width()
        with Vertical(classes="dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            if self.subtitle:
                yield Label(plain(self.subtitle), classes="dialog-text")
            for spec in self._fields:
                widget_id = f"form-{spec.name}"
                with Horizontal(classes="form-row"):
                    label = Label(self._label_text(spec), classes="form-label")
                    label.styles.width = width
                    yield label
                    if spec.check:
                        yield Checkbox("", bool(spec.value), id=widget_id, compact=True)
                    elif spec.choices:
                        yield Select(
                            spec.choices,
                            value=str(spec.value) or spec.choices[0][1],
                            allow_blank=False,
                            id=widget_id,
                            compact=True,
                        )
                    else:
                        yield SafeInput(
                            str(spec.value), id=widget_id, compact=True, select_on_focus=False
                        )
            yield Label("", id="form-error", classes="dialog-error")
            yield Label(keys_hint(self.t, *self._hint_keys()), classes="dialog-hint")

    def _hint_keys(self) -> list[str]:
        """Tab, what Enter does, Space when the form has a check box, save and cancel."""
        checks = ["space_check"] if any(spec.check for spec in self._fields) else []
        return ["tab", "enter_next", *checks, "ctrl_s", "esc"]

    def on_mount(self) -> None:
        self._fit_height(self.app.size.height)
        self.set_focus(self._widget(self.first_field()))  # now, not after queued keys

    def first_field(self) -> str:
        """The field the cursor starts on: the first required one left empty (walk8b L4:
        on a date filled in with today, the place typed first went into the date), else
        the first."""
        for spec in self._fields:
            if spec.required and not str(spec.value).strip():
                return spec.name
        return self._fields[0].name

    def on_resize(self, event: events.Resize) -> None:
        self._fit_height(event.size.height)

    def _fit_height(self, height: int) -> None:
        """No line between the fields when the spaced form is taller than the dialog may be
        (90% of the screen): the border, the title (and subtitle with its margin), two lines
        a field, the problem and the hint."""
        spaced = 2 + 1 + (2 if self.subtitle else 0) + 2 * len(self._fields) + 2
        self.query_one(".dialog").set_class(spaced > height * 9 // 10, "-tight")

    def _widget(self, name: str) -> Widget:
        return self.query_one(f"#form-{name}")

    def values(self) -> FormValues:
        found: FormValues = {}
        for spec in self._fields:
            widget = self._widget(spec.name)
            if isinstance(widget, Checkbox):
                found[spec.name] = widget.value
            elif isinstance(widget, Select):
                found[spec.name] = str(widget.value)
            elif isinstance(widget, Input):
                found[spec.name] = widget.value.strip()
        return found

    def set_value(self, name: str, value: str | bool) -> None:
        """Fill a field (tests and defaults that depend on other fields)."""
        widget = self._widget(name)
        if isinstance(widget, Checkbox):
            widget.value = bool(value)
        elif isinstance(widget, (Select, Input)):
            widget.value = str(value)

    def enter_moves_on(self, field: Input | TextArea) -> bool:
        """Enter in a line field: the next field (a select or check box too), or save on
        the last line field; at once, so a burst typed after it lands there (walk7 H3)."""
        return True

    def action_enter_field(self) -> None:
        """Enter on a check box or a closed choice goes on to the next field too, as the
        hint says (Space checks the box, and opens the choice's list, as ↓ does); in a line
        field, as `FormKeys` does."""
        if isinstance(self.focused, (Checkbox, Select)):
            self.focus_next()
            return
        super().action_enter_field()

    def field_entered(self, field: Input | TextArea) -> None:
        inputs = [w for w in self.query(Input)]
        if inputs and field is inputs[-1]:
            self.after_typed(self.action_save)
        else:
            self.focus_next()

    def action_save(self) -> None:
        """Check the values and return them: a control character in a line is refused
        first, naming the field (every register's entry is stored and printed)."""
        lines = [
            Checked(f"#form-{spec.name}", spec.label, widget.value)
            for spec in self._fields
            if isinstance(widget := self._widget(spec.name), Input)
        ]
        if refuse_controls(self, self.t, lines, show=self.show_problem):
            return
        try:
            result = self.parse(self.values())
        except FormProblem as problem:
            self.show_problem(problem.message)
            self._widget(problem.field).focus()
            return
        self.dismiss(result)

    shown_problem = ""
    """The problem shown under the fields ('' when none)."""

    def show_problem(self, message: str) -> None:
        """`message` under the fields, wrapped by the line-break rule with its particles
        beside the date or word before them (walk8b L2: 「… 2025-06-02」 / 「の形で…」)."""
        self.shown_problem = message
        label = self.query_one("#form-error", Label)
        label.update(Wrapped(message_text(message), message_breaks))
        self.call_after_refresh(label.scroll_visible, animate=False)

    def action_cancel(self) -> None:
        """Close without saving: at once when no field changed, else after asking (walk7
        H2: Esc threw away a whole typed entry)."""
        self.cancel_keeping_work()


__all__ = [
    "FormField",
    "FormProblem",
    "FormValues",
    "SiteFormScreen",
    "parse_date",
    "parse_moment",
]

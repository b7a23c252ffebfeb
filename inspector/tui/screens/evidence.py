"""Attaching evidence files (photos taken on site, scans) to an item by their paths."""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, TextArea

from inspector.context import AppContext
from inspector.domain.checklist import Item
from inspector.tui.controls import Checked, refuse_controls
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.widgets.safe_input import SafeTextArea


class EvidenceScreen(InspectorModal[tuple[str, ...] | None]):
    """Returns the paths, one per non-empty line, or None when cancelled. Paths that do not
    exist are kept (the card may be read later) but named in a warning."""

    BINDINGS = [
        Binding("ctrl+s", "save", "save", id="modal.save"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(
        self, context: AppContext, paths: tuple[str, ...], item: Item | None = None
    ) -> None:
        super().__init__(context)
        self.item = item
        """The item it is for, named under the title: a key typed after an answer moved the
        cursor on must not write to an item the user did not mean (walk7b N1)."""
        self.paths = paths

    def compose(self) -> ComposeResult:
        text = "\n".join(self.paths)
        with Vertical(classes="dialog"):
            yield Label(self.t("tui.evidence.title"), classes="dialog-title")
            if self.item is not None:
                yield Label(plain(self.item.text.get(self.t.lang)), classes="dialog-text")
            yield SafeTextArea(text, id="evidence-text", soft_wrap=False)
            yield Label(self.t("tui.evidence.hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        """Keep the paths; a path holding a control character is refused, naming it (line
        breaks part the paths; a tab or a lone CR in one is refused too)."""
        typed = self.query_one(TextArea).text.replace("\r\n", "\n").split("\n")
        label = self.t("tuictl.field.evidence")
        if refuse_controls(self, self.t, [Checked("#evidence-text", label, p) for p in typed]):
            return
        lines = [line.strip() for line in typed]
        paths = tuple(dict.fromkeys(line for line in lines if line))
        missing = [p for p in paths if not Path(p).expanduser().exists()]
        if missing:
            self.notify(
                self.t("tui.evidence.missing", paths=", ".join(missing)), severity="warning"
            )
        self.dismiss(paths)

    def action_cancel(self) -> None:
        """Close without changing the evidence (asks first when it was changed)."""
        self.cancel_keeping_work()

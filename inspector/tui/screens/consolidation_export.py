"""Export the consolidation from its screen (`e`): the counts shown, for the checklist and
organizations shown, as an Excel workbook (`inspector consolidate --xlsx PATH`) or as the
PDF with bar charts (`inspector report summary -o PATH`). The file is offered in the last
folder used; an existing file is replaced only after a yes; the file is written in a
worker, and the result names it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Select

from inspector.context import AppContext
from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import Consolidation
from inspector.i18n import render
from inspector.services.consolidation_export import (
    FORMATS,
    ExportFormat,
    default_export_name,
)
from inspector.tui.controls import WRITTEN, Checked, refuse_controls
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.safe_input import SafeInput

if TYPE_CHECKING:
    from inspector.tui.screens.base import InspectorScreen

_K = "office9a.export."


@dataclass(frozen=True)
class ExportChoice:
    fmt: ExportFormat
    out: Path
    force: bool = False


class ExportScreen(InspectorModal[ExportChoice | None]):
    """The format and the file of the export."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("ctrl+s", "submit", "make", id="office9a.form_submit"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(
        self, context: AppContext, checklist: Checklist, codes: Sequence[str], scope: str
    ) -> None:
        super().__init__(context)
        from inspector.tui.last_folders import last_folder

        self.checklist = checklist
        self.codes = tuple(codes)
        self.scope = scope
        self.folder = last_folder("consolidation")
        self._suggested = ""

    def compose(self) -> ComposeResult:
        t = self.t
        title = self.checklist.title.get(t.lang)
        with Vertical(classes="dialog", id="export-dialog"):
            yield Label(t(_K + "title"), classes="dialog-title")
            yield Label(
                plain(t(_K + "scope", checklist=title, id=self.checklist.id, scope=self.scope)),
                classes="dialog-text",
            )
            yield Label(t(_K + "format"))
            yield Select(
                [(t(_K + fmt), fmt) for fmt in FORMATS],
                value="xlsx",
                allow_blank=False,
                compact=True,
                id="export-format",
            )
            yield Label(t(_K + "path"))
            yield SafeInput(compact=True, id="export-path")
            yield Label("", classes="dialog-error", id="export-error")
            yield Label(t(_K + "hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self._suggest()
        self.query_one(Select).focus()

    def _format(self) -> ExportFormat:
        return "pdf" if self.query_one(Select).value == "pdf" else "xlsx"

    @on(Select.Changed)
    def _suggest(self) -> None:
        """The file named for the format, while the user has not typed another."""
        field = self.query_one("#export-path", Input)
        if field.value and field.value != self._suggested:
            return
        name = default_export_name(self.checklist.id, self._format(), self.codes)
        self._suggested = str(self.folder / name)
        field.value = self._suggested

    @on(Input.Submitted)
    def _entered(self) -> None:
        self.action_submit()

    def action_submit(self) -> None:
        """Hand the format and file back."""
        text = self.query_one("#export-path", Input).value.strip()
        raw = self.query_one("#export-path", Input).value
        line = [Checked("#export-path", self.t(_K + "path"), raw)]
        show = partial(self.show_error, self.query_one("#export-error", Label))
        if refuse_controls(self, self.t, line, key=WRITTEN, show=show):
            return
        if not text:
            self.show_error(self.query_one("#export-error", Label), self.t(_K + "no_path"))
            return
        out = Path(text).expanduser()
        if out.is_dir():
            out = out / default_export_name(self.checklist.id, self._format(), self.codes)
        self._checked(ExportChoice(self._format(), out))

    def _checked(self, choice: ExportChoice) -> None:
        """Hand the choice back once the file may be written: a refusal (a missing folder)
        is said under the field and a "no" to replacing a file returns to it, the typed
        path kept (office15), as the follow-up report's dialog does."""
        from inspector.output_files import OutputError, OutputExists
        from inspector.tui.screens.confirm import ConfirmScreen

        t = self.t
        field = self.query_one("#export-path", Input)
        try:
            self.context.output_guard().check(choice.out)
        except OutputExists:

            def answered(yes: bool | None) -> None:
                if yes:
                    self.dismiss(replace(choice, force=True))
                else:
                    field.focus()

            question = t(_K + "replace", path=choice.out)
            self.app.push_screen(ConfirmScreen(self.context, question), answered)
            return
        except OutputError as exc:
            self.show_error(
                self.query_one("#export-error", Label), t(_K + "failed", why=render(exc, t))
            )
            field.focus()
            return
        self.dismiss(choice)

    def action_cancel(self) -> None:
        """Close; asks first when a field was changed."""
        self.cancel_keeping_work()


def start_export(
    screen: InspectorScreen,
    checklist: Checklist,
    result: Consolidation,
    codes: Sequence[str],
    scope: str,
) -> None:
    """From the consolidation screen: the dialog, a yes before replacing a file, then the
    file written in a worker."""

    def chosen(choice: ExportChoice | None) -> None:
        if choice is not None:  # checked by the dialog (a yes given to replace a file)
            _write(screen, checklist, result, codes, choice, force=choice.force)

    screen.app.push_screen(ExportScreen(screen.context, checklist, codes, scope), chosen)


def _write(
    screen: InspectorScreen,
    checklist: Checklist,
    result: Consolidation,
    codes: Sequence[str],
    choice: ExportChoice,
    *,
    force: bool,
) -> None:
    from inspector.services.consolidation_export import export_consolidation
    from inspector.tui.output_errors import output_failure
    from inspector.tui.screens.work_progress import Progress, WorkProgressScreen

    t = screen.t

    def job(progress: Progress) -> Path:
        progress(0, 1, t(_K + "writing", path=choice.out))
        return export_consolidation(
            screen.context, checklist, result, choice.out, choice.fmt, codes, force=force
        )

    def written(path: Path) -> str:
        return t(_K + "done", path=path.resolve())

    def finished(path: Path | None) -> None:
        if path is None:
            return
        from inspector.tui.last_folders import remember_folder

        remember_folder("consolidation", path.parent)
        screen.notify(written(path))

    progress = WorkProgressScreen(
        screen.context,
        t(_K + "progress_title"),
        job,
        written,
        lambda exc: output_failure(exc, t, _K + "failed"),
    )
    screen.app.push_screen(progress, finished)


__all__ = ["ExportChoice", "ExportScreen", "start_export"]

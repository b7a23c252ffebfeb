"""Hand out self-check forms from the collection screen (`d`): for one checklist, the
organizations to write a workbook for (every one at first; a department includes the
sections below it, as `selfcheck distribute --organization` does), one workbook per person
for a person checklist, the due date printed on the cover, and the folder (the last one
used is offered). Returns a `DistributeChoice`; the collection screen writes the files."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Checkbox, Input, Label, SelectionList

from inspector.context import AppContext
from inspector.domain.checklist import Checklist, Unit
from inspector.domain.dates import parse_date
from inspector.i18n import render
from inspector.services.form_distribution import due_problem
from inspector.tui.controls import WRITTEN, Checked, refuse_controls
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.stylesheet import beside
from inspector.tui.widgets.safe_input import SafeInput

if TYPE_CHECKING:
    from inspector.tui.screens.base import InspectorScreen

_K = "office9a.distribute."
_C = "office9a.collection."


@dataclass(frozen=True)
class DistributeChoice:
    """What `selfcheck distribute` is given."""

    checklist_id: str
    codes: tuple[str, ...]
    """The organizations chosen; empty: every organization."""
    per_person: bool
    due: date | None
    folder: Path


class DistributeScreen(InspectorModal[DistributeChoice | None]):
    """The distribution's options for one checklist."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("ctrl+s", "submit", "make", id="office9a.distribute_submit"),
        Binding("a", "toggle_all", "all", show=False, id="office9a.distribute_all"),
        Binding("escape", "cancel", "cancel", id="modal.cancel"),
    ]

    def __init__(self, context: AppContext, checklist: Checklist, folder: Path) -> None:
        super().__init__(context)
        self.checklist = checklist
        self.folder = folder

    def compose(self) -> ComposeResult:
        t, lang = self.t, self.t.lang
        organizations = sorted(self.context.repo.organizations(), key=lambda o: o.code)
        with VerticalScroll(classes="dialog", id="distribute-dialog"):
            yield Label(t(_K + "title"), classes="dialog-title")
            yield Label(
                plain(
                    t(_K + "checklist", title=self.checklist.title.get(lang), id=self.checklist.id)
                ),
                classes="dialog-text",
            )
            yield Label(t(_K + "organizations"))
            yield SelectionList[str](
                *[(plain(f"{o.code} {o.name}"), o.code, True) for o in organizations],
                id="distribute-organizations",
            )
            if self.checklist.unit is Unit.RESPONDENT:
                yield Checkbox(t(_K + "per_person"), id="distribute-per-person", compact=True)
            yield Label(t(_K + "due"))
            yield SafeInput(
                id="distribute-due", compact=True, placeholder=t(_K + "due_placeholder")
            )
            yield Label(t(_K + "folder"))
            yield SafeInput(str(self.folder), id="distribute-folder", compact=True)
            yield Label("", classes="dialog-error", id="distribute-error")
            yield Label(t(_K + "hint"), classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(SelectionList).focus()

    def action_toggle_all(self) -> None:
        """Choose every organization, or none."""
        chosen = self.query_one(SelectionList)
        if len(chosen.selected) == chosen.option_count:
            chosen.deselect_all()
        else:
            chosen.select_all()

    @on(Input.Submitted)
    def _entered(self) -> None:
        self.action_submit()

    def _error(self, text: str, field: str) -> None:
        self.show_error(self.query_one("#distribute-error", Label), text)
        self.query_one(field).focus()

    def _refused(self, text: str) -> None:
        self.show_error(self.query_one("#distribute-error", Label), text)

    def action_submit(self) -> None:
        """Check the fields and hand the choice back."""
        t = self.t
        fields = [("#distribute-due", _K + "due"), ("#distribute-folder", _K + "folder")]
        lines = [Checked(s, t(k), self.query_one(s, Input).value) for s, k in fields]
        if refuse_controls(self, t, lines, key=WRITTEN, show=self._refused):
            return  # a due date printed into every workbook, a folder: nothing is made
        chosen: SelectionList[str] = self.query_one(SelectionList)
        codes = tuple(chosen.selected)
        if not codes:
            self._error(t(_K + "none_chosen"), "#distribute-organizations")
            return
        if len(codes) == chosen.option_count:
            codes = ()  # every organization, as without --organization
        typed = self.query_one("#distribute-due", Input).value.strip()
        due = None
        if typed:
            try:
                due = parse_date(typed)
            except ValueError as exc:
                said = render(exc, t)
                self._error(t(_K + "bad_due", value=typed, why=said), "#distribute-due")
                return
            # the CLI's rule (doc10): in range, after today, on a business day
            problem = due_problem(due, self.context.settings.lang)
            if problem is not None:
                self._error(t("doc10.due_refused", value=typed, why=problem), "#distribute-due")
                return
        folder_text = self.query_one("#distribute-folder", Input).value.strip()
        if not folder_text:
            self._error(t(_K + "no_folder"), "#distribute-folder")
            return
        per_person = (
            bool(self.query("#distribute-per-person"))
            and self.query_one("#distribute-per-person", Checkbox).value
        )
        folder = Path(folder_text).expanduser()
        self.dismiss(DistributeChoice(self.checklist.id, codes, per_person, due, folder))

    def action_cancel(self) -> None:
        """Close; asks first when a field was changed."""
        self.cancel_keeping_work()


def start_distribution(screen: InspectorScreen, then: Callable[[], object]) -> None:
    """From `screen`: the checklist, the options, a yes before replacing a workbook, then
    the workbooks written in a worker with a progress bar; `then()` once it is over."""
    from inspector.tui.screens.checklist_picker import ChecklistPicker

    def picked(checklist_id: str | None) -> None:
        if checklist_id is None:
            return
        from inspector.tui.last_folders import last_folder

        checklist = screen.context.catalog.get(checklist_id)
        dialog = DistributeScreen(screen.context, checklist, last_folder("forms"))
        screen.app.push_screen(dialog, lambda choice: _chosen(screen, choice, then))

    picker = ChecklistPicker(screen.context, None, "office15.distribute_pick_title")
    screen.app.push_screen(picker, picked)


def _chosen(
    screen: InspectorScreen, choice: DistributeChoice | None, then: Callable[[], object]
) -> None:
    """The files planned; those already there replaced only after a yes."""
    from inspector.services.form_distribution import planned_files

    if choice is None:
        return
    try:
        planned = planned_files(
            screen.context,
            choice.checklist_id,
            choice.codes,
            choice.folder,
            per_person=choice.per_person,
        )
    except Exception as exc:
        screen.notify(screen.describe(exc), severity="error", timeout=12)
        return
    if not planned.existing:
        _hand_out(screen, choice, False, then)
        return
    question = screen.t(
        _C + "replace_question",
        count=len(planned.existing),
        total=len(planned.names),
        folder=planned.folder,
        first=planned.existing[0].name,
    )

    def answered(yes: bool | None) -> None:
        if yes:
            _hand_out(screen, choice, True, then)

    screen.app.push_screen(ConfirmScreen(screen.context, question), answered)


def _hand_out(
    screen: InspectorScreen, choice: DistributeChoice, force: bool, then: Callable[[], object]
) -> None:
    from inspector.services.form_distribution import distribute
    from inspector.tui.output_errors import output_failure
    from inspector.tui.screens.work_progress import Progress, WorkProgressScreen

    t = screen.t

    def job(progress: Progress) -> list[Path]:
        return distribute(
            screen.context,
            choice.checklist_id,
            choice.codes,
            choice.folder,
            per_person=choice.per_person,
            due=choice.due,
            force=force,
            step=lambda done, total: progress(
                done, total, t(_C + "writing", done=done, total=total)
            ),
        )

    def written(paths: list[Path]) -> str:
        folder = paths[0].parent.resolve() if paths else choice.folder
        return t(_C + "written", count=len(paths), folder=folder)

    def finished(paths: list[Path] | None) -> None:
        if paths:
            from inspector.tui.last_folders import remember_folder

            remember_folder("forms", paths[0].parent)
            screen.notify(written(paths))
        then()

    progress = WorkProgressScreen(
        screen.context,
        t(_C + "progress_title"),
        job,
        written,
        lambda exc: output_failure(exc, t, _C + "failed"),
    )
    screen.app.push_screen(progress, finished)


__all__ = ["DistributeChoice", "DistributeScreen", "start_distribution"]

"""回収状況: the self-check forms handed out as Excel workbooks, returned or not, and what
the last collect started here refused (file, sheet, cell, why). `o` collects a file or a
folder (as `inspector selfcheck collect`); each file all or nothing. The field above the
table (`m`) names the manager who heard the staff of roster forms, recorded on their
hearings as `collect --manager NAME` does (the same service, rules and refusals).

Open with `app.push_screen(CollectionScreen(context))`.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Label, Static

from inspector.context import AppContext
from inspector.tui.dates import moment_text
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain, plain_cell
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.prompt import PromptScreen
from inspector.tui.stylesheet import beside
from inspector.tui.text import fit


class FormsLoaded(Message):
    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows


class Collected(Message):
    def __init__(self, summary: str, refused: list[str]) -> None:
        super().__init__()
        self.summary = summary
        self.refused = refused


class CollectionScreen(InspectorScreen):
    """Every distributed form with its 回収状況; the refusals of the last collect below."""

    CATEGORY = "collection"
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("o", "collect", "collect", id="collection.collect"),
        Binding("m", "manager", "manager", id="collection.manager"),
        Binding("ctrl+r", "refresh", "refresh", show=False, id="collection.refresh"),
        Binding("escape", "back", "back", id="collection.back"),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.refused: list[str] = []

    def compose(self) -> ComposeResult:
        t = self.t
        yield Label(t("excel.status.title"), id="collection-title", classes="area-title")
        with Horizontal(id="collection-manager-row"):
            yield Label(t("tui.collection.manager_label"), id="collection-manager-label")
            yield Input(
                placeholder=t("tui.collection.manager_placeholder"),
                compact=True,
                id="collection-manager",
            )
        table: DataTable[str] = DataTable(
            id="collection-table", cursor_type="row", zebra_stripes=True
        )
        yield table
        yield Label(t("tui.collection.refused_title"), id="collection-refused-title")
        yield Static(t("tui.collection.no_refusals"), id="collection-refused")
        yield Label(t("tui.collection.loading"), id="collection-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        t = self.t
        table = self.query_one(DataTable)
        for key in (
            "form",
            "organization",
            "respondent",
            "returned",
            "returned_at",
            "answers",
            "blank",
        ):
            table.add_column(t(f"excel.status.{key}"), key=key)
        table.add_column(t("tui.collection.checklist"), key="checklist")
        table.focus()
        self._load()

    def action_refresh(self) -> None:
        """Reload the forms."""
        self._load()

    def action_back(self) -> None:
        """Back to the previous screen."""
        self.app.pop_screen()

    def action_manager(self) -> None:
        """Name the manager who heard the staff of the roster forms collected next."""
        self.query_one("#collection-manager", Input).focus()

    @on(Input.Submitted, "#collection-manager")
    def _manager_given(self) -> None:
        self.query_one(DataTable).focus()

    def action_collect(self) -> None:
        """Collect a returned workbook, or every workbook of a folder."""
        from inspector.services.errors import Refused
        from inspector.services.selfcheck_excel import manager_name

        typed = self.query_one("#collection-manager", Input).value
        try:
            # checked before the path is asked: a refused name is fixed in its field
            manager = manager_name(
                self.context, typed or None, self.t("tui.collection.manager_field")
            )
        except Refused as exc:
            self.notify(str(exc), severity="error", timeout=8)
            self.query_one("#collection-manager", Input).focus()
            return
        self.app.push_screen(
            PromptScreen(self.context, self.t("tui.collection.prompt"), required=True),
            lambda value: self._collect_path(value, manager),
        )

    def _collect_path(self, value: str | None, manager: str | None) -> None:
        if value:
            self._collect(Path(value.strip()).expanduser(), manager)

    @work(thread=True, exclusive=True, group="collection-load")
    def _load(self) -> None:
        from inspector.services.selfcheck_excel import form_status

        t = self.t
        try:
            statuses = form_status(self.context, None)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        rows: list[tuple[str, ...]] = []
        for s in statuses:
            if s.sent_back:
                state = t("excel.status.sent_back")
            else:
                state = t("excel.status.returned_yes" if s.returned else "excel.status.returned_no")
            when = s.form.returned_at
            rows.append(
                (
                    s.form.form_id,
                    s.organization,
                    s.respondent,
                    state,
                    moment_text(when, t),
                    str(s.form.answers) if s.returned else "",
                    str(s.form.blank) if s.returned else "",
                    s.form.checklist_id,
                )
            )
        self.post_message(FormsLoaded(rows))

    def on_forms_loaded(self, message: FormsLoaded) -> None:
        table = self.query_one(DataTable)
        table.clear()
        for row in message.rows:
            table.add_row(*map(plain_cell, row), key=row[0])
        returned = sum(1 for r in message.rows if r[5])
        status = self.t(
            "excel.status.summary",
            total=len(message.rows),
            returned=returned,
            pending=len(message.rows) - returned,
        )
        self.query_one("#collection-status", Label).update(status)

    @work(thread=True, exclusive=True, group="collection-collect")
    def _collect(self, path: Path, manager: str | None) -> None:
        from inspector.services import selfcheck_excel as service

        lang = self.context.settings.lang
        try:
            files = service.xlsx_files([path], lang)
            receipts = service.collect(self.context, files, manager=manager)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        refused = [
            line for r in receipts if not r.imported for line in service.problem_lines(r, lang)
        ]
        bad = sum(1 for r in receipts if not r.imported)
        summary = self.t(
            "excel.collect.summary", files=len(receipts), imported=len(receipts) - bad, refused=bad
        )
        self.post_message(Collected(summary, refused))

    def on_collected(self, message: Collected) -> None:
        self.refused = message.refused
        text = "\n".join(fit(line, 200) for line in message.refused)
        self.query_one("#collection-refused", Static).update(
            plain(text) if text else self.t("tui.collection.no_refusals")
        )
        self.notify(message.summary, severity="warning" if message.refused else "information")
        self._load()

"""回収状況: the self-check forms handed out as Excel workbooks, returned or not, and what
the last collect started here did not take in: the files refused (file, sheet, cell, why)
and, below them, what the files collected left out, as the CLI prints it (answers older
than the stored ones, rows of findings withdrawn since the export, rows whose plan changed
on both sides), in one scrollable area. `o` collects a file or a folder (a self-check form
as `inspector selfcheck collect`, a 改善計画書 as `plans collect`); each file all or
nothing. `t` collects again the files whose older answers were left out, taking them
(`collect --take-older`), after a yes. The field above the table (`m`) names the manager
who heard the staff of roster forms, recorded on their hearings as `collect --manager
NAME` does (the same service, rules and refusals).

Open with `app.push_screen(CollectionScreen(context))`.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Label, Static

from inspector.context import AppContext
from inspector.tui.dates import moment_text
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain, plain_cell
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.prompt import PromptScreen
from inspector.tui.stylesheet import beside
from inspector.tui.text import fit
from inspector.tui.wrapping import Wrapped


class FormsLoaded(Message):
    def __init__(self, rows: list[tuple[str, ...]]) -> None:
        super().__init__()
        self.rows = rows


class Collected(Message):
    def __init__(
        self,
        summary: str,
        refused: list[str],
        skipped: list[str] | None = None,
        older: tuple[list[Path], int, str | None] = ([], 0, None),
    ) -> None:
        super().__init__()
        self.summary = summary
        self.refused = refused
        self.skipped = skipped or []
        self.older = older
        """The files whose older answers were left out, how many, and the manager given."""


class CollectionScreen(InspectorScreen):
    """Every distributed form with its 回収状況; the refusals of the last collect below."""

    CATEGORY = "collection"
    DEFAULT_CSS = beside(__file__)
    BINDINGS = [
        Binding("o", "collect", "collect", id="collection.collect"),
        Binding("m", "manager", "manager", id="collection.manager"),
        Binding("t", "take_older", "take_older", id="collection.take_older"),
        Binding("r", "remind_forms", "remind", id="collection.remind"),  # office9b
        Binding("ctrl+r", "refresh", "refresh", show=False, id="collection.refresh"),
        Binding("escape", "back", "back", id="collection.back"),
    ]

    def __init__(self, context: AppContext) -> None:
        super().__init__(context)
        self.refused: list[str] = []
        self.skipped: list[str] = []
        self.older: tuple[list[Path], int, str | None] = ([], 0, None)

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
        with VerticalScroll(id="collection-results"):
            yield Static(t("tui.collection.no_refusals"), id="collection-refused")
            yield Static("", id="collection-skipped")
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

    def action_remind_forms(self) -> None:
        """督促: a reminder to each department whose self-check forms are not returned
        (office9b, `tui/reminder_flow.py`)."""
        from inspector.tui.reminder_flow import remind

        remind(self, organization_id=None, plans=False, forms=True, done=self._reminded)

    def _reminded(self, _written: int) -> None:
        self._load()

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
            PromptScreen(
                self.context,
                self.t("tui.collection.prompt"),
                required=True,
                check=self._path_problem,
            ),
            lambda value: self._collect_path(value, manager),
        )

    def _path_problem(self, value: str) -> str | None:
        """A path that names nothing collectable, said in the prompt (kept open with the
        path as typed, walk7b N3); the workbooks themselves are read by the collect."""
        path = Path(value.strip()).expanduser()
        if path.is_dir():
            try:
                names = [p.name for p in path.iterdir()]
            except OSError:
                return None  # the collect says what stops it reading the folder
            if any(n.lower().endswith(".xlsx") and not n.startswith("~$") for n in names):
                return None
            return self.t("excel.collect.no_files", path=path)
        if not path.is_file():
            return self.t("excel.collect.not_found", path=path)
        return None

    def _collect_path(self, value: str | None, manager: str | None) -> None:
        if value:
            self._collect([Path(value.strip()).expanduser()], manager)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_older":
            return bool(self.older[0])  # shown only when the last collect left some out
        return True

    def action_take_older(self) -> None:
        """Collect again the files whose older answers were left out, taking them over the
        newer stored ones (each listed; the replaced answers stay in the change log)."""
        files, count, manager = self.older
        if not files:
            return
        question = self.t("excel7.screen.take_older_question", files=len(files), count=count)

        def answered(yes: bool | None) -> None:
            if yes:
                self._collect(files, manager, take_older=True)

        self.app.push_screen(ConfirmScreen(self.context, question), answered)

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
        if not message.rows:  # a first visit: say where the forms come from
            status = self.t("lead7.collection_none")
        self.query_one("#collection-status", Label).update(status)

    @work(thread=True, exclusive=True, group="collection-collect")
    def _collect(self, paths: list[Path], manager: str | None, take_older: bool = False) -> None:
        from inspector.exchange.workbooks.collect import FileReceipt
        from inspector.services import collect_returns as service
        from inspector.services.excel_collect import problem_lines, xlsx_files

        lang = self.context.settings.lang
        try:
            files = xlsx_files(paths, lang)
            receipts = service.collect(self.context, files, manager, take_older)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        refused = [line for r in receipts if not r.imported for line in problem_lines(r, lang)]
        hint = "excel7.screen.older_hint"
        skipped = [
            line for r in receipts if r.imported for line in service.skipped_lines(r, lang, hint)
        ]
        older = [r for r in receipts if isinstance(r, FileReceipt) and r.counts.answers_older]
        count = sum(r.counts.answers_older for r in older)
        bad = sum(1 for r in receipts if not r.imported)
        summary = self.t(
            "excel.collect.summary", files=len(receipts), imported=len(receipts) - bad, refused=bad
        )
        left = ([r.path for r in older], count, manager)
        self.post_message(Collected(summary, refused, skipped, left))

    def on_collected(self, message: Collected) -> None:
        self.refused = message.refused
        self.skipped = message.skipped
        self.older = message.older
        text = "\n".join(fit(line, 200) for line in message.refused)
        refused = self.query_one("#collection-refused", Static)
        refused.update(plain(text) if text else self.t("tui.collection.no_refusals"))
        refused.display = bool(text) or not self.skipped  # （なし） only when nothing at all
        skipped = self.query_one("#collection-skipped", Static)
        if self.skipped:
            title = self.t("excel7.screen.skipped_title")
            # whole, as the CLI prints them, wrapped by the 禁則 rule (Rich breaks at spaces)
            skipped.update(Wrapped(plain_cell("\n".join([title, *self.skipped]))))
        skipped.display = bool(self.skipped)
        self.refresh_bindings()
        warn = message.refused or message.skipped
        self.notify(message.summary, severity="warning" if warn else "information")
        self._load()

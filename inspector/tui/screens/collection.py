"""回収状況: the self-check forms handed out as Excel workbooks, returned or not, and what
the last collect started here did not take in: the files refused (file, sheet, cell, why)
and, below them, what the files collected left out, as the CLI prints it (answers older
than the stored ones, rows of findings withdrawn since the export, rows whose plan changed
on both sides), in one scrollable area. `o` collects a file or a folder (a self-check form
as `inspector selfcheck collect`, a 改善計画書 as `plans collect`); each file all or
nothing. `t` collects again the files whose older answers were left out, taking them
(`collect --take-older`), after a yes. The field above the table (`m`) names the manager
who heard the staff of roster forms, recorded on their hearings as `collect --manager
NAME` does (the same service, rules and refusals). `d` hands out the forms of a checklist
(`selfcheck distribute`: `distribute_forms.py` asks what, the workbooks are written in a
worker with a progress bar, an existing workbook replaced only after a yes).

The table's columns fit 80 terminal columns (`FittedTable`); the highlighted form is shown
whole below it (organization with its department, respondent, checklist, file, dates).

Open with `app.push_screen(CollectionScreen(context))`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Footer, Input, Label, Static

from inspector.context import AppContext
from inspector.domain.dates import japan_time
from inspector.tui.controls import WRITTEN
from inspector.tui.dates import day_text, moment_text, short_day_text
from inspector.tui.messages import DbFailed
from inspector.tui.plain import plain, plain_cell
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.screens.confirm import ConfirmScreen
from inspector.tui.screens.prompt import PromptScreen
from inspector.tui.stylesheet import beside
from inspector.tui.text import Column, fit
from inspector.tui.widgets.fitted_table import FittedTable
from inspector.tui.widgets.safe_input import SafeInput
from inspector.tui.wrapping import Wrapped

if TYPE_CHECKING:
    from inspector.services.selfcheck_excel import FormStatus

_K = "office9a.collection."

COLUMNS = (
    Column("form", 15),
    Column("organization", 12, grow=2, widest=30),
    Column("respondent", 8, grow=1, widest=30),
    Column("state", 9),
    Column("returned_at", 12),
    Column("answers", 4),
    Column("blank", 6),
    Column("checklist", 0, grow=1, widest=50, least=30),
)
"""At 80 columns: the form id whole, the organization's code and name, the respondent
(only when a form has one), the state, the day returned, the counts; the checklist at a
wider terminal (and below the table, with everything else of the highlighted form). A
column is no wider than what it holds (`FittedTable.fit_content`): the cells it leaves go
to the organization and the respondent."""


class FormsLoaded(Message):
    def __init__(self, statuses: list[FormStatus], titles: dict[str, str]) -> None:
        super().__init__()
        self.statuses = statuses
        self.titles = titles
        """Checklist id -> its title in the interface language."""


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
        Binding("d", "distribute", "distribute", id="collection.distribute"),
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
        self.statuses: list[FormStatus] = []
        self.titles: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        t = self.t
        yield Label(t("excel.status.title"), id="collection-title", classes="area-title")
        with Horizontal(id="collection-manager-row"):
            yield Label(t("tui.collection.manager_label"), id="collection-manager-label")
            yield SafeInput(
                placeholder=t("tui.collection.manager_placeholder"),
                compact=True,
                id="collection-manager",
            )
        yield FittedTable(
            COLUMNS,
            lambda key: self.t(_K + "col." + key),
            self._show_rows,
            id="collection-table",
            cursor_type="row",
            zebra_stripes=True,
        )
        yield Static("", id="collection-detail")
        yield Label(t("tui.collection.refused_title"), id="collection-refused-title")
        with VerticalScroll(id="collection-results"):
            yield Static(t("tui.collection.no_refusals"), id="collection-refused")
            yield Static("", id="collection-skipped")
        yield Label(t("tui.collection.loading"), id="collection-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(FittedTable).focus()
        self._load()

    def action_refresh(self) -> None:
        """Reload the forms."""
        self._load()

    def action_back(self) -> None:
        """Back to the previous screen; asks first when a manager's name is typed (office15:
        Escape from the field lost it)."""
        if not self.unsaved_work():
            self.app.pop_screen()
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()
            else:
                self.query_one("#collection-manager", Input).focus()

        question = self.t("visit.discard_question")
        self.app.push_screen(ConfirmScreen(self.context, question), answered)

    def unsaved_work(self) -> str | None:
        """The manager's name typed and not yet used (`tui/unsaved.py`: Ctrl+Q asks)."""
        typed = self.query_one("#collection-manager", Input).value.strip()
        return self.t("office15.lost.collection_manager", name=typed) if typed else None

    def action_remind_forms(self) -> None:
        """督促: a reminder to each department whose self-check forms are not returned
        (office9b, `tui/reminder_flow.py`)."""
        from inspector.tui.reminder_flow import remind

        unreturned = sum(1 for s in self.statuses if not s.returned)
        remind(
            self,
            organization_id=None,
            plans=False,
            forms=True,
            done=self._reminded,
            unreturned=unreturned,
        )

    def _reminded(self, _written: int) -> None:
        self._load()

    def action_distribute(self) -> None:
        """Hand out the self-check forms of a checklist as Excel workbooks."""
        from inspector.tui.screens.distribute_forms import start_distribution

        start_distribution(self, self._load)

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
                control_key=WRITTEN,
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

        try:
            statuses = form_status(self.context, None)
            lang = self.t.lang
            titles = {c.id: c.title.get(lang) for c in self.context.catalog}
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.post_message(FormsLoaded(statuses, titles))

    def _state(self, s: FormStatus) -> str:
        if s.sent_back:
            return self.t("excel.status.sent_back")
        # the CLI's 回収済/未回収; in English shorter than its "not returned" (80 columns)
        return self.t(_K + ("state_yes" if s.returned else "state_no"))

    def _values(self, s: FormStatus) -> dict[str, str]:
        when = s.form.returned_at
        return {
            "form": s.form.form_id,
            "organization": s.organization,
            "respondent": s.respondent,
            "state": self._state(s),
            "returned_at": short_day_text(japan_time(when).date(), self.t) if when else "",
            "answers": str(s.form.answers) if s.returned else "",
            "blank": str(s.form.blank) if s.returned else "",
            "checklist": self.titles.get(s.form.checklist_id, s.form.checklist_id),
        }

    def _show_rows(self) -> None:
        """The forms in the table, each cell fitted to its column."""
        table = self.query_one(FittedTable)
        keep = table.cursor_key
        table.clear()
        rows = [self._values(s) for s in self.statuses]
        # the respondent column only when a form has one (roster and per-person forms)
        wanted = any(r["respondent"] for r in rows)
        specs = tuple(c for c in COLUMNS if wanted or c.key != "respondent")
        table.specs = specs  # fit_content makes the columns again when they change
        table.fit_content(rows)
        widths = table.widths
        for status, values in zip(self.statuses, rows, strict=True):
            cells = {}
            for key, value in values.items():
                numeric = key in ("answers", "blank")
                text = fit(value, widths.get(key, 0))
                cells[key] = Text(text, justify="right" if numeric else "left")
            table.add_cells(cells, key=status.form.form_id)
        keys = [s.form.form_id for s in self.statuses]
        if keep in keys:
            table.move_cursor(row=keys.index(keep))
        self._show_detail()

    @on(DataTable.RowHighlighted, "#collection-table")
    def _highlighted(self) -> None:
        self._show_detail()

    @property
    def detail_text(self) -> str:
        """The highlighted form as shown below the table (plain text)."""
        shown = self.query_one("#collection-detail", Static).content
        return shown.text.plain if isinstance(shown, Wrapped) else str(shown)

    def _show_detail(self) -> None:
        """The highlighted form whole, below the table."""
        detail = self.query_one("#collection-detail", Static)
        key = self.query_one(FittedTable).cursor_key
        status = next((s for s in self.statuses if s.form.form_id == key), None)
        if status is None:
            detail.update("")
            return
        t, form = self.t, status.form
        values = self._values(status)
        lines = [
            t(
                _K + "detail_form",
                form=form.form_id,
                organization=status.organization,
                state=values["state"],
            ),
            t(_K + "detail_checklist", title=values["checklist"], id=form.checklist_id),
        ]
        if status.respondent:
            lines.append(t(_K + "detail_respondent", respondent=status.respondent))
        facts = [t(_K + "detail_file", file=form.file_name)]
        if form.due is not None:
            facts.append(t(_K + "detail_due", day=day_text(form.due, t)))
        if status.returned:
            facts.append(
                t(
                    _K + "detail_returned",
                    moment=moment_text(form.returned_at, t),
                    answers=form.answers,
                    blank=form.blank,
                    not_applicable=form.not_applicable,
                )
            )
        lines.append("  ".join(facts))
        detail.update(Wrapped(plain_cell("\n".join(lines))))

    def on_forms_loaded(self, message: FormsLoaded) -> None:
        self.statuses = message.statuses
        self.titles = message.titles
        self._show_rows()
        returned = sum(1 for s in self.statuses if s.returned)
        total = len(self.statuses)
        status = self.t(
            "excel.status.summary", total=total, returned=returned, pending=total - returned
        )
        if not self.statuses:  # a first visit: say where the forms come from
            status = self.t("office9a.collection.none")
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

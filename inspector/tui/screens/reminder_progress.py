"""Making the reminders (督促状) from the interface: one PDF per department, written by a
worker thread (`services.reminders.issue_reminders`) while this dialog counts them. Signed
with the office key whose passphrase was asked (the notice's dialog), else drafts. Every
file is written by rename: when anything fails, nothing is left at its path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, LoadingIndicator, ProgressBar

from inspector.context import AppContext
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal

if TYPE_CHECKING:
    from inspector.services.reminders import Department


@dataclass(frozen=True)
class ReminderRequest:
    departments: tuple[Department, ...]
    folder: Path
    signer: str | None
    passphrase: bytes | None
    issue_date: date
    reply_by: date
    force: bool = False


class ReminderStep(Message):
    def __init__(self, done: int) -> None:
        super().__init__()
        self.done = done


class RemindersDone(Message):
    def __init__(self, paths: list[Path], signed: bool, warnings: list[str]) -> None:
        super().__init__()
        self.paths = paths
        self.signed = signed
        self.warnings = warnings


class RemindersFailed(Message):
    def __init__(self, error: str, warnings: list[str]) -> None:
        super().__init__()
        self.error = error
        self.warnings = warnings


class ReminderProgressScreen(InspectorModal[int]):
    """The reminders being written; returns how many were written."""

    BINDINGS = [Binding("escape", "close", "close", id="reminders.close")]

    def __init__(self, context: AppContext, request: ReminderRequest) -> None:
        super().__init__(context)
        self.request = request
        self.written: list[Path] = []
        self.error: str | None = None
        self.warnings: list[str] = []
        """What the service said without refusing (ledger lines skipped, numbers passed
        over, the ledger not written: rev10 D6), shown in the result."""
        self.running = True

    def compose(self) -> ComposeResult:
        t = self.t
        key = "office9b.tui.title" if self.request.signer else "office9b.tui.draft_title"
        total = len(self.request.departments)
        with Vertical(classes="dialog", id="reminder-dialog"):
            yield Label(t(key), classes="dialog-title")
            yield ProgressBar(total=total, show_eta=False, id="reminder-progress")
            yield Label(plain(t("office9b.tui.count", done=0, total=total)), id="reminder-count")
            yield LoadingIndicator(id="reminder-loading")
            yield Label("", id="reminder-result", classes="dialog-text")
            yield Label(t("office9b.tui.working"), classes="dialog-hint", id="reminder-hint")

    def on_mount(self) -> None:
        self._run()

    @work(thread=True, exclusive=True, group="reminders")
    def _run(self) -> None:
        from inspector.services.reminders import file_name, issue_reminders
        from inspector.tui.screens.document_progress import describe_notice_error

        request, context = self.request, self.context
        said: list[str] = []
        try:
            identity = None
            if request.signer is not None and request.passphrase:
                from inspector.reports.keys import load_identity
                from inspector.reports.revocation import check_signer
                from inspector.store.repositories.revocations import all_revocations

                keys_dir = context.settings.resolved_keys_dir
                identity = load_identity(keys_dir, request.signer, request.passphrase)
                check_signer(keys_dir, identity, all_revocations(context.engine))
            guard = context.output_guard(force=request.force)
            folder = guard.check_folder(request.folder)
            day = request.issue_date
            issued = issue_reminders(
                context,
                request.departments,
                lambda d: guard.file_in(folder, file_name(d, day)),
                identity,
                issue_date=day,
                as_of=day,
                reply_by=request.reply_by,
                guard=guard,
                step=self._step,
                warn=said.append,
            )
        except Exception as exc:
            self.post_message(RemindersFailed(describe_notice_error(exc, self.t), said))
        else:
            paths = [f.path for f in issued]
            self.post_message(RemindersDone(paths, identity is not None, said))

    def _step(self, done: int) -> None:
        self.post_message(ReminderStep(done))

    def on_reminder_step(self, message: ReminderStep) -> None:
        total = len(self.request.departments)
        self.query_one(ProgressBar).update(progress=message.done)
        self.query_one("#reminder-count", Label).update(
            plain(self.t("office9b.tui.count", done=message.done, total=total))
        )

    def _finish(self, text: str, *, failed: bool) -> None:
        if self.warnings:
            text = "\n".join([text, *self.warnings])
        self.running = False
        self.query_one(LoadingIndicator).display = False
        result = self.query_one("#reminder-result", Label)
        result.update(plain(text))
        result.set_class(failed, "dialog-error")
        self.query_one("#reminder-hint", Label).update(self.t("office9b.tui.close_hint"))

    def on_reminders_done(self, message: RemindersDone) -> None:
        self.written = message.paths
        self.warnings = message.warnings
        key = "office9b.tui.done" if message.signed else "office9b.tui.done_draft"
        folder = message.paths[0].parent.resolve() if message.paths else self.request.folder
        self._finish(self.t(key, count=len(message.paths), folder=folder), failed=False)

    def on_reminders_failed(self, message: RemindersFailed) -> None:
        self.error = message.error
        self.warnings = message.warnings
        self._finish(f"{self.t('office9b.tui.failed')}\n{message.error}", failed=True)

    def action_close(self) -> None:
        """Close when the reminders are written (or failed)."""
        if self.running:
            self.notify(self.t("office9b.tui.working"))
            return
        self.dismiss(len(self.written))

"""A dialog that shows the progress of one job run in a thread worker (self-check forms
handed out, a follow-up report, a consolidation export), then what it made or why it
failed. Esc closes it once the job is over; it returns the job's result (None: failed).
With `hand_back`, a failure is not said here: the dialog closes at once and returns
`JobRefused`, for the caller to open its form again with why (nothing the user typed lost).

The job is `job(progress)`: it calls `progress(done, total, what)` as it goes and returns
its result, which `describe(result)` says when it is done. A failure is said with
`failed(exc)`; nothing the job would have written is left (the services write through
temporary files)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Label, LoadingIndicator, ProgressBar

from inspector.context import AppContext
from inspector.tui.plain import plain
from inspector.tui.screens.base import InspectorModal
from inspector.tui.stylesheet import beside

Progress = Callable[[int, int, str], None]


class WorkStep(Message):
    def __init__(self, done: int, total: int, what: str) -> None:
        super().__init__()
        self.done, self.total, self.what = done, total, what


class WorkDone(Message):
    def __init__(self, result: object) -> None:
        super().__init__()
        self.result = result


class WorkFailed(Message):
    def __init__(self, error: str, exc: BaseException | None = None) -> None:
        super().__init__()
        self.error = error
        self.exc = exc


@dataclass(frozen=True)
class JobRefused:
    """What a `hand_back` job raised, and the failure in words."""

    error: BaseException
    said: str


class WorkProgressScreen(InspectorModal[Any]):
    """The progress of one job, then its outcome."""

    DEFAULT_CSS = beside(__file__)
    BINDINGS = [Binding("escape", "close", "close", id="office9a.progress_close")]

    def __init__(
        self,
        context: AppContext,
        title: str,
        job: Callable[[Progress], object],
        describe: Callable[[Any], str],
        failed: Callable[[BaseException], str],
        *,
        hand_back: bool = False,
    ) -> None:
        super().__init__(context)
        self.title_text = title
        self.job = job
        self.describe_result = describe
        self.describe_failure = failed
        self.hand_back = hand_back
        self.running = True
        self.result: Any = None
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="work-dialog"):
            yield Label(plain(self.title_text), classes="dialog-title")
            yield ProgressBar(total=None, show_eta=False, id="work-progress")
            yield Label("", id="work-step")
            yield LoadingIndicator(id="work-loading")
            yield Label("", id="work-result", classes="dialog-text")
            yield Label(self.t("office9a.progress.working"), classes="dialog-hint", id="work-hint")

    def on_mount(self) -> None:
        self._run()

    @work(thread=True, exclusive=True, group="office9a-work")
    def _run(self) -> None:
        try:
            result = self.job(self._progress)
        except Exception as exc:
            self.post_message(WorkFailed(self.describe_failure(exc), exc))
        else:
            self.post_message(WorkDone(result))

    def _progress(self, done: int, total: int, what: str) -> None:
        self.post_message(WorkStep(done, total, what))

    def on_work_step(self, message: WorkStep) -> None:
        if not self.running:
            return
        self.query_one(ProgressBar).update(total=message.total, progress=message.done)
        self.query_one("#work-step", Label).update(plain(message.what))

    def _finish(self, text: str, *, failed: bool) -> None:
        self.running = False
        self.query_one(LoadingIndicator).display = False
        result = self.query_one("#work-result", Label)
        result.update(plain(text))
        result.set_class(failed, "dialog-error")
        self.query_one("#work-hint", Label).update(self.t("office9a.progress.close_hint"))

    def on_work_done(self, message: WorkDone) -> None:
        self.result = message.result
        bar = self.query_one(ProgressBar)
        bar.update(total=bar.total or 1, progress=bar.total or 1)
        self.query_one("#work-step", Label).update("")
        self._finish(self.describe_result(message.result), failed=False)

    def on_work_failed(self, message: WorkFailed) -> None:
        self.error = message.error
        if self.hand_back and message.exc is not None:
            self.running = False
            self.dismiss(JobRefused(message.exc, message.error))
            return
        self._finish(message.error, failed=True)

    def action_close(self) -> None:
        """Close once the job is over."""
        if self.running:
            self.notify(self.t("office9a.progress.working"))
            return
        self.dismiss(self.result)


__all__ = ["JobRefused", "Progress", "WorkProgressScreen"]

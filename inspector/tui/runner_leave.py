"""Leaving the runner without losing an answer: going back waits for the saves (in flight and
queued) and does not happen when one fails; quitting names them (`tui/unsaved.py`); a closed
terminal commits them first. A commit's outcome reaches the screen as `CommitEnded`, handled
once whichever way it arrives (at once, posted by the writer, or waited for at a hangup)."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import TYPE_CHECKING

from textual.message import Message

from inspector.domain.model import AnswerState
from inspector.tui.messages import AnswerSaved, AnswerSaveFailed

if TYPE_CHECKING:
    from inspector.tui.queries import SessionBundle
    from inspector.tui.runner_commit import AnswerCommits
    from inspector.tui.runner_model import RunnerModel
    from inspector.tui.screens.base import InspectorScreen

    _Screen = InspectorScreen
else:
    _Screen = object

Outcome = AnswerSaved | AnswerSaveFailed


@dataclass(frozen=True, eq=False)
class Commit:
    """One answer's commit in the writer: what it saves and, once done, how it went."""

    future: Future[Outcome]
    item_id: str
    shown: AnswerState

    def outcome(self) -> Outcome:
        """The message of the finished commit; a failure if the writer raised after all."""
        try:
            return self.future.result(timeout=0)
        except Exception as exc:  # shown as the answer's error, never raised here
            return AnswerSaveFailed(self.item_id, self.shown, str(exc) or type(exc).__name__)


class CommitEnded(Message):
    """The writer finished `commit` (posted from the writer thread)."""

    def __init__(self, commit: Commit) -> None:
        super().__init__()
        self.commit = commit


class RunnerLeaving(_Screen):
    """Mixed into `RunnerScreen`, which provides what is declared here."""

    if TYPE_CHECKING:
        session_id: int
        model: RunnerModel | None
        bundle: SessionBundle | None
        _in_flight: bool
        _queue: deque[Callable[[], None]]
        _writer: ThreadPoolExecutor
        _warned_unsaved: bool
        commits: AnswerCommits

        def on_answer_saved(self, message: AnswerSaved) -> None: ...
        def on_answer_save_failed(self, message: AnswerSaveFailed) -> None: ...

    _commit: Commit | None = None
    """The commit in flight, until its outcome is shown."""
    _back_pending = False
    """Escape was pressed while saving: go back once every save has ended well."""

    # -- a commit's outcome -----------------------------------------------------------------

    def _take(self, commit: Commit) -> None:
        """Show the outcome of the commit in flight, once (stale posts are ignored)."""
        if commit is not self._commit:
            return
        self._commit = None
        message = commit.outcome()
        if isinstance(message, AnswerSaved):
            self.on_answer_saved(message)
        else:
            self.on_answer_save_failed(message)

    def on_commit_ended(self, message: CommitEnded) -> None:
        self._take(message.commit)

    def _leave_if_pending(self) -> None:
        """After a save ends: the deferred back, once nothing is saving any more."""
        if self._back_pending and not self._in_flight and not self._queue:
            self._back_pending = False
            self.action_back()

    # -- leaving ------------------------------------------------------------------------------

    def action_back(self) -> None:
        """Back to the home screen (after the saves; warns once when answers are unsaved)."""
        if self._in_flight or self._queue:
            self._back_pending = True  # `_finish_save` goes back when the queue has drained
            return
        if self.model is not None and self.model.unsaved and not self._warned_unsaved:
            self._warned_unsaved = True
            self.notify(
                self.t("tui.runner.unsaved", count=len(self.model.unsaved)), severity="error"
            )
            return
        self.app.pop_screen()

    def unsaved_work(self) -> str | None:
        """What quitting would lose (`tui/unsaved.py`): answers whose save failed, the
        commit in flight and the keys waiting for it."""
        where = self.bundle.organization.name if self.bundle is not None else ""
        if self.model is not None and self.model.unsaved:
            return self.t("quit4.lost.answers", count=len(self.model.unsaved), session=where)
        waiting = len(self._queue) + (1 if self._in_flight else 0)
        if waiting:
            return self.t("quit4.lost.queued", count=waiting, session=where)
        return None

    def save_before_hangup(self) -> None:
        """The terminal closed: wait for the commit in flight and run the queued keys (each
        commits in turn), then commit the answers whose save failed once more, in the writer
        (unmounting waits for it); a failure stays."""
        while self._commit is not None:
            wait([self._commit.future])
            self._take(self._commit)
        user, repo = self.commits.actor(), self.context.repo  # never raises
        for item_id, state in list(self.model.unsaved.items() if self.model else ()):
            change: Callable[[AnswerState], AnswerState] = lambda _old, s=state: s  # type: ignore[misc]  # noqa: E731
            self._writer.submit(repo.save_answer, self.session_id, item_id, change, user, "retry")

    def on_unmount(self) -> None:
        """The screen goes only once its saves ended, except when the application quits:
        the writer finishes its commit, and a failure is told by the application."""
        self._writer.shutdown(wait=True)
        commit, self._commit = self._commit, None
        if commit is None:
            return
        message = commit.outcome()
        if isinstance(message, AnswerSaveFailed):
            self.app.notify(
                self.t("tui.error.save_failed", message=message.error), severity="error", timeout=10
            )

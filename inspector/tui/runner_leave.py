"""What leaving the runner would lose, and the last save when the terminal closes
(`tui/unsaved.py`); kept beside the runner so the screen stays one readable file."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from inspector.domain.model import AnswerState
    from inspector.tui.queries import SessionBundle
    from inspector.tui.runner_model import RunnerModel
    from inspector.tui.screens.base import InspectorScreen

    _Screen = InspectorScreen
else:
    _Screen = object


class RunnerLeave(_Screen):
    """Mixed into `RunnerScreen`, which provides what is declared here."""

    if TYPE_CHECKING:
        session_id: int
        model: RunnerModel | None
        bundle: SessionBundle | None
        _queue: deque[Callable[[], None]]
        _writer: ThreadPoolExecutor

    def unsaved_work(self) -> str | None:
        """What quitting would lose (`tui/unsaved.py`): answers whose save failed, keys
        waiting for the commit in flight (which itself ends as the writer shuts down)."""
        where = self.bundle.organization.name if self.bundle is not None else ""
        if self.model is not None and self.model.unsaved:
            return self.t("quit4.lost.answers", count=len(self.model.unsaved), session=where)
        if self._queue:
            return self.t("quit4.lost.queued", count=len(self._queue), session=where)
        return None

    def save_before_hangup(self) -> None:
        """The terminal closed: commit the answers whose save failed once more, in the
        writer after any commit in flight (unmounting waits for it); a failure stays."""
        user, repo = self.context.settings.user, self.context.repo
        for item_id, state in list(self.model.unsaved.items() if self.model else ()):
            change: Callable[[AnswerState], AnswerState] = lambda _old, s=state: s  # type: ignore[misc]  # noqa: E731
            self._writer.submit(repo.save_answer, self.session_id, item_id, change, user, "retry")

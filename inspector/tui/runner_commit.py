"""One answer's commit: in the interface's own thread when the write lock is free at once,
else in the runner's writer thread.

Every thread an answer wakes waits for a CPU once awake, and beside busy programs in another
session (another scheduling group) each such wait is a share of their time slice. A commit in
the writer thread woke it for the job, again after each wait of the durable write, and then
the interface thread for the outcome. Committed here, in the interface thread, the answer
wakes only this thread after the durable write. That thread must never wait for another
writer's lock (the screen would freeze), so it commits only through
`save_answer_at_once`, which takes the lock only if it is free at once and otherwise writes
nothing: the commit then goes to the writer, which waits for the lock while the interface
stays live (and the next answer is tried here again). A commit here that took longer than
`SLOW_COMMIT` (a slow or stalled disk, which no lock test foresees) sends the next commits to
the writer too, until one there is quick again.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from inspector.context import AppContext
from inspector.domain.model import AnswerState
from inspector.tui.messages import AnswerSaved, AnswerSaveFailed

if TYPE_CHECKING:
    from collections import deque

    from inspector.tui.runner_model import RunnerModel

Change = Callable[[AnswerState], AnswerState]
Outcome = AnswerSaved | AnswerSaveFailed

SLOW_COMMIT = 0.03
"""Seconds a commit may take and the next one still be made in the interface's thread (the
interface waits as long for a commit in the writer before it goes on without it)."""


class AnswerCommits:
    """Commits a runner's answers and says how each went (never raises)."""

    def __init__(
        self, context: AppContext, session_id: int, describe: Callable[[BaseException], str]
    ) -> None:
        self.context = context
        self.session_id = session_id
        self.describe = describe
        self.here = True
        """Whether the next commit is tried in the caller's (the interface's) thread: the
        last one there took less than `SLOW_COMMIT`, or one in the writer since did."""
        self.made_here = 0
        """How many commits were made in the interface's thread (tests, bench)."""
        self._actor: str | None = None
        """Who the change log names, read once: a read of the session on every answer cost
        ~0.6 ms of the answer's CPU before its durable commit (bench, after the ninth merge)."""

    def actor(self) -> str:
        """Who the answers name (read once per runner); when the session cannot be read (a
        hang-up after the database failed), the configured auditor: the retry of the
        unsaved answers is queued all the same, and the application still exits."""
        if self._actor is None:
            from inspector.services.actors import auditor, session_actor

            try:
                self._actor = session_actor(self.context, self.session_id)
            except Exception:  # any failure of the read: the hang-up must go on
                return auditor(self.context.settings)
        return self._actor

    def at_once(
        self, item_id: str, change: Change, shown: AnswerState, action: str, move: bool
    ) -> Outcome | None:
        """Commit in the calling thread if the write lock is free at once; None when it is
        not (nothing written: commit with `waiting` in the writer)."""
        saved = self._commit(item_id, change, shown, action, move, at_once=True)
        if saved is not None:
            self.made_here += 1
        return saved

    def waiting(
        self, item_id: str, change: Change, shown: AnswerState, action: str, move: bool
    ) -> Outcome:
        """Commit, waiting for the write lock (the writer thread)."""
        saved = self._commit(item_id, change, shown, action, move, at_once=False)
        assert saved is not None  # only a commit at once gives way to another writer
        return saved

    def _commit(
        self,
        item_id: str,
        change: Change,
        shown: AnswerState,
        action: str,
        move: bool,
        *,
        at_once: bool,
    ) -> Outcome | None:
        started = time.perf_counter()
        try:
            from inspector.services.actors import session_actor

            if self._actor is None:  # as completion names
                self._actor = session_actor(self.context, self.session_id)
            actor = self._actor
            repo = self.context.repo
            if not at_once:
                state = repo.save_answer(self.session_id, item_id, change, actor, action)
            else:
                got = repo.save_answer_at_once(self.session_id, item_id, change, actor, action)
                if got is None:
                    return None
                state = got
        except Exception as exc:
            try:
                error = self.describe(exc)
            except Exception:  # describing failed too: the plain text of the error
                error = str(exc) or type(exc).__name__
            return AnswerSaveFailed(item_id, shown, error)
        finally:
            # A commit in the writer after another writer's lock took as long as that
            # writer held it: it says nothing of the disk, and the next one is tried here.
            if at_once or not self.here:
                self.here = time.perf_counter() - started < SLOW_COMMIT
        return AnswerSaved(item_id, state, move)


def on_unsaved(
    unsaved: Mapping[str, AnswerState], item_id: str, change: Change, shown: AnswerState
) -> Change:
    """The change to commit for `shown`, `change` applied to what the runner shows: on an
    item whose last change could not be written (shown unsaved, `unsaved`), the whole state
    shown, that change with this one; else `change` alone, applied to the stored row.

    hunt9 H2: a memo saved while the database server was down stayed on screen, unsaved;
    the next answer, once the server was back, was applied to the stored row, without the
    memo, and its success cleared the unsaved mark: the memo was gone."""
    if item_id in unsaved:
        return lambda _stored: shown
    return change


@dataclass(frozen=True, eq=False)
class QueuedChange:
    """A change to one named item (a memo, reasons, evidence, a typed value, a retry) saved
    while another change was being written: it waits its turn in the runner's queue."""

    save: Callable[..., None]
    item_id: str
    change: Change
    move: bool
    action: str

    def __call__(self) -> None:
        self.save(self.item_id, self.change, move=self.move, action=self.action)


def keep_queued(model: RunnerModel, queue: deque[Callable[[], None]], error: str) -> None:
    """After a failed write, empty `queue`: each change queued behind it joins the unsaved
    state of its item (shown 未保存 with `error`, written with the next save, `on_unsaved`);
    an answer key queued to be replayed on the item the cursor would have moved to is
    dropped (the cursor stayed: it would answer the wrong item).

    hunt10 H4: a memo saved while an answer showed 「保存中…」 behind another program's lock
    was dropped with the queue when that write failed; the next save stored the answer
    without it, and nothing said so."""
    while queue:
        queued = queue.popleft()
        if isinstance(queued, QueuedChange):
            model.failed(queued.item_id, queued.change(model.state(queued.item_id)), error)


__all__ = [
    "SLOW_COMMIT",
    "AnswerCommits",
    "Change",
    "Outcome",
    "QueuedChange",
    "keep_queued",
    "on_unsaved",
]

"""The runner: answer a checklist item by item, one key per answer.

Every answer is committed before the cursor moves to the next applicable item, so an answer
shown as saved is on disk: in the interface's own thread when the write lock is free at once
(`runner_commit`), else in the screen's writer thread. The interface waits for the writer's
commit up to `WAIT_FOR_COMMIT` and shows its outcome at once; a longer commit goes on in the
writer while the interface stays live. Saves run one
at a time in key order: keys pressed while a save is in flight wait in a queue. A failed
save leaves the answer on screen, marked unsaved, with the error; `ctrl+s` retries.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from contextlib import suppress
from dataclasses import replace
from functools import partial
from typing import Any, TypeVar

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Container
from textual.timer import Timer
from textual.widget import Widget

from inspector.context import AppContext
from inspector.domain.checklist import AnswerType, Item
from inspector.domain.model import InspectionSession, SessionKind
from inspector.tui.messages import AnswerSaved, AnswerSaveFailed, DbFailed, SessionLoaded
from inspector.tui.queries import SessionBundle, load_session
from inspector.tui.runner_bindings import RUNNER_BINDINGS
from inspector.tui.runner_commit import (
    AnswerCommits,
    Change,
    Outcome,
    QueuedChange,
    keep_queued,
    on_unsaved,
)
from inspector.tui.runner_dialogs import RunnerDialogs
from inspector.tui.runner_keys_apply import RunnerKeysApply
from inspector.tui.runner_leave import Commit, CommitEnded, RunnerLeaving
from inspector.tui.runner_model import RunnerModel
from inspector.tui.runner_undo import RunnerUndo
from inspector.tui.sched_hint import TERMINAL_THREADS, latency_hint, request_short_slices
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.widgets.finding_marks import FindingMarkedList
from inspector.tui.widgets.item_detail import ItemDetail
from inspector.tui.widgets.item_list import ItemList
from inspector.tui.widgets.runner_header import RunnerHeader
from inspector.tui.widgets.runner_keys import RunnerKeys

W = TypeVar("W", bound=Widget)

SHOW_SAVING_AFTER = 0.15
"""Seconds a commit may take before its row is repainted as saving."""
WAIT_FOR_COMMIT = 0.03
"""Seconds the interface waits for a commit before it goes on and lets the writer post
the outcome: a commit takes about a millisecond, more on a loaded machine; the screen
shows nothing new before it returns anyway."""

ROOM_WAIT = 1.0
"""Seconds the session's first load waits for the log's room (a slow disk: no longer)."""


class RunnerScreen(RunnerLeaving, RunnerUndo, RunnerDialogs, RunnerKeysApply, InspectorScreen):
    """One session's checklist: the list of items and the focused item in full."""

    CATEGORY = "runner"
    BINDINGS = RUNNER_BINDINGS
    """Answer keys are shown only for the focused item's answer type (see `check_action`)."""

    def __init__(self, context: AppContext, session_id: int) -> None:
        super().__init__(context)
        self.session_id = session_id
        self.session: InspectionSession | None = None
        self.model: RunnerModel | None = None
        self.bundle: SessionBundle | None = None
        self._in_flight = False
        self._queue: deque[Callable[[], None]] = deque()
        self._last_query = ""
        self._warned_unsaved = False
        self._key_time: float | None = None
        self._last_shown: str | None = None
        """The item the detail pane shows (to skip the list's duplicate highlight)."""
        self._binding_signature: tuple[object, ...] | None = None
        self._footer_stale = False
        self._saving_timer: Timer | None = None
        self._room: Future[None] | None = None
        """The write-ahead log's room being made (`Repository.make_room_for_answers`)."""
        self.commits = AnswerCommits(context, session_id, lambda exc: self.describe(exc))
        self._writer = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix="answer-writer", initializer=latency_hint
        )
        """One writer thread: answers are committed in key order, and a commit starts at
        once instead of waiting for the event loop to schedule a worker."""
        self._widgets: dict[type, Any] = {}
        self.latencies: list[float] | None = None
        """When a list, the seconds from each answer key to the next item shown (bench)."""
        self.paint_latencies: list[float] = []
        """The same, up to the screen repaint (Textual paces repaints at 60 per second)."""

    def compose(self) -> ComposeResult:
        yield RunnerHeader(self.t, id="runner-header")
        with Container(id="runner-body"):
            yield FindingMarkedList(self.t, id="item-list")
            yield ItemDetail(self.t, id="item-detail")
        yield RunnerKeys(id="runner-keys")

    def on_mount(self) -> None:
        latency_hint()  # the interface's thread, which shows the next item
        request_short_slices(TERMINAL_THREADS)
        # The log's room is made by the writer while the session loads; the first answer
        # waits for the load (see `_load`), so no answer commits while it is being made.
        self._room = self._writer.submit(self._make_room)

    def _make_room(self) -> None:
        # only a speed-up: a database that fails here says so at the first answer
        with suppress(Exception):
            self.context.repo.make_room_for_answers()

    # -- loading ------------------------------------------------------------------------

    def on_screen_resume(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="runner-load")
    def _load(self) -> None:
        try:
            bundle = load_session(self.context, self.session_id)
            if self._room is not None:
                wait([self._room], timeout=ROOM_WAIT)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(SessionLoaded(bundle))

    def on_session_loaded(self, message: SessionLoaded) -> None:
        bundle = message.bundle
        self.app.last_session_id = bundle.session.id  # type: ignore[attr-defined]
        first_load = self.model is None
        self.bundle = bundle
        self.session = bundle.session
        item_list = self.query_one(ItemList)
        if first_load:
            self.model = RunnerModel(bundle.checklist, bundle.organization.tags, bundle.states)
            item_list.build(self.model)
            start = self.model.resume_item()
            if start is not None:
                item_list.show_item(start)
            item_list.focus()
        else:
            assert self.model is not None
            self.model.replace_saved(bundle.states)
            item_list.refresh_rows(self.model)
        self.query_one(FindingMarkedList).mark_findings(bundle.finding_items)
        self._show_current()
        self._update_header()
        self._refresh_footer()

    # -- display ------------------------------------------------------------------------

    @property
    def is_saving(self) -> bool:
        """An answer is being committed or waits its turn (tests wait for this to end)."""
        return self._in_flight or bool(self._queue)

    def _one(self, kind: type[W]) -> W:
        """The screen's widget of `kind`, found once: each `query_one` walks the screen's
        widgets, and an answer asked for them nine times (~0.1 ms of the answer)."""
        found = self._widgets.get(kind)
        if found is None:
            found = self._widgets[kind] = self.query_one(kind)
        return found  # type: ignore[no-any-return]

    @property
    def current_item_id(self) -> str | None:
        """The id of the item in focus."""
        return self._one(ItemList).item_id

    def _current_item(self) -> Item | None:
        item_id = self.current_item_id
        if item_id is None or self.model is None:
            return None
        return self.model.item(item_id)

    def _update_header(self) -> None:
        bundle, model = self.bundle, self.model
        if bundle is None or model is None:
            return
        session = bundle.session
        kind = self.t(f"tui.kind.{session.kind.value}")
        if bundle.respondent is not None:
            who = self.t("tui.runner.respondent", name=bundle.respondent.name)
        elif session.kind is SessionKind.INSPECTION and session.inspector_name:
            who = self.t("tui.runner.inspector", name=session.inspector_name)
        else:
            who = ""
        self._one(RunnerHeader).show(
            organization=bundle.organization.name,
            checklist=bundle.checklist.title.get(self.t.lang),
            who=f"{kind}  {who}".strip(),
            counts=model.progress(),
            unsaved=len(model.unsaved),
            read_only=session.is_completed,
        )

    def _show_current(self) -> None:
        detail = self._one(ItemDetail)
        item = self._current_item()
        if item is None or self.model is None:
            detail.show(None)
            return
        detail.show(item, **self._shown(self.model, item))

    def _shown(self, model: RunnerModel, item: Item) -> dict[str, Any]:
        """What the detail pane shows of `item`, besides the item itself."""
        section = next(s for s in model.checklist.sections if s.id == item.section)
        return {
            "number": model.number(item.id),
            "section": section.title.get(self.t.lang),
            "state": model.state(item.id),
            "applies": item.id in model.applicable_ids(),
            "error": model.errors.get(item.id),
            "saving": item.id in model.pending,
            "broken": model.checklist.is_broken(item, model.state(item.id).value),
            "guidance": self.session is None or self.session.kind is not SessionKind.SELF_CHECK,
        }

    def _prepare_next(self) -> None:
        """Render the item an answer here would move to, while the person reads this one
        (a guess: if the answer changes what it shows, it is rendered then, as before)."""
        item, model = self._current_item(), self.model
        if item is None or model is None or self._in_flight:
            return
        following = model.next_applicable(item.id)
        if following is not None:
            nxt = model.item(following)
            self._one(ItemDetail).prepare(nxt, **self._shown(model, nxt))

    @on(ItemList.Highlighted, "#item-list")
    def _on_list_highlight(self) -> None:
        if self._key_time is None and self.current_item_id == self._last_shown:
            return  # already shown by on_answer_saved
        self._highlighted()

    def _highlighted(self) -> None:
        self._last_shown = self.current_item_id
        self._show_current()
        self._refresh_footer()
        if self._key_time is not None:
            self._record_latency(self._key_time)
            self._key_time = None
        self.call_after_refresh(self._prepare_next)

    def _record_latency(self, started: float) -> None:
        """Bench probe: key -> commit -> next item in the widgets; and -> painted."""
        if self.latencies is None:
            return
        self.latencies.append(time.perf_counter() - started)
        self.call_after_refresh(lambda: self.paint_latencies.append(time.perf_counter() - started))

    @on(ItemList.Selected, "#item-list")
    def _selected(self) -> None:
        item = self._current_item()
        if item is not None and item.answer in (AnswerType.NUMBER, AnswerType.TEXT):
            self.action_input()

    # -- answering ----------------------------------------------------------------------

    def _writable(self) -> bool:
        if self.session is not None and self.session.is_completed:
            self.notify(self.t("tui.runner.completed_read_only"), severity="warning")
            return False
        return self.model is not None

    def action_answer(self, value: str) -> None:
        """Answer the focused compliance or yes/no item and move on."""
        if self._in_flight:
            self._queue.append(partial(self._replay, f"answer({value!r})"))
            return
        item = self._current_item()
        if item is None or not self._writable():
            return
        if not self.check_action("answer", (value,)):
            # A key typed while the previous answer was saving lands on the next item,
            # which may take other answers: drop it rather than store an invalid value.
            self.app.bell()
            return
        self._key_time = time.perf_counter()
        self._save(item.id, lambda old: replace(old, value=value), move=True)

    def on_key(self, event: events.Key) -> None:
        """On a number item, a digit starts the input with that digit (no binding: the
        digits are the choice keys, and the footer shows `i` for the input)."""
        item = self._current_item()
        if (
            item is not None
            and item.answer is AnswerType.NUMBER
            and event.character is not None
            and event.character.isdigit()
            and not self._in_flight
            and self._writable()
        ):
            event.stop()
            self._open_value_input(item, event.character)

    def action_choose(self, number: int) -> None:
        """Answer a choice item by its number."""
        if self._in_flight:
            self._queue.append(partial(self._replay, f"choose({number})"))
            return
        item = self._current_item()
        if item is None or not self._writable():
            return
        if item.answer is not AnswerType.CHOICE or number > len(item.choices):
            return
        key = item.choices[number - 1].key
        self._key_time = time.perf_counter()
        self._save(item.id, lambda old: replace(old, value=key), move=True)

    def _save(self, item_id: str, change: Change, *, move: bool, action: str = "answer") -> None:
        """Show the change at once (marked as saving) and commit it in a worker."""
        if self._in_flight:
            self._queue.append(QueuedChange(self._save, item_id, change, move, action))
            return
        assert self.model is not None
        shown = change(self.model.state(item_id))
        change = on_unsaved(self.model.unsaved, item_id, change, shown)  # hunt9 H2
        self._in_flight = True
        self.model.saving(item_id, shown)
        if self.commits.here:  # no thread woken: see `runner_commit`
            done = self.commits.at_once(item_id, change, shown, action, move)
            if done is not None:
                finished: Future[Outcome] = Future()
                finished.set_result(done)
                self._commit = Commit(finished, item_id, shown)
                self._take(self._commit)  # never raises, as below
                return
        commit = Commit(
            self._writer.submit(self.commits.waiting, item_id, change, shown, action, move),
            item_id,
            shown,
        )
        self._commit = commit
        # The screen has nothing to show before the commit returns (the next item waits
        # for it), so it waits for a short while, holding no lock the commit needs: the
        # writer runs at once instead of waiting for this thread's interpreter, and the
        # outcome is shown here without a trip through the event loop. A commit that
        # takes longer (a slow disk, another writer's lock) is left to the writer, the
        # interface stays live and shows the outcome when it is posted.
        if wait([commit.future], timeout=WAIT_FOR_COMMIT).done:
            self._take(commit)  # never raises: a failure is shown as the answer's error
            return
        commit.future.add_done_callback(lambda _done: self.post_message(CommitEnded(commit)))
        # Only a commit that is still running after a moment is shown as saving.
        self._saving_timer = self.set_timer(
            SHOW_SAVING_AFTER - WAIT_FOR_COMMIT, partial(self._show_saving, item_id)
        )

    def _show_saving(self, item_id: str) -> None:
        if self.model is not None and item_id in self.model.pending:
            self._one(ItemList).refresh_rows(self.model, self.model.affected_by(item_id))
            if self.current_item_id == item_id:
                self._show_current()

    def on_answer_saved(self, message: AnswerSaved) -> None:
        assert self.model is not None
        self.model.saved(message.item_id, message.state)
        # Each widget's repaint reaches the screen through its own message pump, in the
        # order asked: the header's, asked last, came after the screen had drawn the list
        # and the detail, a second frame per answer. So it is asked first; its new text
        # (~0.7 ms) is set after the probe, before this handler returns and anything draws.
        self._one(RunnerHeader).refresh()
        item_list = self._one(ItemList)
        item_list.refresh_rows(self.model, self.model.affected_by(message.item_id))
        moved = False
        if message.move and self.current_item_id == message.item_id:
            following = self.model.next_applicable(message.item_id)
            if following is not None:
                item_list.show_item(following)
                self.answered_then_moved = (message.item_id, following)  # `r` (walk7 H4)
                # Show the next item now rather than on the list's highlight message, one
                # trip through the message queue (and often a repaint) later.
                self._highlighted()
                moved = True
            else:
                self.notify(self.t("tui.runner.last_item"))
        if not moved:
            self._show_current()
            if self._key_time is not None:
                self._record_latency(self._key_time)
            self._key_time = None
            self._refresh_footer()
        self._update_header()
        self._finish_save()

    def on_answer_save_failed(self, message: AnswerSaveFailed) -> None:
        assert self.model is not None
        self.model.failed(message.item_id, message.state, message.error)
        # the keys typed while it was saving (answers, undo) are dropped: said (tui11)
        dropped = sum(not isinstance(queued, QueuedChange) for queued in self._queue)
        keep_queued(self.model, self._queue, message.error)  # a memo saved meanwhile (hunt10 H4)
        self._key_time = None
        self._update_header()  # first: one frame (see `on_answer_saved`)
        self._one(ItemList).refresh_rows(self.model)
        self._show_current()
        said = self.t("tui.error.save_failed", message=message.error)
        if dropped:
            said += "\n" + self.t("tui11.runner.keys_dropped", count=dropped)
        self.notify(said, severity="error", timeout=10)
        self._back_pending = False  # stay: the answer is shown unsaved, with its error
        self._finish_save()

    def _finish_save(self) -> None:
        self._in_flight = False
        if self._footer_stale:
            self._footer_stale = False
            self.refresh_bindings()
        if self._saving_timer is not None:
            self._saving_timer.stop()
            self._saving_timer = None
        if self._queue:
            self._queue.popleft()()
        self._leave_if_pending()

    def action_retry(self) -> None:
        """Save again every answer whose save failed."""
        if self.model is None:
            return
        if not self.model.unsaved:
            self.notify(self.t("tui.runner.retry_none"))
            return
        for item_id, state in list(self.model.unsaved.items()):
            self._save(item_id, lambda _old, s=state: s, move=False, action="retry")  # type: ignore[misc]

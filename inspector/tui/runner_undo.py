"""The runner's undo: the newest change not yet undone is reverted in a worker, through the
runner's one queue of writes (`_in_flight`, `_queue`, `_finish_save`); the change log
keeps both the change and its undo."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from textual import work

from inspector.domain.model import AnswerChange
from inspector.i18n import Translator
from inspector.tui.messages import DbFailed, UndoDone
from inspector.tui.text import fit
from inspector.tui.widgets.item_detail import answer_label, reason_labels
from inspector.tui.widgets.item_list import ItemList

if TYPE_CHECKING:
    from inspector.domain.checklist import Item
    from inspector.tui.runner_model import RunnerModel
    from inspector.tui.screens.base import InspectorScreen

    _Screen = InspectorScreen
else:
    _Screen = object


_SHOWN = 16
"""Cells of a restored note or reason shown in the toast."""


def undone_parts(item: Item, change: AnswerChange, t: Translator) -> list[str]:
    """What the undo changed, each with the value it restored: 回答 / 理由 / メモ / 根拠資料."""
    before, after = change.old, change.new
    none = t("visit5b.undo.none")
    parts: list[str] = []
    if before.value != after.value:
        parts.append(t("visit5b.undo.answer", value=answer_label(item, after.value, t)))
    if (before.reasons, before.reason_text) != (after.reasons, after.reason_text):
        reasons = t("visit5b.undo.list_sep").join(reason_labels(item, after, t))
        parts.append(t("visit5b.undo.reasons", value=fit(reasons, _SHOWN) if reasons else none))
    if before.note != after.note:
        note = " ".join(after.note.split())
        parts.append(t("visit5b.undo.note", value=fit(note, _SHOWN) if note else none))
    if before.evidence != after.evidence:
        parts.append(t("visit5b.undo.evidence", count=len(after.evidence)))
    return parts


class RunnerUndo(_Screen):
    """Mixed into `RunnerScreen`, which provides what is declared here."""

    if TYPE_CHECKING:
        session_id: int
        model: RunnerModel | None
        _in_flight: bool
        _queue: deque[Callable[[], None]]

        def _writable(self) -> bool: ...
        def _show_current(self) -> None: ...
        def _update_header(self) -> None: ...
        def _refresh_footer(self) -> None: ...
        def _finish_save(self) -> None: ...

    def action_undo(self) -> None:
        """Revert the newest change; the change log keeps both."""
        if self._in_flight:
            self._queue.append(self.action_undo)
            return
        if not self._writable():
            return
        self._in_flight = True
        self._undo_worker()

    @work(thread=True, group="runner-save")
    def _undo_worker(self) -> None:
        repo = self.context.repo
        try:
            from inspector.services.actors import session_actor

            # named as the answers are (walk: undo named the login name)
            actor = session_actor(self.context, self.session_id)
            item_id = repo.undo_last(self.session_id, actor)
            states = {k: a.state for k, a in repo.answers(self.session_id).items()}
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            self.app.call_from_thread(self._finish_save)
            return
        change: AnswerChange | None = None
        if item_id is not None:
            # the undo just written is the log's newest undo of this item: what it restored
            try:
                log = repo.changes(self.session_id)
            except Exception:
                log = []  # the undo is committed; only the toast says less
            change = next(
                (c for c in reversed(log) if c.action == "undo" and c.item_id == item_id), None
            )
        self.post_message(UndoDone(item_id, states, change))

    def on_undo_done(self, message: UndoDone) -> None:
        assert self.model is not None
        self.model.replace_saved(message.states)
        item_list = self.query_one(ItemList)
        item_list.refresh_rows(self.model)
        if message.item_id is None:
            self.notify(self.t("tui.runner.nothing_to_undo"))
        else:
            target = self.model.nearest_applicable(message.item_id)
            if target is not None:
                item_list.show_item(target)
            item = self.model.item(message.item_id)
            # 「No.3「…」」: 「3. …」 was cut after its period by the toast's wrapping
            label = self.t(
                "tui7b.undo.item",
                number=self.model.number(item.id),
                text=fit(item.text.get(self.t.lang), 30),
            )
            what = undone_parts(item, message.change, self.t) if message.change else []
            if what:
                self.notify(
                    self.t(
                        "visit5b.undo.undone",
                        item=label,
                        what=self.t("visit5b.undo.sep").join(what),
                    )
                )
            else:
                self.notify(self.t("tui.runner.undone", item=label))
        self._show_current()
        self._update_header()
        self._refresh_footer()
        self._finish_save()

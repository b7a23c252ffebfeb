"""Keys typed right after the key that opens a dialog reach the dialog's text field (walk9 H2).

Textual hands a key to the widget focused when the application takes the key from its queue.
In a burst (`e3台のPCあり` sent at once by tmux, a paste, a lagging remote desktop) every key
is taken before the first is handled: `e` and the text after it all go to the runner's list,
and come back up to the application one after the other. `e` opens the memo dialog; the text
after it then reached the application with the dialog on top, and Textual, finding no binding
for it there, dropped it. Focusing the field sooner does not help: those keys were never
handed to it. A key typed while the dialog was still being built went to the dialog itself
(nothing focused yet) and was dropped the same way.

A dialog that takes type-ahead (`TypeAhead`) collects both kinds: the application hands it
every key that comes back up unhandled while the dialog is on top and that was typed before
the dialog was ready (`hand_on`, called by the application's `on_key`), and the dialog keeps
what reaches it before its field is focused. When it is ready it hands them, in the order
typed, to its field, and only then focuses the field, so that every key typed after comes
behind them. The dialog's own keys (save, cancel) read the field once it has taken every key
handed to it before them (`when_typed`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast

from textual import events
from textual.actions import parse as parse_action
from textual.message import Message
from textual.widget import Widget

from inspector.tui.bindings import declared_bindings
from inspector.tui.widgets.safe_input import SafeTextArea

if TYPE_CHECKING:
    from textual.screen import Screen


class TypeAhead:
    """Mixed into a dialog (before its screen class) whose one text field takes the keys typed
    as it opened. The dialog's `on_mount` calls `type_ahead_start` instead of focusing it."""

    TYPE_AHEAD_FIELD: ClassVar[str]
    """The selector of the field the keys go to."""
    AUTO_FOCUS: ClassVar[str | None] = ""
    """Not focused by Textual as it is built: `type_ahead_start` focuses it, after the keys."""

    _ta_early: list[events.Key] | None = None
    _ta_waiting: list[Callable[[], object]] | None = None
    _ta_ready_at: float | None = None
    _ta_closing = False
    _ta_saved = False
    """The save was pressed: every key typed after it goes to the screen below (hunt10 M1)."""
    _ta_after: list[events.Key] | None = None
    _ta_gone = False

    def type_ahead_start(self) -> None:
        """From `on_mount`: become ready once the keys already sent to this dialog have
        reached it (they are queued behind its mount)."""
        cast("Screen[object]", self).call_later(self._type_ahead_ready)

    @property
    def type_ahead_ready(self) -> bool:
        return self._ta_ready_at is not None

    def _ta_field(self) -> Widget:
        return cast("Screen[object]", self).query_one(self.TYPE_AHEAD_FIELD)

    def _type_ahead_ready(self) -> None:
        field = self._ta_field()
        # a key handed on here is stamped now: one the field has no use for that comes
        # back up is not taken again
        self._ta_ready_at = Message().time  # the clock Textual stamps every key with
        field.focus()  # before the keys: none is handed to it after one typed later
        for event in self._ta_early or ():
            _deliver(field, event)
        self._ta_early = None
        for callback in self._ta_waiting or ():
            field.call_later(callback)
        self._ta_waiting = None

    def take_early(self, event: events.Key) -> bool:
        """A key that came back up to the application unhandled while this dialog is on top:
        taken (True) when it was typed before the dialog was ready and is not one of the
        dialog's own keys."""
        if self._ta_ready_at is not None and event.time >= self._ta_ready_at:
            return False  # typed since: it went to the field, which had no use for it
        if self._ta_saved:
            self.type_ahead_after(event)  # typed after the save: for the screen below
            return True
        if self._ta_closing:
            return False  # typed after the cancel: not for the field
        key_bindings = declared_bindings(cast("Screen[object]", self)).key_to_bindings
        if event.key in key_bindings and not _field_binds(self._ta_field(), event.key):
            return False  # save, cancel, Tab: run by Textual as for any key
        self._ta_keep(event)
        return True

    def on_key(self, event: events.Key) -> None:
        """A key sent to the dialog while nothing in it was focused yet: kept for the field."""
        if (
            self._ta_ready_at is None
            and event.key not in declared_bindings(cast("Screen[object]", self)).key_to_bindings
        ):
            event.stop()
            event.prevent_default()
            self._ta_keep(event)

    def _ta_keep(self, event: events.Key) -> None:
        if self._ta_ready_at is None:
            if self._ta_early is None:
                self._ta_early = []
            self._ta_early.append(event)
        else:
            _deliver(self._ta_field(), event)

    def when_typed(
        self, callback: Callable[[], object], *, closes: bool = False, saves: bool = False
    ) -> None:
        """Run `callback` once the field has taken every key handed to it so far (the keys
        typed before a save are in the field when the save reads it). `closes`: the
        dialog's save or cancel, after which no key is taken for the field."""
        self._ta_closing = self._ta_closing or closes or saves
        self._ta_saved = self._ta_saved or saves  # keys typed after it: to the screen below
        # run by the dialog itself (a dialog closed from its field's queue waits for that
        # field, which is being closed with it, and never ends)
        screen = cast("Screen[object]", self)
        in_turn = partial(screen.call_later, callback)
        if self._ta_ready_at is None:
            if self._ta_waiting is None:
                self._ta_waiting = []
            self._ta_waiting.append(in_turn)
        else:
            self._ta_field().call_later(in_turn)

    def type_ahead_save_pressed(self) -> None:
        """The save key reached the field, in the order typed: the field takes no more keys
        (those typed after the save go to the screen below), and the save runs."""
        self._ta_saved = True
        self._ta_closing = True
        screen = cast("Screen[object]", self)
        screen.call_later(screen.run_action, "save")

    def type_ahead_after(self, event: events.Key) -> None:
        """A key typed after the save: kept, then handed to the screen below once the dialog
        has closed (`type_ahead_pass_on`)."""
        if self._ta_after is None:
            self._ta_after = []
        self._ta_after.append(events.Key(event.key, event.character))
        if self._ta_gone:
            self._ta_repost()

    def type_ahead_resume(self) -> None:
        """The save was refused and the dialog stays open (a control character in the text):
        the field takes keys again, those typed after the save first, in order."""
        self._ta_saved = False
        self._ta_closing = False
        keys, self._ta_after = self._ta_after or [], None
        field = self._ta_field()
        for event in keys:
            field.post_message(events.Key(event.key, event.character))

    def type_ahead_pass_on(self) -> None:
        """From the save, as the dialog closes: the keys typed after it go to the screen
        below, in order, as if typed there."""
        self._ta_gone = True
        self._ta_repost()

    def _ta_repost(self) -> None:
        app = cast("Screen[object]", self).app
        if app.screen is self:  # still closing: once the screen below is on top
            app.call_later(self._ta_repost)
            return
        keys, self._ta_after = self._ta_after or [], None
        for event in keys:
            app.post_message(event)


class TypeAheadArea(SafeTextArea):
    """The text field of a `TypeAhead` dialog. Its own keys (Backspace, the arrows) run here,
    in the order typed, rather than when they come back up to the application; the save key
    typed in it closes it at once, and keys typed after the save pass on: the save holds
    the text as it was at the save (hunt10 M1: a key typed right after Ctrl+S was typed
    into the memo before the save read it)."""

    async def _on_key(self, event: events.Key) -> None:
        screen = self.screen
        if not isinstance(screen, TypeAhead):
            return
        if screen._ta_saved and not getattr(event, "typed_before_save", False):
            screen.type_ahead_after(event)
        elif event.key in _save_keys(screen):
            screen.type_ahead_save_pressed()
        elif bindings := declared_bindings(self).key_to_bindings.get(event.key):
            event.stop()
            event.prevent_default()
            await self.run_action(bindings[0].action)
            return
        else:
            return  # typed into the field by TextArea
        event.stop()
        event.prevent_default()


def _save_keys(screen: TypeAhead) -> set[str]:
    bindings = declared_bindings(cast("Screen[object]", screen)).key_to_bindings
    return {key for key, found in bindings.items() if any(b.action == "save" for b in found)}


def _field_binds(field: Widget, key: str) -> bool:
    return bool(declared_bindings(field).key_to_bindings.get(key))


def _deliver(field: Widget, event: events.Key) -> None:
    """Hand `event` to `field` behind what it was handed before: a key the field binds
    (Backspace, the arrows) runs its binding, any other is typed into it."""
    bindings = declared_bindings(field).key_to_bindings.get(event.key)
    if bindings:
        field.call_later(field.run_action, bindings[0].action)
    else:
        typed = events.Key(event.key, event.character)
        typed.typed_before_save = True  # type: ignore[attr-defined]  # handed on early
        field.post_message(typed)


class ReplayedTypeAhead:
    """Mixed into a dialog (before its screen class) with more than one thing to type into
    (the reasons: a list ticked by digits, Tab, a text field): the keys typed before it was
    ready are kept and, once it is, typed again in order, as if typed then (Tab moves the
    focus, a digit ticks, text goes into the field). hunt10 M2: `r Tab Q1` in a burst lost
    the text (the Tab ran before the dialog was built, whose focus then went to the list)."""

    AUTO_FOCUS: ClassVar[str | None] = ""
    _rt_early: list[events.Key] | None = None
    _rt_ready_at: float | None = None

    def replay_start(self, focus: Widget) -> None:
        """From `on_mount`: once the keys already sent have reached the dialog, focus
        `focus` and type them again."""
        cast("Screen[object]", self).call_later(self._replay_ready, focus)

    def _replay_ready(self, focus: Widget) -> None:
        screen = cast("Screen[object]", self)
        self._rt_ready_at = Message().time  # the clock Textual stamps every key with
        screen.set_focus(focus)  # at once: `focus()` would follow the keys posted below
        for event in self._rt_early or ():
            self._replay(event)
        self._rt_early = None

    def _replay(self, event: events.Key) -> None:
        """Type `event` again where the focus is now, in order: Tab moves the focus at once,
        a key the dialog binds runs when the focused widget has taken the keys before it,
        any other key goes to the focused widget."""
        screen = cast("Screen[object]", self)
        if event.key in ("tab", "shift+tab"):
            target = screen.focus_next() if event.key == "tab" else screen.focus_previous()
            if target is not None:
                screen.set_focus(target)
            return
        focused = screen.focused
        for binding in declared_bindings(screen).key_to_bindings.get(event.key, ()):
            _namespace, name, parameters = parse_action(binding.action)
            if screen.check_action(name, parameters) and not (
                focused is not None and _field_binds(focused, event.key)
            ):
                # as it applies now (a digit ticks while the list has the focus, which a Tab
                # typed next moves before the widget's queue reaches this)
                action = getattr(screen, f"action_{name}")
                (focused or screen).call_later(action, *parameters)
                return
        if focused is not None:
            _deliver(focused, event)

    def take_early(self, event: events.Key) -> bool:
        """A key that came back up to the application unhandled while this dialog is on top:
        taken (True) when it was typed before the dialog was ready (kept until it is, or
        typed again at once when it is)."""
        if self._rt_ready_at is None:
            if self._rt_early is None:
                self._rt_early = []
            self._rt_early.append(event)
            return True
        if event.time >= self._rt_ready_at:
            return False  # typed since: it went where the focus was
        self._replay(event)
        return True

    def on_key(self, event: events.Key) -> None:
        """A key sent to the dialog while nothing in it was focused yet: kept."""
        if self._rt_ready_at is None:
            event.stop()
            event.prevent_default()
            self.take_early(event)


def hand_on(screen: object, event: events.Key) -> bool:
    """The application's `on_key`: whether the dialog on top took `event` (see above)."""
    return isinstance(screen, TypeAhead | ReplayedTypeAhead) and screen.take_early(event)


__all__ = ["ReplayedTypeAhead", "TypeAhead", "TypeAheadArea", "hand_on"]

"""The server room layout editor (keyboard only): move the cursor, place or erase cells,
see every rule's result change as you go, turn a broken rule into a finding.

Each rule shows OK (kept), NG (broken, with its message) or ?? (not checked: the layout
lacks what the rule is about, e.g. no door placed, with the reason underneath). Only a
broken rule can become a finding.

Open with `app.push_screen(LayoutEditorScreen(context, session_id))`. A session without a
layout starts from the organization's last recorded layout (to record the change), or
from an empty room.

Esc with unsaved work asks first (save, discard or stay: nothing is saved on a stray
key). A completed visit's layout is read-only, as its answers are, and a session that is
not a visit (a self-check, a hearing) has none (`services/site_layouts.py`, walk9 H1).

Unsaved work (the title's mark, and what Esc asks about) is the room as it differs from what
the session already holds. A room started from the last visit's layout is unsaved: it is
what the inspector was shown for this visit, and Esc offers to record it with the visit
(the layout seen now, even when unchanged). An empty room never edited is not: opening the
editor on an organization without a server room and leaving stores nothing, so
`inspector layout show` still says that no layout is recorded and no blank layout travels
in bundles.
"""

from __future__ import annotations

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Footer, Label, Static

from inspector.context import AppContext
from inspector.domain.layout import (
    DIRECTED,
    CellKind,
    Direction,
    Layout,
    Pos,
    RuleResult,
    cell_label,
    evaluate_layout,
    load_site_rules,
    not_checked,
)
from inspector.store.errors import ChangedMeanwhile
from inspector.store.repositories.site import SavedLayout, SeenLayout
from inspector.tui import layout_draw, layout_prompts
from inspector.tui.dates import moment_text
from inspector.tui.layout_load import (
    DEFAULT_SIZE,
    LayoutConflict,
    LayoutFindingAdded,
    LayoutLoaded,
    LayoutSaved,
    load_layout,
)
from inspector.tui.message_lines import message_breaks, message_text
from inspector.tui.messages import DbFailed
from inspector.tui.screens.base import InspectorScreen
from inspector.tui.widgets.layout_grid import LayoutGrid
from inspector.tui.wrapping import Hanging, Wrapped, part_starts

KINDS: tuple[CellKind, ...] = tuple(CellKind)
# number keys 1..9, 0 pick the first ten kinds; [ and ] step through all of them
NUMBER_KEYS = ("1", "2", "3", "4", "5", "6", "7", "8", "9", "0")


class LayoutEditorScreen(InspectorScreen):
    """Grid on the left, the rules with their results on the right."""

    CATEGORY = "layout"
    CSS_PATH = "../layout_editor.tcss"
    BINDINGS = [
        Binding("left,h", "move(-1, 0)", "left", show=False, id="layout.left"),
        Binding("right,l", "move(1, 0)", "right", show=False, id="layout.right"),
        Binding("up,k", "move(0, -1)", "up", show=False, id="layout.up"),
        Binding("down,j", "move(0, 1)", "down", show=False, id="layout.down"),
        Binding("space,enter", "place", "place", key_display="␣", id="layout.place"),
        Binding("x,delete,backspace", "erase", "erase", key_display="x", id="layout.erase"),
        # The number keys pick a kind (the palette lists them); `]` is in `?` help, so that
        # the footer fits 80 columns.
        Binding(
            "right_square_bracket",
            "kind(1)",
            "next kind",
            key_display="]",
            show=False,
            id="layout.next_kind",
        ),
        Binding(
            "left_square_bracket",
            "kind(-1)",
            "previous kind",
            key_display="[",
            show=False,
            id="layout.prev_kind",
        ),
        *[
            Binding(
                key,
                f"pick({index})",
                f"kind {index + 1}",
                show=False,
                id=f"layout.kind_{index + 1}",
            )
            for index, key in enumerate(NUMBER_KEYS)
        ],
        Binding("r", "rotate", "rotate", id="layout.rotate"),
        Binding("n", "next_rule", "next rule", id="layout.rule_next"),
        Binding("f", "finding", "make finding", id="layout.finding"),
        Binding("ctrl+s,s", "save", "save", key_display="s", id="layout.save"),
        Binding("e", "rename", "room name", show=False, id="layout.name"),
        Binding("z", "resize", "size", show=False, id="layout.size"),
        Binding("m", "rescale", "scale", show=False, id="layout.scale"),
        # after a refused save: someone else's newer layout and the user's, in turn
        Binding("t", "theirs", "theirs/mine", show=False, id="layout.theirs"),
        Binding("escape", "back", "back", id="layout.back"),
    ]

    def __init__(self, context: AppContext, session_id: int) -> None:
        super().__init__(context)
        self.session_id = session_id
        self.organization_id: int | None = None
        self.thresholds = load_site_rules().layout
        self.room = Layout(self.t("site.layout.new_room"), *DEFAULT_SIZE)
        self.cursor: Pos = (0, 0)
        self.kind_index = 0
        self.direction = Direction.E
        self.results: list[RuleResult] = evaluate_layout(self.room, self.thresholds)
        self.selected_rule: str | None = None
        # The room as the session holds it (saved), the empty room when nothing is saved
        # and nothing to start from, or None when any room is unsaved work (one started
        # from the last visit's layout): `dirty` is whether the room differs from it.
        self.baseline: Layout | None = self.room
        self.dirty = False
        self.loaded = False
        self.previous: Layout | None = None
        # The version opened (a save over a newer one is refused), the newer layout a
        # refused save met and the user has not looked at yet, and the layout put aside
        # by `t` (theirs or the user's own): nothing typed is dropped.
        self.seen: SeenLayout | None = None
        self.theirs: SavedLayout | None = None
        self.other: Layout | None = None
        self.looked: Layout | None = None  # theirs as they saved it, once looked at
        self._leave_warned = False
        # Whose layout this is (the header says it) and why it cannot be changed: a
        # completed visit or a session that is not a visit (walk9 H1).
        self.organization = ""
        self.session_date = ""
        self.refusal: str | None = None
        self.completed = False

    # -- composition ---------------------------------------------------------------------

    def help_description(self, binding: Binding) -> str:
        """In `?` help the number keys name their kind, as the legend under the grid does."""
        prefix = "layout.kind_"
        if binding.id and binding.id.startswith(prefix):
            index = int(binding.id[len(prefix) :]) - 1
            if 0 <= index < len(KINDS):
                name = self.t(f"site.kind.{KINDS[index].value}")
                return f"{binding.description}{'：' if self.t.lang == 'ja' else ': '}{name}"
        return binding.description

    def compose(self) -> ComposeResult:
        yield Static("", id="layout-title")
        with Horizontal(id="layout-body"):
            with VerticalScroll(id="layout-grid-box"):
                yield LayoutGrid(self.room, id="layout-grid")
            # the legend always whole under the rules, which scroll (fixd: at 80x24 only
            # its first line fitted under them)
            with Vertical(id="layout-side"):
                with VerticalScroll(id="layout-rules-box"):
                    yield Static("", id="layout-rules")
                yield Static("", id="layout-palette")
        yield Label("", id="layout-status")
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(LayoutGrid).focus()
        self._redraw()
        self._load()

    @work(thread=True, exclusive=True, group="layout-load")
    def _load(self) -> None:
        try:
            loaded = load_layout(self.context, self.session_id, self.t)
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
            return
        self.post_message(LayoutLoaded(loaded))

    def on_layout_loaded(self, message: LayoutLoaded) -> None:
        loaded = message.loaded
        self.organization_id = loaded.organization_id
        self.previous = loaded.previous
        self.seen = loaded.seen
        self.organization = loaded.organization
        self.session_date = loaded.session_date
        self.refusal = loaded.refusal
        self.completed = loaded.completed
        self.loaded = True
        started_from_previous = not loaded.saved and loaded.previous is not None
        self.baseline = None if started_from_previous else loaded.layout
        self._set_room(loaded.layout)
        if self.refusal is not None:
            # nothing is stored from a read-only session: shown, never unsaved work
            self.baseline = loaded.layout
            self._set_room(loaded.layout)
            self.notify(self.refusal, severity="warning", timeout=10)
        elif started_from_previous:
            self.notify(self.t("site.layout.started_from", date=loaded.previous_date or ""))

    # -- editing -------------------------------------------------------------------------

    @property
    def kind(self) -> CellKind:
        return KINDS[self.kind_index]

    def _set_room(self, room: Layout) -> None:
        self.room = room
        self.dirty = room != self.baseline
        x, y = self.cursor
        self.cursor = (min(x, room.width - 1), min(y, room.height - 1))
        self.results = evaluate_layout(room, self.thresholds)
        if self.selected_rule and not any(
            r.broken for r in self.results if r.rule_id == self.selected_rule
        ):
            self.selected_rule = None
        self._redraw()

    def action_move(self, dx: int, dy: int) -> None:
        """Move the cursor one cell."""
        x, y = self.cursor
        self.cursor = (
            max(0, min(self.room.width - 1, x + dx)),
            max(0, min(self.room.height - 1, y + dy)),
        )
        self._redraw()

    def _writable(self) -> bool:
        """Whether the room may change; if not, say why (a completed visit: reopen it)."""
        if self.refusal is None:
            return True
        self.notify(self.refusal, severity="warning")
        return False

    def action_place(self) -> None:
        """Put the chosen kind in the cell under the cursor."""
        if self._writable():
            self._set_room(self.room.place(self.cursor, self.kind, self.direction))

    def action_erase(self) -> None:
        """Empty the cell under the cursor."""
        if self._writable():
            self._set_room(self.room.erase(self.cursor))

    def action_kind(self, step: int) -> None:
        """Choose the next (or previous) kind to place."""
        self.kind_index = (self.kind_index + step) % len(KINDS)
        self._redraw()

    def action_pick(self, index: int) -> None:
        """Choose a kind by its number."""
        if 0 <= index < len(KINDS):
            self.kind_index = index
            self._redraw()

    def action_rotate(self) -> None:
        """Turn the rack or air flow under the cursor; elsewhere, the direction to place."""
        cell = self.room.cells.get(self.cursor)
        if cell is not None and cell.kind in DIRECTED:
            if not self._writable():
                return
            self._set_room(self.room.rotate(self.cursor))
            self.direction = (cell.direction or Direction.E).turned()
        else:
            self.direction = self.direction.turned()
        self._redraw()

    def action_next_rule(self) -> None:
        """Select the next broken rule and move the cursor to its first cell."""
        broken = [r for r in self.results if r.broken]
        if not broken:
            self.selected_rule = None
            self._notify_nothing_broken()
            self._redraw()
            return
        ids = [r.rule_id for r in broken]
        index = (ids.index(self.selected_rule) + 1) % len(ids) if self.selected_rule in ids else 0
        chosen = broken[index]
        self.selected_rule = chosen.rule_id
        if chosen.cells:
            self.cursor = chosen.cells[0]
        self._redraw()

    def _selected(self) -> RuleResult | None:
        for result in self.results:
            if result.rule_id == self.selected_rule and result.broken:
                return result
        return None

    def _notify_nothing_broken(self) -> None:
        """No rule is broken: say so, and say when some could not be checked at all."""
        unchecked = not_checked(self.results)
        if unchecked:
            self.notify(
                self.t("site.layout.unchecked_remain", count=len(unchecked)), severity="warning"
            )
        else:
            self.notify(self.t("site.layout.no_broken_rule"))

    def action_finding(self) -> None:
        """Record a broken rule as a finding with the layout, once the user has picked it
        (or confirmed the one marked ▶, listed first): nothing is filed at once (walk9 M9)."""
        broken = [r for r in self.results if r.broken]
        if not broken or self.organization_id is None:
            self._notify_nothing_broken()
            return
        if not self._writable():
            return
        layout_prompts.ask_rule(self, broken, self.organization_id)

    @work(thread=True, group="layout-write")
    def _add_finding(self, room: Layout, result: RuleResult, organization_id: int) -> None:
        from inspector.services.layout_findings import record_layout_finding

        try:
            saved, finding, created = record_layout_finding(
                self.context, self.session_id, room, result, organization_id, self.t, self.seen
            )
        except ChangedMeanwhile as exc:
            self.post_message(LayoutConflict(exc.current))  # type: ignore[arg-type]
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(LayoutSaved(saved, leave=False))
            self.post_message(LayoutFindingAdded(finding.id, created))

    def on_layout_finding_added(self, message: LayoutFindingAdded) -> None:
        from inspector.tui.screens.finding_edit import show_layout_finding

        show_layout_finding(self, message.finding_id, message.created)

    def action_save(self) -> None:
        """Store the layout with the visit."""
        if self.loaded and self._writable():  # before the load, the version is not known
            self._save(self.room, leave=False)

    def action_back(self) -> None:
        """Go back; with changes not saved, ask first: save, discard or stay."""
        if self.dirty and self.loaded and self.refusal is None:
            layout_prompts.ask_leave(self)
        elif self._put_aside() is not None and not self._leave_warned:
            # the user's own layout is put aside (`t`): said once, the next Esc leaves
            self._leave_warned = True
            self.notify(self.t("stale5.layout.put_aside"), severity="warning")
        else:
            self.app.pop_screen()

    def _put_aside(self) -> Layout | None:
        """The layout `t` put aside when it is not what the session holds."""
        aside = self.other
        # theirs as they saved it is not the user's work; the user's own (or theirs
        # edited) is, until the session holds it
        return aside if aside is not None and aside not in (self.baseline, self.looked) else None

    def unsaved_work(self) -> str | None:
        """What quitting now would lose (`tui/unsaved.py`): the room, when it differs from
        what the session holds, or the one put aside after a refused save."""
        if not self.loaded:
            return None
        if self.dirty:
            return self.t("quit4.lost.layout", name=self.room.name)
        aside = self._put_aside()
        return self.t("quit4.lost.layout", name=aside.name) if aside else None

    @work(thread=True, group="layout-write")
    def _save(self, room: Layout, leave: bool) -> None:
        from inspector.services.site_layouts import save_visit_layout

        try:
            saved = save_visit_layout(self.context, self.session_id, room, self.t, self.seen)
        except ChangedMeanwhile as exc:
            self.post_message(LayoutConflict(exc.current))  # type: ignore[arg-type]
        except Exception as exc:
            self.post_message(DbFailed(self.describe(exc)))
        else:
            self.post_message(LayoutSaved(saved, leave))

    def on_layout_conflict(self, message: LayoutConflict) -> None:
        """Someone else saved the layout since it was opened: nothing was written, the
        room stays as the user left it (still unsaved), and who and when are said."""
        current = message.current
        self.theirs = current
        if current is None:  # gone meanwhile: the next save writes the room
            self.seen = SeenLayout(None)
            self.notify(self.t("stale5.layout.gone"), severity="error", timeout=20)
        else:
            when = moment_text(current.saved_at, self.t)
            self.notify(
                self.t("stale5.layout.refused", by=current.saved_by, at=when),
                severity="error",
                timeout=30,
            )
        self._redraw()

    def action_theirs(self) -> None:
        """After a refused save: show the layout saved meanwhile, then yours, in turn."""
        if self.theirs is not None:
            # looked at now: a save from here on replaces this version knowingly
            self.other, self.baseline = self.room, self.theirs.layout
            self.looked = self.theirs.layout
            self.seen = SeenLayout(self.theirs.saved_at)
            self.theirs = None
            self._set_room(self.baseline)
            self.notify(self.t("stale5.layout.showing_theirs"))
        elif self.other is not None:
            self.other, room = self.room, self.other
            self._set_room(room)
        else:
            self.notify(self.t("stale5.layout.no_other"))

    def on_layout_saved(self, message: LayoutSaved) -> None:
        self.seen = SeenLayout(message.saved.saved_at)
        self.baseline = message.saved.layout
        self.dirty = self.room != self.baseline
        if message.leave:
            self.app.pop_screen()
            return
        self.notify(self.t("site.layout.saved"))
        self._redraw()

    def action_rename(self) -> None:
        """Name the room."""
        if self._writable():
            layout_prompts.ask_name(self)

    def action_resize(self) -> None:
        """Change the room's size in cells (width x height)."""
        if self._writable():
            layout_prompts.ask_size(self)

    def action_rescale(self) -> None:
        """Change the length of one cell in metres."""
        if self._writable():
            layout_prompts.ask_scale(self)

    # -- drawing -------------------------------------------------------------------------

    def _redraw(self) -> None:
        t = self.t
        room = self.room
        selected = self._selected()
        marked = frozenset(selected.cells) if selected else frozenset()
        self.query_one(LayoutGrid).show(room, self.cursor, marked)
        read_only = None
        if self.refusal is not None:
            read_only = t("tui.runner.read_only" if self.completed else "fix9w.layout.read_only")
        marks = [t("site.layout.unsaved")] if self.dirty else []
        if self.theirs is not None:
            marks.append(t("stale5.layout.conflict_mark"))
        whose = f"{self.organization} {self.session_date}" if self.organization else ""
        title = layout_draw.title_text(t, room, whose, read_only, marks)
        # whole at 80 columns: on two lines, broken between its parts (tui80)
        self.query_one("#layout-title", Static).update(
            Wrapped(message_text(title), message_breaks, part_starts())
        )
        rules = layout_draw.rules_text(t, self.results, self.selected_rule, self.previous, room)
        # a rule's reason wrapped under its text, not under its mark (fixd)
        self.query_one("#layout-rules", Static).update(Hanging(rules, message_breaks))
        palette = layout_draw.palette_text(t, KINDS, NUMBER_KEYS, self.kind_index)
        # the legend breaks between its entries, never inside one (3:P プリンタ)
        self.query_one("#layout-palette", Static).update(
            Wrapped(palette, message_breaks, part_starts())
        )
        cell = room.cells.get(self.cursor)
        here = t(f"site.kind.{cell.kind.value}") if cell else ""
        status = t(
            "site.layout.cursor",
            cell=cell_label(self.cursor),
            kind=t(f"site.kind.{self.kind.value}"),
            direction=t(f"site.direction.{self.direction.value}"),
        )
        if here:
            status += f"  ({here})"
        self.query_one("#layout-status", Label).update(status)


__all__ = ["LayoutEditorScreen"]

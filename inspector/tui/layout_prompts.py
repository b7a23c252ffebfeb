"""The layout editor's prompts: the room's name, its size in cells, the scale of a cell.
Each asks with `PromptScreen` and sets the editor's room when the answer is good."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.domain.layout import Layout, LayoutError, RuleResult
from inspector.tui.screens.prompt import PromptScreen

if TYPE_CHECKING:
    from inspector.tui.screens.layout_editor import LayoutEditorScreen


def ask_name(editor: LayoutEditorScreen) -> None:
    """Name the room."""

    def done(value: str | None) -> None:
        if value is not None and value.strip():
            editor._set_room(editor.room.renamed(value.strip()))

    editor.app.push_screen(
        PromptScreen(editor.context, editor.t("site.layout.name_prompt"), editor.room.name), done
    )


def ask_size(editor: LayoutEditorScreen) -> None:
    """Change the room's size in cells (width x height)."""

    def done(value: str | None) -> None:
        if value is None:
            return
        try:
            w, _, h = value.lower().replace("×", "x").replace(" ", "").partition("x")
            editor._set_room(editor.room.resized(int(w), int(h)))
        except (ValueError, LayoutError):
            editor.notify(editor.t("site.layout.bad_size"), severity="warning")

    current = f"{editor.room.width}x{editor.room.height}"
    editor.app.push_screen(
        PromptScreen(editor.context, editor.t("site.layout.size_prompt"), current), done
    )


def ask_scale(editor: LayoutEditorScreen) -> None:
    """Change the length of one cell in metres."""

    def done(value: str | None) -> None:
        if value is None:
            return
        try:
            scale = float(value)
            editor._set_room(
                Layout(
                    editor.room.name,
                    editor.room.width,
                    editor.room.height,
                    scale,
                    editor.room.cells,
                )
            )
        except (ValueError, LayoutError):
            editor.notify(editor.t("site.layout.bad_scale"), severity="warning")

    editor.app.push_screen(
        PromptScreen(
            editor.context,
            editor.t("site.layout.scale_prompt"),
            f"{editor.room.scale_m_per_cell:g}",
        ),
        done,
    )


def ask_leave(editor: LayoutEditorScreen) -> None:
    """Esc with changes not saved: save and leave, leave without saving, or stay."""
    from inspector.tui.screens.layout_leave import LayoutLeaveScreen

    def chosen(choice: str | None) -> None:
        if choice == "save":
            editor._save(editor.room, leave=True)
        elif choice == "discard":
            editor.app.pop_screen()

    editor.app.push_screen(LayoutLeaveScreen(editor.context, editor.room.name), chosen)


def ask_rule(editor: LayoutEditorScreen, broken: list[RuleResult], organization_id: int) -> None:
    """The broken rules to pick from for `f`, the one marked ▶ first (Enter confirms it);
    the finding is filed for the rule picked, never before (walk9 M9)."""
    from inspector.tui.screens.finding_edit import ItemPickScreen

    t = editor.t
    chosen = editor._selected()
    if chosen is not None:
        broken = [chosen, *(r for r in broken if r.rule_id != chosen.rule_id)]
    choices = [(r.rule_id, f"{t(r.title_key)}: {t(r.message_key, **r.params)}") for r in broken]
    room = editor.room

    def picked(rule_id: str | None) -> None:
        result = next((r for r in broken if r.rule_id == rule_id), None)
        if result is not None:
            editor.selected_rule = result.rule_id
            editor._redraw()
            editor._add_finding(room, result, organization_id)

    title = t("fix9w.layout.pick_rule")
    editor.app.push_screen(ItemPickScreen(editor.context, title, choices), picked)


__all__ = ["ask_leave", "ask_name", "ask_rule", "ask_scale", "ask_size"]

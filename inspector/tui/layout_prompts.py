"""The layout editor's prompts: the room's name, its size in cells, the scale of a cell.
Each asks with `PromptScreen` and sets the editor's room when the answer is good."""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspector.domain.layout import Layout, LayoutError
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


__all__ = ["ask_name", "ask_scale", "ask_size"]

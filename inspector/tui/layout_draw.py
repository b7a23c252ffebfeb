"""The layout editor's texts: the title (whose layout, read-only, the room and its size),
the rules with their results, and the palette, which is also the map's legend (walk9 M8:
the letters R, O, P, D+, B, K, x the grid shows, each beside its kind)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text

from inspector.domain.layout import (
    GLYPHS,
    CellKind,
    Layout,
    RuleResult,
    RuleState,
    cell_label,
    layout_changes,
)
from inspector.i18n import Translator

# The rule list's mark and style for each state.
STATE_MARKS: dict[RuleState, tuple[str, str]] = {
    RuleState.PASSED: ("OK", "green"),
    RuleState.BROKEN: ("NG", "bold red"),
    RuleState.NOT_CHECKED: ("??", "bold yellow"),
}


def title_text(
    t: Translator, room: Layout, whose: str, read_only: str | None, marks: Sequence[str]
) -> str:
    """「サーバ室レイアウト — 情報政策課 令和7年5月20日  [完了（読み取り専用）]  サーバ室 …」:
    whose visit first, so that a layout is never drawn on the wrong session unseen."""
    title = f"{t('site.layout.title')} — "
    if whose:
        title += f"{whose}  "
    if read_only:
        title += f"[{read_only}]  "
    title += f"{room.name}  " + t(
        "site.layout.size",
        width=room.width,
        height=room.height,
        scale=f"{room.scale_m_per_cell:g}",
    )
    for mark in marks:
        title += f"  [{mark}]"
    return title


def rules_text(
    t: Translator,
    results: Sequence[RuleResult],
    selected_rule: str | None,
    previous: Layout | None,
    room: Layout,
) -> Text:
    """Each rule with OK / NG / ?? and, when not kept, why; ▶ marks the selected one."""
    rules = Text()
    rules.append(t("site.layout.rules") + "\n", style="bold")
    for result in results:
        mark, style = STATE_MARKS[result.state]
        pointer = "▶" if result.rule_id == selected_rule else " "
        rules.append(f"{pointer}{mark} ", style=style)
        rules.append(t(result.title_key) + "\n", style="" if result.ok else "bold")
        if result.state is RuleState.NOT_CHECKED:
            # what is missing from the layout, so that "??" is never read as kept
            rules.append("   " + t(result.message_key, **result.params) + "\n", style="yellow")
        elif result.broken:
            rules.append("   " + t(result.message_key, **result.params) + "\n", style="red")
            if result.rule_id == selected_rule and result.cells:
                cells = ", ".join(cell_label(p) for p in result.cells[:12])
                rules.append("   " + t("site.layout.cells", cells=cells) + "\n")
    if previous is not None and previous != room:
        rules.append(t("site.layout.changes", **layout_changes(previous, room)) + "\n", style="dim")
    return rules


def palette_text(
    t: Translator, kinds: Sequence[CellKind], keys: Sequence[str], chosen: int
) -> Text:
    """`1:R サーバラック  2:O 作業机 …`: the key that picks a kind, the letter the map
    shows for it, and its name; the chosen kind reversed."""
    palette = Text()
    for index, kind in enumerate(kinds):
        key = keys[index] if index < len(keys) else "[]"
        glyph = GLYPHS[kind].strip()
        palette.append(
            f"{key}:{glyph} {t(f'site.kind.{kind.value}')}",
            style="reverse" if index == chosen else "",
        )
        palette.append("  ")
    return palette


__all__ = ["STATE_MARKS", "palette_text", "rules_text", "title_text"]

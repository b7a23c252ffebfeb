"""A room as text and as a finding: cell names (A1), the text grid, the finding (指摘)
for a broken rule with the layout attached, and the cells such a finding marks."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.domain.layout.room import EMPTY_GLYPH, Layout, Pos
from inspector.domain.layout.rules import RuleResult
from inspector.domain.rule_outcome import RuleState

Translate = Callable[..., str]
#: rules whose finding has its own sentence (locales: docs8c.layout_finding)
LAYOUT_SENTENCES = frozenset(
    {"people_apart", "no_clutter", "exhaust_clear", "entrances_controlled", "backup_key_apart"}
)


def cell_label(pos: Pos) -> str:
    """A cell's name as printed: column letters and row number (A1 is the top left)."""
    return f"{column_name(pos[0])}{pos[1] + 1}"


def column_name(x: int) -> str:
    name = ""
    x += 1
    while x:
        x, rest = divmod(x - 1, 26)
        name = chr(ord("A") + rest) + name
    return name


def layout_finding(
    layout: Layout,
    result: RuleResult,
    organization_id: int,
    session_id: int | None,
    t: Translate,
) -> FindingDraft:
    """A finding (指摘) for a broken rule, with the layout and the concerned cells attached.

    Only a broken rule is a finding: a kept rule or one that could not be checked is not."""
    if result.state is not RuleState.BROKEN:
        raise ValueError(f"rule {result.rule_id} is {result.state.value}, not broken")
    title = t(result.title_key)
    # the deficiency as seen, as a sentence (「…置かれていた。」); the rule panel keeps its
    # short message
    key = result.message_key
    if result.rule_id in LAYOUT_SENTENCES:
        key = f"docs8c.layout_finding.{result.rule_id}"
    lines = [t(key, **result.params)]
    if result.cells:
        lines.append(t("site.layout.cells", cells=", ".join(cell_label(p) for p in result.cells)))
    lines.append(t("site.layout.room", name=layout.name or "-"))
    attached = layout.to_json()
    attached["highlight"] = [[x, y] for x, y in result.cells]
    attached["rule"] = result.rule_id
    return FindingDraft(
        kind=FindingKind.FINDING,
        title=f"{t('site.layout.finding_prefix')}{title}",
        text="\n".join(lines),
        organization_id=organization_id,
        session_id=session_id,
        requested_measure=t(f"site.rule.{result.rule_id}.measure"),
        layout=attached,
    )


def highlighted_cells(data: Mapping[str, Any]) -> set[Pos]:
    """The cells a finding's attached layout marks (empty when none)."""
    found: set[Pos] = set()
    for raw in data.get("highlight") or []:
        try:
            found.add((int(raw[0]), int(raw[1])))
        except (TypeError, ValueError, IndexError):
            continue
    return found


def render_grid(layout: Layout, highlight: Iterable[Pos] = ()) -> list[str]:
    """The room as text, two characters per cell, with column letters and row numbers;
    a highlighted cell shows `!` as its second character (`!!` when empty)."""
    marked = set(highlight)
    head = "    " + "".join(column_name(x)[-1] + " " for x in range(layout.width))
    lines = [head.rstrip()]
    for y in range(layout.height):
        row = []
        for x in range(layout.width):
            cell = layout.cells.get((x, y))
            glyph = cell.glyph if cell else EMPTY_GLYPH
            if (x, y) in marked:
                glyph = glyph[0] + "!" if cell else "!!"
            row.append(glyph)
        lines.append(f"{y + 1:>3} " + "".join(row).rstrip())
    return lines

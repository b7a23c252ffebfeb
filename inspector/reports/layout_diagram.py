"""The server room layout as a vector diagram (reportlab graphics) with its legend.

`layout_drawing(layout, t)` returns a `Drawing`, a flowable: the findings notice and the
follow-up report put it in their story as it is. Cells a finding concerns are outlined in
red; the server zone is tinted; racks show their exhaust side as a triangle. With the rule
results, every rule is listed under the legend: kept, broken, or not checked (未確認) with
what the layout lacks, so that a rule left out is never read as kept.
"""

from __future__ import annotations

import io
import math
from collections.abc import Callable, Iterable, Sequence

from reportlab.graphics.shapes import Drawing, Line, Polygon, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, SimpleDocTemplate, Spacer

from inspector.domain.findings import Finding
from inspector.domain.layout import (
    CellKind,
    Direction,
    Layout,
    Pos,
    RuleResult,
    RuleState,
    column_name,
    highlighted_cells,
    server_zone,
)
from inspector.reports.fonts import ensure_font
from inspector.reports.typesetting import (
    BODY_SIZE,
    CHART_SIZE,
    FRAME_PADDING,
    japanese_punctuation,
    paragraph,
)

Translate = Callable[..., str]

FILL: dict[CellKind, colors.Color] = {
    CellKind.RACK: colors.HexColor("#37474F"),
    CellKind.DESK: colors.HexColor("#FFE082"),
    CellKind.PRINTER: colors.HexColor("#FFB74D"),
    CellKind.SHELF: colors.HexColor("#BCAAA4"),
    CellKind.CLUTTER: colors.HexColor("#A1887F"),
    CellKind.WALL: colors.HexColor("#212121"),
    CellKind.DOOR_CONTROLLED: colors.HexColor("#66BB6A"),
    CellKind.DOOR_OPEN: colors.HexColor("#EF9A9A"),
    CellKind.BACKUP_BOX: colors.HexColor("#4FC3F7"),
    CellKind.KEY_CABINET: colors.HexColor("#CE93D8"),
    CellKind.CAMERA: colors.HexColor("#FFFFFF"),
    CellKind.AIRFLOW: colors.HexColor("#FFFFFF"),
}
# A letter in the cell, so the diagram still reads on a black-and-white copy.
LETTER: dict[CellKind, str] = {
    CellKind.RACK: "R",
    CellKind.DESK: "O",
    CellKind.PRINTER: "P",
    CellKind.SHELF: "S",
    CellKind.CLUTTER: "x",
    CellKind.WALL: "",
    CellKind.DOOR_CONTROLLED: "D+",
    CellKind.DOOR_OPEN: "D-",
    CellKind.BACKUP_BOX: "B",
    CellKind.KEY_CABINET: "K",
    CellKind.CAMERA: "C",
    CellKind.AIRFLOW: "",
}
ZONE_TINT = colors.HexColor("#E3F2FD")
GRID_LINE = colors.HexColor("#B0BEC5")
HIGHLIGHT = colors.HexColor("#D50000")
NOT_CHECKED = colors.HexColor("#8D6E00")  # dark amber: reads on white and on a grey copy
LIGHT_TEXT = frozenset({CellKind.RACK, CellKind.WALL})

MAX_CELL = 9 * mm
LEGEND_ROW = 5 * mm
LABEL_MARGIN = 5 * mm


def layout_drawing(
    layout: Layout,
    t: Translate,
    *,
    highlight: Iterable[Pos] = (),
    results: Sequence[RuleResult] = (),
    width: float = 170 * mm,
    max_grid_height: float = 110 * mm,
    title: bool = True,
) -> Drawing:
    """The room drawn to fit `width` points, the legend below it.

    `highlight`: cells to outline (a finding's cells); `results`: rule results whose
    broken cells are outlined too and which are listed under the legend, each with its
    state (a rule not checked with its reason), after a line counting them.
    """
    font = ensure_font()
    marked = set(highlight)
    for result in results:
        if not result.ok:
            marked.update(result.cells)
    cell = min(
        MAX_CELL,
        (width - LABEL_MARGIN) / layout.width,
        max_grid_height / layout.height,
    )
    grid_h = cell * layout.height
    kinds_present = [k for k in CellKind if any(c.kind is k for c in layout.cells.values())]
    legend_entries: list[tuple[str, str]] = [
        (k.value, t(f"site.kind.{k.value}")) for k in kinds_present
    ]
    legend_entries.append(("zone", t("site.layout.zone")))
    if marked:
        legend_entries.append(("highlight", t("site.layout.broken")))
    columns = 3
    legend_rows = (len(legend_entries) + columns - 1) // columns
    rule_lines = [_rule_line(result, t) for result in results]
    if rule_lines:
        rule_lines.insert(0, (japanese_punctuation(_summary(results, t)), colors.black))
    caption_h = 7 * mm if title else 0
    legend_h = 6 * mm + legend_rows * LEGEND_ROW + len(rule_lines) * LEGEND_ROW
    height = caption_h + LABEL_MARGIN + grid_h + 3 * mm + legend_h
    drawing = Drawing(width, height)
    top = height - caption_h
    if title:
        caption = f"{layout.name}  " + t(
            "site.layout.size",
            width=layout.width,
            height=layout.height,
            scale=f"{layout.scale_m_per_cell:g}",
        )
        drawing.add(String(0, height - 5 * mm, caption, fontName=font, fontSize=BODY_SIZE))
    x0 = LABEL_MARGIN
    y_top = top - LABEL_MARGIN  # the grid's top edge

    def box(pos: Pos) -> tuple[float, float]:
        """Lower-left corner of a cell."""
        return x0 + pos[0] * cell, y_top - (pos[1] + 1) * cell

    label_size = CHART_SIZE  # column letters and row numbers: readable on paper
    # narrow cells: label every n-th column / row rather than shrink the labels
    x_step = max(1, math.ceil(label_size * 1.3 / cell))
    y_step = max(1, math.ceil(label_size * 1.1 / cell))
    for x in range(0, layout.width, x_step):
        drawing.add(
            String(
                x0 + x * cell + cell / 2,
                y_top + 1.2 * mm,
                column_name(x),
                fontName=font,
                fontSize=label_size,
                textAnchor="middle",
            )
        )
    for y in range(0, layout.height, y_step):
        drawing.add(
            String(
                x0 - 1 * mm,
                y_top - (y + 1) * cell + cell * 0.3,
                str(y + 1),
                fontName=font,
                fontSize=label_size,
                textAnchor="end",
            )
        )
    zone = server_zone(layout)
    for y in range(layout.height):
        for x in range(layout.width):
            left, bottom = box((x, y))
            fill = ZONE_TINT if (x, y) in zone else colors.white
            drawing.add(
                Rect(
                    left, bottom, cell, cell, fillColor=fill, strokeColor=GRID_LINE, strokeWidth=0.3
                )
            )
    for pos, item in sorted(layout.cells.items()):
        left, bottom = box(pos)
        _draw_cell(drawing, item.kind, item.direction, left, bottom, cell, font)
    for pos in sorted(marked):
        if not layout.inside(pos):
            continue
        left, bottom = box(pos)
        drawing.add(
            Rect(
                left + 0.6,
                bottom + 0.6,
                cell - 1.2,
                cell - 1.2,
                fillColor=None,
                strokeColor=HIGHLIGHT,
                strokeWidth=1.6,
            )
        )
    # legend
    y = y_top - grid_h - 3 * mm - 4 * mm
    drawing.add(String(0, y, t("site.layout.legend"), fontName=font, fontSize=9))
    col_w = width / columns
    for index, (key, label) in enumerate(legend_entries):
        row, col = divmod(index, columns)
        lx = col * col_w
        ly = y - (row + 1) * LEGEND_ROW
        swatch = 3.6 * mm
        if key == "zone":
            drawing.add(Rect(lx, ly, swatch, swatch, fillColor=ZONE_TINT, strokeColor=GRID_LINE))
        elif key == "highlight":
            drawing.add(
                Rect(lx, ly, swatch, swatch, fillColor=None, strokeColor=HIGHLIGHT, strokeWidth=1.6)
            )
        else:
            kind = CellKind(key)
            drawing.add(Rect(lx, ly, swatch, swatch, fillColor=colors.white, strokeColor=GRID_LINE))
            _draw_cell(drawing, kind, Direction.E, lx, ly, swatch, font)
        drawing.add(String(lx + swatch + 1.5 * mm, ly + 0.8 * mm, label, fontName=font, fontSize=8))
    y -= (legend_rows + 1) * LEGEND_ROW
    for text, color in rule_lines:
        drawing.add(String(0, y, text, fontName=font, fontSize=8, fillColor=color))
        y -= LEGEND_ROW
    return drawing


def _summary(results: Sequence[RuleResult], t: Translate) -> str:
    counts = {state: sum(r.state is state for r in results) for state in RuleState}
    return t(
        "site.layout.summary",
        passed=counts[RuleState.PASSED],
        broken=counts[RuleState.BROKEN],
        not_checked=counts[RuleState.NOT_CHECKED],
    )


def _rule_line(result: RuleResult, t: Translate) -> tuple[str, colors.Color]:
    """`[state] rule: what was found` and its colour; for a rule not checked, what the
    layout lacks (the reason's own "not checked:" is left out, the state says it)."""
    message = t(result.message_key, **result.params)
    if result.state is RuleState.PASSED:
        state, color = t("site.layout.ok"), colors.black
    elif result.state is RuleState.BROKEN:
        state, color = t("site.layout.broken"), HIGHLIGHT
    else:
        state, color = t("site.layout.not_checked"), NOT_CHECKED
        message = _without_prefix(message, state)
    # one punctuation style: after Japanese words the colon is full-width
    return japanese_punctuation(f"[{state}] {t(result.title_key)}: {message}"), color


def _without_prefix(message: str, state: str) -> str:
    """`message` without a leading `state:` (未確認: ..., Not checked: ...)."""
    for colon in (":", "："):
        head = state + colon
        if message[: len(head)].casefold() == head.casefold():
            return message[len(head) :].strip()
    return message


def _draw_cell(
    drawing: Drawing,
    kind: CellKind,
    direction: Direction | None,
    left: float,
    bottom: float,
    size: float,
    font: str,
) -> None:
    inset = size * 0.08
    if kind is CellKind.AIRFLOW:
        _arrow(drawing, direction or Direction.E, left, bottom, size)
        return
    drawing.add(
        Rect(
            left + inset,
            bottom + inset,
            size - 2 * inset,
            size - 2 * inset,
            fillColor=FILL[kind],
            strokeColor=colors.black if kind is not CellKind.WALL else FILL[kind],
            strokeWidth=0.4,
        )
    )
    if kind is CellKind.RACK:
        _exhaust(drawing, direction or Direction.E, left, bottom, size)
    letter = LETTER[kind]
    if letter and size * 0.8 >= CHART_SIZE:  # a letter too small to read is left out
        drawing.add(
            String(
                left + size / 2,
                bottom + size * 0.32,
                letter,
                fontName=font,
                fontSize=max(CHART_SIZE, size * 0.42),
                textAnchor="middle",
                fillColor=colors.white if kind in LIGHT_TEXT else colors.black,
            )
        )


def _exhaust(
    drawing: Drawing, direction: Direction, left: float, bottom: float, size: float
) -> None:
    """A small red triangle on the rack's exhaust side."""
    cx, cy = left + size / 2, bottom + size / 2
    h = size * 0.42
    w = size * 0.16
    dx, dy = direction.delta
    dy = -dy  # drawing y grows upwards
    tip = (cx + dx * h, cy + dy * h)
    base_c = (cx + dx * (h - w), cy + dy * (h - w))
    px, py = -dy, dx
    points = [
        tip[0],
        tip[1],
        base_c[0] + px * w,
        base_c[1] + py * w,
        base_c[0] - px * w,
        base_c[1] - py * w,
    ]
    drawing.add(Polygon(points, fillColor=colors.HexColor("#FF5252"), strokeColor=None))


def _arrow(drawing: Drawing, direction: Direction, left: float, bottom: float, size: float) -> None:
    cx, cy = left + size / 2, bottom + size / 2
    dx, dy = direction.delta
    dy = -dy
    half = size * 0.35
    start = (cx - dx * half, cy - dy * half)
    end = (cx + dx * half, cy + dy * half)
    color = colors.HexColor("#1565C0")
    drawing.add(Line(start[0], start[1], end[0], end[1], strokeColor=color, strokeWidth=1.2))
    w = size * 0.14
    px, py = -dy, dx
    back = (end[0] - dx * w * 1.5, end[1] - dy * w * 1.5)
    drawing.add(
        Polygon(
            [
                end[0],
                end[1],
                back[0] + px * w,
                back[1] + py * w,
                back[0] - px * w,
                back[1] - py * w,
            ],
            fillColor=color,
            strokeColor=None,
        )
    )


def layout_pdf(
    layout: Layout,
    t: Translate,
    *,
    results: Sequence[RuleResult] = (),
    highlight: Iterable[Pos] = (),
) -> bytes:
    """A one-page PDF of the diagram (the layout on its own, e.g. for the visit file)."""
    font = ensure_font()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=t("site.layout.title"),
        invariant=1,
    )
    style = ParagraphStyle("t", fontName=font, fontSize=14, leading=20, wordWrap="CJK")
    story = [
        paragraph(t("site.layout.title"), style),
        Spacer(1, 4 * mm),
        layout_drawing(
            layout, t, results=results, highlight=highlight, width=doc.width - 2 * FRAME_PADDING
        ),
    ]
    doc.build(story)
    return buffer.getvalue()


__all__ = ["layout_drawing", "layout_pdf"]


def finding_layout_figures(
    numbered: Sequence[tuple[str, Finding]],
    lang: str,
    width: float,
    heading: Flowable,
    label_style: ParagraphStyle,
) -> list[Flowable]:
    """The layouts attached to findings (a broken layout rule), each under its finding's
    number and title, for the notice and the follow-up report; nothing when none has one."""
    from inspector.i18n import Translator

    with_layout = [(label, f) for label, f in numbered if f.layout]
    if not with_layout:
        return []
    t = Translator(lang)
    story: list[Flowable] = [heading]
    for label, finding in with_layout:
        assert finding.layout is not None
        # the caption never ends a page without its figure
        figure = [
            paragraph(f"{label}　{finding.title}", label_style),
            layout_drawing(
                Layout.from_json(finding.layout),
                t,
                highlight=highlighted_cells(finding.layout),
                width=width,
                max_grid_height=90 * mm,
            ),
        ]
        story.append(KeepTogether(figure))
        story.append(Spacer(1, 3 * mm))
    return story

"""The summary PDF of a consolidation: the tables of the README's JSON interface, with bar
charts (reportlab.graphics), in the embedded Japanese font. Domain objects in, bytes out.
"""

from __future__ import annotations

import io
from datetime import date

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspector.domain.business_days import japan_today
from inspector.domain.checklist import AnswerType, Checklist, Unit
from inspector.domain.consolidation import Consolidation, staff_type_rows
from inspector.domain.era import format_date
from inspector.domain.model import STAFF_TYPE_JA, StaffType
from inspector.reports.pagination import (
    GridTable,
    fitted_widths,
    hold_headings,
    numbered_canvas,
)
from inspector.reports.typesetting import (
    BODY_SIZE,
    CHART_SIZE,
    FRAME_PADDING,
    TABLE_SIZE,
    TextStyles,
    cell,
    paragraph,
    phrased,
)

MARGIN = 16 * mm
BAR = colors.HexColor("#4472C4")
BAR_BAD = colors.HexColor("#C0504D")
HEADER_FILL = colors.HexColor("#E8E8E8")
GRID = colors.HexColor("#555555")
CHART_ITEMS = 15
PAD = 3


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _staff(group: str) -> str:
    try:
        return STAFF_TYPE_JA[StaffType(group)]
    except ValueError:
        return group


def _table(rows: list[list[object]], widths: list[float], styles: TextStyles) -> Table:
    """A grid table at 9 pt: every cell a paragraph (text wraps inside its column), numbers
    right-aligned, the heading row repeated on every page the table continues on."""
    cells = [
        [
            c
            if isinstance(c, Flowable)
            else cell(
                c,
                styles.head
                if r == 0
                else styles.cell
                if i == 0 or (isinstance(c, str) and not _numeric(c))
                else styles.cell_right,
            )
            for i, c in enumerate(row)
        ]
        for r, row in enumerate(rows)
    ]
    table = GridTable(
        cells,
        colWidths=fitted_widths(widths, cells, 2 * PAD),
        repeatRows=1,
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
            ]
        )
    )
    return table


def _numeric(value: object) -> bool:
    text = str(value).strip("()%")
    return text.replace(".", "", 1).isdigit()


def _bar_chart(
    labels: list[str], values: list[float], font: str, width: float, *, title: str
) -> Drawing:
    height = 60 * mm
    drawing = Drawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 14 * mm, 10 * mm
    chart.width, chart.height = width - 20 * mm, height - 20 * mm
    chart.data = [values]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = CHART_SIZE
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = CHART_SIZE
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BAR
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = CHART_SIZE
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(2, height - 10, title, fontName=font, fontSize=BODY_SIZE))
    return drawing


def _bar(rate: float, width: float, font: str) -> Drawing:
    """One bar of the rate chart, its percentage beside it."""
    height = 4.5 * mm
    drawing = Drawing(width, height)
    room = width - 14 * mm
    drawing.add(
        Rect(
            0,
            0.8 * mm,
            max(room * rate, 0.5),
            height - 1.6 * mm,
            fillColor=BAR_BAD,
            strokeColor=None,
        )
    )
    drawing.add(
        String(room * rate + 1.5 * mm, 1.4 * mm, _pct(rate), fontName=font, fontSize=TABLE_SIZE)
    )
    return drawing


def _rate_chart(
    rows: list[tuple[str, float]], styles: TextStyles, width: float, heading: str, scale: str
) -> Table:
    """The items most often broken: each item's number and text, with its bar beside it
    (the text of an item is too long for a chart axis)."""
    label_w = width * 0.55
    bar_w = width - label_w
    data: list[list[object]] = [[heading, scale]]
    data += [[label, _bar(rate, bar_w - 2 * PAD, styles.font)] for label, rate in rows]
    return _table(data, [label_w, bar_w], styles)


def _item_label(checklist: Checklist, item_id: str, lang: str) -> str:
    """An item as the reader knows it: its number and its text."""
    if not checklist.has_item(item_id):
        return item_id
    return f"{item_id}　{checklist.item(item_id).text.get(lang)}"


def render_summary(
    checklist: Checklist,
    result: Consolidation,
    *,
    lang: str = "ja",
    scope: str = "",
    today: date | None = None,
    invariant: bool = False,
    office: str = "",
) -> bytes:
    """The summary PDF as bytes; `office` (the municipality and the office) is printed as
    the sender."""
    styles = TextStyles(lang)
    font = styles.font
    width = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING
    person = checklist.unit is Unit.RESPONDENT
    judged = [i for i in checklist.items if i.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO)]
    hearing = person and bool(judged) and all(i.answer is AnswerType.YES_NO for i in judged)
    good, bad = ("無し", "有り") if hearing else ("遵守", "不遵守")
    unit_word = "操作者" if person else "機関"
    title = checklist.title.get(lang)
    story: list[Flowable] = [
        paragraph(format_date(today or japan_today(), lang), styles.right),
    ]
    if office:
        story.append(paragraph(office, styles.right))
    story += [
        Spacer(1, 3 * mm),
        phrased(f"集計結果　{title}", styles.title, width),
        Spacer(1, 2 * mm),
        paragraph(
            f"点検表：{title}（版 {checklist.version}）" + (f"　対象：{scope}" if scope else ""),
            styles.body,
        ),
        paragraph(
            f"集計対象：{result.population}{'名' if person else '機関'}"
            f"（各{unit_word}の最新の完了した点検）　未完了：{result.missing}"
            f"　点検項目数：{len(checklist.items)}（判定項目 {len(judged)}）",
            styles.body,
        ),
    ]
    # -- distribution
    story.append(paragraph(f"1. 遵守できていない{unit_word}数別の項目数", styles.section))
    rows: list[list[object]] = [[f"遵守できていない{unit_word}数", "項目数", "割合"]]
    for b in result.distribution:
        label = f"0（全{unit_word}遵守）" if b.min == 0 and b.max == 0 else b.label_ja()
        rows.append([label, b.items, _pct(b.share)])
    rows.append(["計", sum(b.items for b in result.distribution), _pct(1.0 if judged else 0.0)])
    story.append(
        KeepTogether(
            [
                _table(rows, [60 * mm, 30 * mm, 30 * mm], styles),
                Spacer(1, 3 * mm),
                _bar_chart(
                    [b.label_ja() for b in result.distribution],
                    [b.items for b in result.distribution],
                    font,
                    width * 0.7,
                    title="項目数",
                ),
            ]
        )
    )
    section = 2
    if checklist.unions:
        story.append(paragraph(f"{section}. 重複を除いた人数", styles.section))
        section += 1
        rows = [["区分", "設問", "人数", "割合"]]
        for u in checklist.unions:
            n = result.unions[u.id]
            rows.append(
                [
                    u.label.get(lang),
                    "・".join(u.items),
                    n,
                    _pct(n / result.population if result.population else 0.0),
                ]
            )
        story.append(_table(rows, [80 * mm, 40 * mm, 25 * mm, 25 * mm], styles))
    if result.groups is not None:
        story.append(paragraph(f"{section}. 職員の種別ごとの「{bad}」の人数", styles.section))
        section += 1
        groups = list(result.groups)
        labels = {u.id: u.label.get(lang) for u in checklist.unions}
        body = staff_type_rows(checklist, result, "集計対象")
        for row in body[1:]:
            key = str(row[0])
            row[0] = labels.get(key) or _item_label(checklist, key, lang)
        rows = [["設問", *(_staff(g) for g in groups), "合計"], *body]
        col = (width * 0.45) / (len(groups) + 1)
        story.append(_table(rows, [width * 0.55] + [col] * (len(groups) + 1), styles))
    # -- items
    story.append(paragraph(f"{section}. 項目別の集計", styles.section))
    section += 1
    worst = sorted((c for c in result.items if c.judged), key=lambda c: -c.rate)[:CHART_ITEMS]
    worst = [c for c in worst if c.noncompliant > 0]
    if worst:
        story.append(
            _rate_chart(
                [(_item_label(checklist, c.item, lang), c.rate) for c in worst],
                styles,
                width,
                f"{bad}の割合が高い項目（{bad} ÷ 対象）",
                f"{bad}の割合",
            )
        )
        story.append(Spacer(1, 4 * mm))
    rows = [["項目", "内容", good, bad, "該当なし", "未回答", "対象", "率"]]
    for c in result.items:
        rows.append(
            [
                c.item,
                checklist.item(c.item).text.get(lang),
                c.compliant if c.judged else f"({c.answered})",
                c.noncompliant if c.judged else "",
                c.not_applicable,
                c.unanswered,
                c.applicable,
                _pct(c.rate) if c.judged else "",
            ]
        )
    fixed = [14 * mm, 0, 13 * mm, 14 * mm, 15 * mm, 13 * mm, 12 * mm, 16 * mm]
    fixed[1] = width - sum(fixed)
    story.append(_table(rows, fixed, styles))
    # -- reasons
    if result.reasons:
        story.append(paragraph(f"{section}. {bad}の多い項目とその要因", styles.section))
        rows = [["項目", "内容", bad, "要因（件数）"]]
        for entry in result.reasons:
            reasons = "\n".join(f"○ {r.label}（{r.count}）" for r in entry.reasons)
            rows.append(
                [
                    entry.item,
                    checklist.item(entry.item).text.get(lang),
                    entry.noncompliant,
                    reasons or "（記載なし）",
                ]
            )
        story.append(_table(rows, [14 * mm, 70 * mm, 16 * mm, width - 100 * mm], styles))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"集計結果 {title}",
        author=office or "inspector",
        invariant=1 if invariant else 0,
    )
    doc.build(hold_headings(story), canvasmaker=numbered_canvas(font, MARGIN / 2))
    return buffer.getvalue()


__all__ = ["render_summary"]

"""The summary PDF of a consolidation: the tables of the README's JSON interface, with bar
charts (reportlab.graphics), in the embedded Japanese font. Domain objects in, bytes out.
"""

from __future__ import annotations

import io
from datetime import date
from xml.sax.saxutils import escape

from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from inspector.domain.checklist import AnswerType, Checklist, Unit
from inspector.domain.consolidation import Consolidation, staff_type_rows
from inspector.domain.era import format_date
from inspector.domain.model import STAFF_TYPE_JA, StaffType
from inspector.reports.fonts import ensure_font

MARGIN = 16 * mm
BAR = colors.HexColor("#4472C4")
BAR_BAD = colors.HexColor("#C0504D")
HEADER_FILL = colors.HexColor("#E8E8E8")
GRID = colors.HexColor("#555555")
CHART_ITEMS = 15


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _staff(group: str) -> str:
    try:
        return STAFF_TYPE_JA[StaffType(group)]
    except ValueError:
        return group


class _Styles:
    def __init__(self, font: str) -> None:
        self.title = ParagraphStyle("t", fontName=font, fontSize=15, leading=20, wordWrap="CJK")
        self.h2 = ParagraphStyle(
            "h2",
            fontName=font,
            fontSize=11.5,
            leading=16,
            spaceBefore=8,
            spaceAfter=4,
            wordWrap="CJK",
        )
        self.body = ParagraphStyle("b", fontName=font, fontSize=9, leading=12.5, wordWrap="CJK")
        self.cell = ParagraphStyle("c", fontName=font, fontSize=8, leading=10.5, wordWrap="CJK")


def _table(rows: list[list[object]], widths: list[float], styles: _Styles, font: str) -> Table:
    cells = [
        [
            Paragraph(escape(str(c)), styles.cell) if isinstance(c, str) and len(c) > 12 else c
            for c in row
        ]
        for row in rows
    ]
    table = Table(cells, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), font, 8),
                ("GRID", (0, 0), (-1, -1), 0.4, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (1, 1), (-1, -1), "RIGHT"),
            ]
        )
    )
    return table


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
    chart.categoryAxis.labels.fontSize = 8
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.bars[0].fillColor = BAR
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)
    drawing.add(String(2, height - 8, title, fontName=font, fontSize=8))
    return drawing


def _rate_chart(
    labels: list[str], rates: list[float], font: str, width: float, title: str
) -> Drawing:
    bar_h = 5.5 * mm
    height = bar_h * max(len(labels), 1) + 22 * mm
    drawing = Drawing(width, height)
    chart = HorizontalBarChart()
    chart.x, chart.y = 22 * mm, 8 * mm
    chart.width, chart.height = width - 32 * mm, height - 18 * mm
    chart.data = [[r * 100 for r in reversed(rates)]]
    chart.categoryAxis.categoryNames = list(reversed(labels))
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = 100
    chart.valueAxis.valueStep = 20
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.labelTextFormat = "%d%%"
    chart.bars[0].fillColor = BAR_BAD
    chart.barLabelFormat = "%.1f%%"
    chart.barLabels.fontName = font
    chart.barLabels.fontSize = 6.5
    chart.barLabels.nudge = 10
    drawing.add(chart)
    drawing.add(String(2, height - 8, title, fontName=font, fontSize=8))
    return drawing


def render_summary(
    checklist: Checklist,
    result: Consolidation,
    *,
    lang: str = "ja",
    scope: str = "",
    today: date | None = None,
    invariant: bool = False,
) -> bytes:
    """The summary PDF as bytes."""
    font = ensure_font()
    styles = _Styles(font)
    width = A4[0] - 2 * MARGIN
    person = checklist.unit is Unit.RESPONDENT
    judged = [i for i in checklist.items if i.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO)]
    hearing = person and bool(judged) and all(i.answer is AnswerType.YES_NO for i in judged)
    good, bad = ("無し", "有り") if hearing else ("遵守", "不遵守")
    unit_word = "操作者" if person else "機関"
    story: list[object] = [
        Paragraph(escape(f"集計結果　{checklist.title.get(lang)}"), styles.title),
        Spacer(1, 3 * mm),
        Paragraph(
            escape(
                f"点検表: {checklist.id}（版 {checklist.version}）　作成日: "
                f"{format_date(today or date.today(), lang)}"
                + (f"　対象: {scope}" if scope else "")
            ),
            styles.body,
        ),
        Paragraph(
            escape(
                f"集計対象: {result.population}{'名' if person else '機関'}"
                f"（各{unit_word}の最新の完了した点検）　未完了: {result.missing}"
                f"　点検項目数: {len(checklist.items)}（判定項目 {len(judged)}）"
            ),
            styles.body,
        ),
    ]
    # -- distribution
    story.append(Paragraph(f"1. 遵守できていない{unit_word}数別の項目数", styles.h2))
    rows: list[list[object]] = [[f"遵守できていない{unit_word}数", "項目数", "割合"]]
    for b in result.distribution:
        label = f"0（全{unit_word}遵守）" if b.min == 0 and b.max == 0 else b.label_ja()
        rows.append([label, b.items, _pct(b.share)])
    rows.append(["計", sum(b.items for b in result.distribution), _pct(1.0 if judged else 0.0)])
    story.append(
        KeepTogether(
            [
                _table(rows, [60 * mm, 30 * mm, 30 * mm], styles, font),
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
        story.append(Paragraph(f"{section}. 重複を除いた人数", styles.h2))
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
        story.append(_table(rows, [80 * mm, 40 * mm, 25 * mm, 25 * mm], styles, font))
    if result.groups is not None:
        story.append(Paragraph(f"{section}. 職員の種別ごとの「{bad}」の人数", styles.h2))
        section += 1
        groups = list(result.groups)
        rows = [
            ["設問", *(_staff(g) for g in groups), "合計"],
            *staff_type_rows(checklist, result, "集計対象"),
        ]
        col = (width - 40 * mm) / (len(groups) + 1)
        story.append(_table(rows, [40 * mm] + [col] * (len(groups) + 1), styles, font))
    # -- items
    story.append(Paragraph(f"{section}. 項目別の集計", styles.h2))
    section += 1
    worst = sorted((c for c in result.items if c.judged), key=lambda c: -c.rate)[:CHART_ITEMS]
    worst = [c for c in worst if c.noncompliant > 0]
    if worst:
        story.append(
            _rate_chart(
                [c.item for c in worst],
                [c.rate for c in worst],
                font,
                width,
                f"{bad}の割合が高い項目（{bad} ÷ 対象）",
            )
        )
    rows = [["項目", "内容", good, bad, "該当なし", "未回答", "対象", "率"]]
    for c in result.items:
        rows.append(
            [
                c.item,
                Paragraph(escape(checklist.item(c.item).text.get(lang)), styles.cell),
                c.compliant if c.judged else f"({c.answered})",
                c.noncompliant if c.judged else "",
                c.not_applicable,
                c.unanswered,
                c.applicable,
                _pct(c.rate) if c.judged else "",
            ]
        )
    fixed = [16 * mm, 0, 13 * mm, 13 * mm, 14 * mm, 13 * mm, 12 * mm, 14 * mm]
    fixed[1] = width - sum(fixed)
    story.append(_table(rows, fixed, styles, font))
    # -- reasons
    if result.reasons:
        story.append(Paragraph(f"{section}. {bad}の多い項目とその要因", styles.h2))
        rows = [["項目", "内容", bad, "要因（件数）"]]
        for entry in result.reasons:
            reasons = (
                "<br/>".join(f"・{escape(r.label)}（{r.count}）" for r in entry.reasons)
                or "（記載なし）"
            )
            rows.append(
                [
                    entry.item,
                    Paragraph(escape(checklist.item(entry.item).text.get(lang)), styles.cell),
                    entry.noncompliant,
                    Paragraph(reasons, styles.cell),
                ]
            )
        story.append(_table(rows, [16 * mm, 70 * mm, 14 * mm, width - 100 * mm], styles, font))
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=f"集計結果 {checklist.id}",
        author="inspector",
        invariant=1 if invariant else 0,
    )

    def page_number(canvas: object, document: object) -> None:
        c = canvas  # reportlab canvas
        c.saveState()  # type: ignore[attr-defined]
        c.setFont(font, 8)  # type: ignore[attr-defined]
        c.drawRightString(A4[0] - MARGIN, 9 * mm, f"{c.getPageNumber()}")  # type: ignore[attr-defined]
        c.restoreState()  # type: ignore[attr-defined]

    doc.build(story, onFirstPage=page_number, onLaterPages=page_number)  # type: ignore[arg-type]
    return buffer.getvalue()


__all__ = ["render_summary"]

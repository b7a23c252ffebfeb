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
from inspector.i18n import Translator
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
_K = "summary."


def _pct(value: float) -> str:
    return f"{value * 100:.1f}%"


def _staff(group: str, t: Translator) -> str:
    try:
        kind = StaffType(group)
    except ValueError:
        return group
    return STAFF_TYPE_JA[kind] if t.lang == "ja" else t(f"tui.consolidation.staff.{kind.value}")


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


def _item_label(checklist: Checklist, item_id: str, t: Translator) -> str:
    """An item as the reader knows it: its number and its text."""
    if not checklist.has_item(item_id):
        return item_id
    return t(_K + "item_label", id=item_id, text=checklist.item(item_id).text.get(t.lang))


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
    t = Translator(lang)
    font = styles.font
    width = A4[0] - 2 * MARGIN - 2 * FRAME_PADDING
    person = checklist.unit is Unit.RESPONDENT
    judged = [i for i in checklist.items if i.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO)]
    hearing = person and bool(judged) and all(i.answer is AnswerType.YES_NO for i in judged)
    suffix = "_hearing" if hearing else ""
    good, bad = t(_K + "good" + suffix), t(_K + "bad" + suffix)
    unit_word = t(_K + ("unit_person" if person else "unit_org"))
    title = checklist.title.get(lang)
    story: list[Flowable] = [
        paragraph(format_date(today or japan_today(), lang), styles.right),
    ]
    if office:
        story.append(paragraph(office, styles.right))
    story += [
        Spacer(1, 3 * mm),
        phrased(t(_K + "title", title=title), styles.title, width),
        Spacer(1, 2 * mm),
        paragraph(
            t(_K + "checklist", title=title, version=checklist.version)
            + (t(_K + "scope", scope=scope) if scope else ""),
            styles.body,
        ),
        paragraph(
            t(
                _K + "population",
                count=result.population,
                counter=t(_K + ("counter_person" if person else "counter_org")),
                unit=unit_word,
                missing=result.missing,
                items=len(checklist.items),
                judged=len(judged),
            ),
            styles.body,
        ),
    ]
    bucket = (lambda b: b.label_ja()) if lang == "ja" else (lambda b: b.label)
    # -- distribution
    story.append(paragraph(t(_K + "section_distribution", n=1, unit=unit_word), styles.section))
    rows: list[list[object]] = [
        [t(_K + "col_broken_by", unit=unit_word), t(_K + "col_items"), t(_K + "col_share")]
    ]
    for b in result.distribution:
        none = b.min == 0 and b.max == 0
        label = t(_K + "none_broke", unit=unit_word) if none else bucket(b)
        rows.append([label, b.items, _pct(b.share)])
    total = sum(b.items for b in result.distribution)
    rows.append([t(_K + "total"), total, _pct(1.0 if judged else 0.0)])
    story.append(
        KeepTogether(
            [
                _table(rows, [60 * mm, 30 * mm, 30 * mm], styles),
                Spacer(1, 3 * mm),
                _bar_chart(
                    [bucket(b) for b in result.distribution],
                    [b.items for b in result.distribution],
                    font,
                    width * 0.7,
                    title=t(_K + "chart_items"),
                ),
            ]
        )
    )
    section = 2
    if checklist.unions:
        story.append(paragraph(t(_K + "section_unions", n=section), styles.section))
        section += 1
        rows = [
            [
                t(_K + "col_union"),
                t(_K + "col_questions"),
                t(_K + "col_people"),
                t(_K + "col_share"),
            ]
        ]
        for u in checklist.unions:
            n = result.unions[u.id]
            rows.append(
                [
                    u.label.get(lang),
                    ("・" if lang == "ja" else ", ").join(u.items),
                    n,
                    _pct(n / result.population if result.population else 0.0),
                ]
            )
        story.append(_table(rows, [80 * mm, 40 * mm, 25 * mm, 25 * mm], styles))
    if result.groups is not None:
        story.append(paragraph(t(_K + "section_groups", n=section, bad=bad), styles.section))
        section += 1
        groups = list(result.groups)
        labels = {u.id: u.label.get(lang) for u in checklist.unions}
        body = staff_type_rows(checklist, result, t(_K + "population_row"))
        for row in body[1:]:
            key = str(row[0])
            row[0] = labels.get(key) or _item_label(checklist, key, t)
        heading: list[object] = [
            t(_K + "col_question"),
            *(_staff(g, t) for g in groups),
            t(_K + "col_total"),
        ]
        rows = [heading, *body]
        col = (width * 0.45) / (len(groups) + 1)
        story.append(_table(rows, [width * 0.55] + [col] * (len(groups) + 1), styles))
    # -- items
    story.append(paragraph(t(_K + "section_items", n=section), styles.section))
    section += 1
    worst = sorted((c for c in result.items if c.judged), key=lambda c: -c.rate)[:CHART_ITEMS]
    worst = [c for c in worst if c.noncompliant > 0]
    if worst:
        story.append(
            _rate_chart(
                [(_item_label(checklist, c.item, t), c.rate) for c in worst],
                styles,
                width,
                t(_K + "worst_heading", bad=bad),
                t(_K + "worst_scale", bad=bad),
            )
        )
        story.append(Spacer(1, 4 * mm))
    rows = [
        [
            t(_K + "col_item"),
            t(_K + "col_text"),
            good,
            bad,
            t(_K + "col_not_applicable"),
            t(_K + "col_unanswered"),
            t(_K + "col_applicable"),
            t(_K + "col_rate"),
        ]
    ]
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
        story.append(paragraph(t(_K + "section_reasons", n=section, bad=bad), styles.section))
        rows = [[t(_K + "col_item"), t(_K + "col_text"), bad, t(_K + "col_reasons")]]
        for entry in result.reasons:
            reasons = "\n".join(
                t(_K + "reason", label=r.label, count=r.count) for r in entry.reasons
            )
            rows.append(
                [
                    entry.item,
                    checklist.item(entry.item).text.get(lang),
                    entry.noncompliant,
                    reasons or t(_K + "no_reasons"),
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
        title=" ".join(t(_K + "title", title=title).split()),
        author=office or "inspector",
        invariant=1 if invariant else 0,
    )
    doc.build(hold_headings(story), canvasmaker=numbered_canvas(font, MARGIN / 2))
    return buffer.getvalue()


__all__ = ["render_summary"]

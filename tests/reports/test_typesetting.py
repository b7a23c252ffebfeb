"""Japanese typesetting, checked on the documents as printed (read back with pdfplumber):
text inside its cells, 禁則, dates whole, no page with only the closing, readable sizes."""

from __future__ import annotations

import dataclasses
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _report_samples as samples
from pdf_layout import (
    all_problems,
    empty_table_tails,
    lines,
    lonely_pages,
    open_pdf,
    page_text,
)

from inspector.reports.blank_forms import FORM_NAMES, form_pdf
from inspector.reports.followup import build_followup
from inspector.reports.forms import load_form
from inspector.reports.notice import build_notice
from inspector.reports.plan_form import build_plan_form
from inspector.reports.typesetting import (
    CANNOT_END,
    CANNOT_START,
    JaParagraph,
    TextStyles,
    paragraph,
)

# a finding as long as a real one, with a date, small kana, ー and brackets at every place
LONG = (
    "サーバ室の入退室管理簿（又は入退室の記録）を作成していなかった。「指定・報告の手続」を"
    "承知していなかったため、令和元年12月31日までの記録がなく、ハードディスクやフロッピー"
    "ディスク、ＵＳＢメモリーの持出し・持込みの記録（「媒体管理簿」）もなかった。"
)
DATES = ("令和元年12月31日", "令和8年11月13日", "2026年1月5日")


def closing_texts(kind: str) -> tuple[str, ...]:
    form = load_form(kind, "ja", ())
    return tuple(
        form.text(key)
        for key in ("end", "signature_heading", "signature_note", "signature_placeholder")
        if key in form.texts
    )


def with_text(data: Any, text: str) -> Any:
    """`data` (a notice, a plan form) whose findings all carry the long `text`."""
    findings = tuple(
        dataclasses.replace(e, finding=dataclasses.replace(e.finding, text=f"{text}（{n}）"))
        for n, e in enumerate(data.findings, start=1)
    )
    return dataclasses.replace(data, findings=findings)


# -- the line breaking itself -------------------------------------------------------------


def broken_lines(text: str, width: float, size: float = 9.0) -> list[str]:
    style = TextStyles("ja").cell
    style = style.clone("t", fontSize=size, leading=size * 1.4)
    p = paragraph(text, style)
    assert isinstance(p, JaParagraph)
    p.wrap(width, 10_000)
    return ["".join(w.text for w in line.words) for line in p.blPara.lines]


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            list("監査記録管理あいうかきくアイウカキ。、・：；）」』】ーっゃョ（「『【 ABC12")
        ),
        min_size=1,
        max_size=120,
    ),
    st.integers(min_value=30, max_value=300),
)
@example("1、111（ 1", 30)  # found by Hypothesis: a space after （ was a break
def test_no_line_starts_or_ends_with_a_forbidden_character(text: str, width: int) -> None:
    result = broken_lines(text, width)
    assert "".join(result) == " ".join(text.split()) or "".join(result).replace(" ", "") == (
        text.replace(" ", "")
    )
    for index, line in enumerate(result):
        body = line.strip()
        if not body:
            continue
        starts_ok = body[0] not in CANNOT_START or index == 0
        # a run of forbidden characters longer than a line may be cut where it must
        crowded = len(body) <= 2 or all(c in CANNOT_START + CANNOT_END for c in body[:2])
        assert starts_ok or crowded, result
        ends_ok = body[-1] not in CANNOT_END or index == len(result) - 1
        assert ends_ok or all(c in CANNOT_START + CANNOT_END for c in body[-2:]), result


@pytest.mark.parametrize("width", [90, 95, 120, 150, 200])  # a date and its 、 fit
def test_a_date_is_never_broken_and_no_line_is_wider_than_its_column(width: int) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    text = "改善計画書は" + "、".join(DATES) * 3 + "までに提出すること。"
    result = broken_lines(text, width)
    joined = "\n".join(result)
    for day in DATES:
        assert joined.count(day) == 3, (day, result)
    font = TextStyles("ja").font
    assert all(stringWidth(line, font, 9) <= width + 0.01 for line in result), result


def test_full_width_spaces_are_kept() -> None:
    p = paragraph("期間：令和　　年　　月　　日", TextStyles("ja").body)
    assert "".join(f.text for f in p.frags) == "期間：令和　　年　　月　　日"


# -- the documents --------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 3, 6, 9, 14])
def test_notice_typesetting(count: int) -> None:
    data = with_text(samples.notice(count), LONG)
    pdf = build_notice(data).data
    assert not all_problems(pdf, tail_texts=closing_texts("notice"))
    with open_pdf(pdf) as doc:
        assert not empty_table_tails(
            doc, ["番号", "種別", "指摘事項", "関連項目", "求める措置", "期限"]
        )
        printed = "\n".join(ln.text for ln in lines(doc))
        assert "令和元年12月31日" in printed.replace("\n", "") and all(
            "令和元年12月31" not in ln.text or "令和元年12月31日" in ln.text for ln in lines(doc)
        )


@pytest.mark.parametrize("count", [2, 5, 8, 12])
def test_plan_form_typesetting(count: int) -> None:
    data = samples.plan_form(count)
    pdf = build_plan_form(with_text(data, LONG)).data
    assert not all_problems(pdf, tail_texts=closing_texts("plan_form"))


@pytest.mark.parametrize("count", [3, 7, 12])
def test_followup_typesetting(count: int) -> None:
    data = samples.followup(count)
    group = data.groups[0]
    long_group = dataclasses.replace(
        group, findings=with_text(samples.notice(count), LONG).findings
    )
    pdf = build_followup(dataclasses.replace(data, groups=(long_group,))).data
    assert not all_problems(pdf, tail_texts=closing_texts("followup"))


def test_the_closing_never_stands_alone_whatever_the_length() -> None:
    """Every length from one finding to a few pages: the signature block and 以上 always
    share their page with the text before them."""
    tails = closing_texts("notice")
    for count in range(1, 12):
        pdf = build_notice(with_text(samples.notice(count), LONG[: 40 + count * 7])).data
        with open_pdf(pdf) as doc:
            assert not lonely_pages(doc, tails), count
            assert "以上" in page_text(doc.pages[-1])


@pytest.mark.parametrize("name", FORM_NAMES)
def test_blank_forms_keep_their_room_to_write(name: str) -> None:
    pdf = form_pdf(name)
    assert not all_problems(pdf)
    with open_pdf(pdf) as doc:
        chars = doc.pages[0].chars
        text = "".join(c["text"] for c in chars)
        assert "期間：令和　　年　　月　　日" in text
        assert len(doc.pages) == 1


def test_summary_typesetting_and_its_header() -> None:
    from inspector.domain.catalog import ChecklistCatalog
    from inspector.domain.consolidation import UnitRecord, consolidate
    from inspector.reports.summary import render_summary
    from inspector.resources import shipped_checklists_dir

    checklist = ChecklistCatalog.from_folders([shipped_checklists_dir()]).get("juki-department")
    judged = [i.id for i in checklist.items][:20]
    records = [
        UnitRecord(
            f"u{n}",
            {item: "noncompliant" if (n + k) % 3 else "compliant" for k, item in enumerate(judged)},
        )
        for n in range(6)
    ]
    result = consolidate(checklist, records)
    pdf = render_summary(
        checklist, result, today=date(2026, 12, 3), office="みどり市　監査委員事務局"
    )
    assert not all_problems(pdf)
    with open_pdf(pdf) as doc:
        pages = len(doc.pages)
        text = "".join(page_text(p) for p in doc.pages)
        footer = [(p.extract_text() or "").splitlines()[-1] for p in doc.pages]
    assert footer == [f"{n} / {pages}" for n in range(1, pages + 1)]
    assert "みどり市監査委員事務局" in text
    assert checklist.id not in text
    # the items' texts are printed beside their bars, not only their numbers
    first = checklist.item(judged[1]).text.get("ja")
    assert "".join(first.split())[:15] in text


def test_the_checks_see_what_reportlab_alone_gets_wrong() -> None:
    """The checks are not vacuous: reportlab's own CJK wrapping hangs 。 past the cell edge
    and a page with only 以上 is seen."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Table, TableStyle

    style = TextStyles("ja").cell
    # the width is chosen so that 。 falls just past the edge of the first line
    cells = [[Paragraph("あ" * n + "。" + "い" * 10, style)] for n in range(8, 14)]
    table = Table(cells, colWidths=[9 * 9 + 4])
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, "black"),
                ("LEFTPADDING", (0, 0), (-1, -1), 1),
                ("RIGHTPADDING", (0, 0), (-1, -1), 1),
            ]
        )
    )
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(
        [table, PageBreak(), Paragraph("以上", TextStyles("ja").body)]
    )
    with open_pdf(buffer.getvalue()) as doc:
        from pdf_layout import chars_outside_cells

        assert chars_outside_cells(doc)
        assert lonely_pages(doc, ["以上"]) == ["page 2 holds only the closing: 以上"]

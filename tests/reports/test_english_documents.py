"""English documents print Japanese data (finding texts are Japanese whatever the language):
the text wraps inside its column by the Japanese rules (禁則) and every column stays on the
page; the English summary has English labels. And pages are not left half empty: a heading
starts its table on the page it is on when the first row fits, never ends a page alone, and a
long row is split rather than leaving a large gap. Read back from the PDFs (pdfplumber)."""

from __future__ import annotations

import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import _report_samples as samples
from pdf_layout import (
    all_problems,
    cells,
    chars_outside_cells,
    forbidden_line_edges,
    lines,
    open_pdf,
    page_text,
)

from inspector.reports.forms import load_form
from inspector.reports.layout_common import CELL_PAD, MARGIN
from inspector.reports.notice import build_notice
from inspector.reports.pagination import ROW_GAP, fitted_widths
from inspector.reports.plan_form import build_plan_form
from inspector.reports.typesetting import FRAME_PADDING, JaParagraph, TextStyles, paragraph

# a finding as the demo writes them: brackets, small kana, 、。 and no space in 80 characters
LONG = (
    "グループ利用のカードを所属長が管理しておらず、又は端末機利用簿に記入させていなかった。"
    "要因：グループ利用方式が新たに設けられ、手順の理解が十分でなかった（急ぎの照会の際に"
    "記入を省略した）。ハードディスクやＵＳＢメモリーの持出し・持込みの記録もなかった。"
)


def with_text(data: Any, text: str) -> Any:
    findings = tuple(
        dataclasses.replace(e, finding=dataclasses.replace(e.finding, text=f"{text}（{n}）"))
        for n, e in enumerate(data.findings, start=1)
    )
    return dataclasses.replace(data, findings=findings)


def on_page(page: Any) -> str:
    """The text printed inside the page (what runs past its edge is not on paper)."""
    inside = page.within_bbox((0, 0, page.width, page.height))
    return "".join((inside.extract_text() or "").split())


def column_text(doc: Any, heading: str) -> str:
    """The text printed in the column under `heading`, inside the page, on every page the
    table is on (found by the heading's cell)."""
    flat = "".join(heading.split())
    found = []
    for page in doc.pages:
        for box in cells(page):
            inside = "".join((page.within_bbox(box).extract_text() or "").split())
            if inside == flat:
                column = page.within_bbox((box[0], box[1], min(box[2], page.width), page.height))
                found.append("".join((column.extract_text() or "").split()))
    return "".join(found)


def headings(kind: str, table: str, lang: str = "en") -> list[str]:
    form = load_form(kind, lang)
    return [c.heading for c in form.columns[table] if "{" not in c.heading]


# -- H4: every column on the page ------------------------------------------------------------


def test_english_notice_keeps_every_column_on_the_page() -> None:
    pdf = build_notice(with_text(samples.notice(3), LONG), lang="en").data
    assert not all_problems(pdf, tail_texts=("End",))
    with open_pdf(pdf) as doc:
        text = "".join(on_page(p) for p in doc.pages)
        right = max(c["x1"] for p in doc.pages for c in p.chars)
        width = doc.pages[0].width
    for heading in headings("notice", "findings"):
        assert "".join(heading.split()) in text, heading
        measures = column_text(doc, "Requested measure")
        deadlines = column_text(doc, "Deadline")
    assert "".join(samples.finding(1).requested_measure.split()) in measures
    assert "31March2025" in deadlines  # the deadline column, its date whole
    assert right <= width - MARGIN + 1


def test_english_plan_form_keeps_every_column_on_the_page() -> None:
    pdf = build_plan_form(with_text(samples.plan_form(3), LONG), lang="en").data
    assert not all_problems(pdf, tail_texts=("End",))
    with open_pdf(pdf) as doc:
        text = "".join(on_page(p) for p in doc.pages)
        right = max(c["x1"] for p in doc.pages for c in p.chars)
        width = doc.pages[0].width
    for heading in headings("plan_form", "plans"):
        assert "".join(heading.split()) in text, heading
        owners = column_text(doc, "Owner")
        deadlines = column_text(doc, "Deadline")
    assert "31March2025" in deadlines and "市民課長佐藤花子" in owners
    assert right <= width - MARGIN + 1


def test_a_column_is_never_widened_to_a_whole_sentence() -> None:
    """An unbreakable run wider than the room the other columns can spare: the widened
    column takes what they spare, the table keeps its width."""
    styles = TextStyles("en")
    rows = [
        [paragraph(h, styles.head) for h in ("No.", "Finding", "Deadline")],
        [
            paragraph("1", styles.cell),
            paragraph("x" * 120, styles.cell),
            paragraph("", styles.cell),
        ],
    ]
    widths = fitted_widths([40.0, 200.0, 60.0], rows, 2 * CELL_PAD)
    assert sum(widths) == pytest.approx(300.0)
    assert all(w > 0 for w in widths) and widths[1] > 200.0


def test_line_breaking_depends_on_the_text_not_the_language() -> None:
    en = TextStyles("en")
    assert isinstance(paragraph(LONG, en.cell), JaParagraph)
    assert not isinstance(paragraph("Requested measure", en.cell), JaParagraph)
    assert isinstance(paragraph("Requested measure", TextStyles("ja").cell), JaParagraph)


# -- M5: 禁則 wherever Japanese text is set --------------------------------------------------


def test_english_followup_follows_the_japanese_line_breaking_rules(
    demo_db: Path, tmp_path: Path
) -> None:
    """The demo's follow-up report in English: its Japanese texts broke anywhere (a line of
    only 「）」, lines starting with 、 or っ) when English documents had no Japanese rules."""
    out = tmp_path / "fu_en.pdf"
    _run(demo_db, "--lang", "en", "report", "followup", "--unsigned", "--doc-lang", "en",
         "-o", str(out))  # fmt: skip
    with open_pdf(out.read_bytes()) as doc:
        assert len(doc.pages) >= 4
        assert not forbidden_line_edges(doc)
        assert not chars_outside_cells(doc)


# -- M8: headings and their tables ---------------------------------------------------------


def last_lines(doc: Any) -> list[str]:
    """The lowest printed line of each page but the last (the footer left out)."""
    footer = doc.pages[0].height - MARGIN
    result = []
    for number in range(1, len(doc.pages)):
        body = [ln for ln in lines(doc) if ln.page == number and ln.top < footer]
        lowest = max(ln.top for ln in body)
        result.append(" ".join(ln.text for ln in body if abs(ln.top - lowest) < 1))
    return result


@pytest.mark.parametrize("lang", ["ja", "en"])
@pytest.mark.parametrize("count", [3, 6])
def test_the_findings_start_on_the_first_page_of_a_signed_notice(lang: str, count: int) -> None:
    """The findings' heading and first row fit under the counts: they are not moved to page 2
    with the whole table (the signature block held with the table's end used to do it)."""
    pdf = build_notice(with_text(samples.notice(count), LONG), lang=lang).data
    form = load_form("notice", lang)
    heading = "".join(form.text("section_findings").split())
    with open_pdf(pdf) as doc:
        first = page_text(doc.pages[0])
        assert len(doc.pages) >= 2
        assert heading in first
        assert "".join(LONG.split())[:12] in first  # the first row's text under it
        assert not any(heading in "".join(ln.split()) for ln in last_lines(doc))


def test_a_heading_never_ends_a_page_in_the_followup(
    demo_followup: bytes,
) -> None:
    form = load_form("followup", "ja")
    kinds = {form.text(k) for k in ("heading_finding", "heading_opinion", "heading_risk")}
    with open_pdf(demo_followup) as doc:
        ends = last_lines(doc)
    assert len(ends) >= 4
    for end in ends:
        flat = end.replace(" ", "")
        assert not flat.startswith("（"), ends  # （3）設備・環境 with its table on the next page
        assert end not in kinds and not flat.startswith(("監査対象", "監査実施日")), ends


def test_a_long_row_is_split_rather_than_leaving_half_a_page_empty() -> None:
    data = with_text(samples.plan_form(8), LONG * 2)
    pdf = build_plan_form(data).data
    with open_pdf(pdf) as doc:
        assert len(doc.pages) >= 2
        for page in doc.pages[:-1]:
            rules = [ln["bottom"] for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5]
            frame_bottom = page.height - MARGIN - FRAME_PADDING
            assert frame_bottom - max(rules) <= ROW_GAP + 1, page.page_number


# -- M6: the English summary -----------------------------------------------------------------


def test_the_english_summary_has_english_labels_and_its_spaces() -> None:
    from datetime import date

    from inspector.domain.catalog import ChecklistCatalog
    from inspector.domain.consolidation import UnitRecord, consolidate
    from inspector.reports.summary import render_summary
    from inspector.resources import shipped_checklists_dir

    checklist = ChecklistCatalog.from_folders([shipped_checklists_dir()]).get("juki-department")
    judged = [i.id for i in checklist.items][:12]
    records = [
        UnitRecord(
            f"u{n}",
            {item: "noncompliant" if (n + k) % 3 else "compliant" for k, item in enumerate(judged)},
        )
        for n in range(5)
    ]
    result = consolidate(checklist, records)
    pdf = render_summary(checklist, result, lang="en", today=date(2026, 12, 3))
    assert not all_problems(pdf)
    with open_pdf(pdf) as doc:
        text = "\n".join(p.extract_text() or "" for p in doc.pages)
    title = checklist.title.get("en")
    assert f"Summary: {title}".split()[:4] == text.split("\n")[1].split()[:4]
    for japanese in ("集計結果", "集計対象", "遵守", "項目数", "割合", "該当なし", "計"):
        assert japanese not in text, japanese
    item = checklist.item(judged[1])
    assert f"{item.id} {item.text.get('en').split()[0]}" in text  # not "d-02The"
    assert "Noncompliant" in text and "Total" in text


# -- the norm is not repeated in an English notice ------------------------------------------


@pytest.fixture(scope="module")
def demo_db(demo_templates: Any, tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil
    from datetime import date

    db = tmp_path_factory.mktemp("docs8b") / "d.db"
    shutil.copy(demo_templates(date(2026, 12, 4)), db)
    return db


def _run(db: Path, *args: str) -> None:
    from click.testing import CliRunner

    from inspector.cli.main import cli

    result = CliRunner().invoke(cli, ["--db", str(db), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output


@pytest.fixture(scope="module")
def demo_followup(demo_db: Path, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("fu") / "fu.pdf"
    _run(demo_db, "report", "followup", "--unsigned", "--date", "2026-12-04", "-o", str(out))
    return out.read_bytes()


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_notice_never_restates_the_norm_in_either_language(
    demo_db: Path, tmp_path: Path, lang: str
) -> None:
    import sqlite3

    with sqlite3.connect(demo_db) as con:
        session, titles, texts = None, [], []
        for sid, title, text in con.execute(
            "SELECT session_id, title, text FROM finding WHERE session_id = ("
            " SELECT session_id FROM finding WHERE session_id IS NOT NULL AND layout IS NULL"
            " GROUP BY session_id ORDER BY count(*) DESC, session_id LIMIT 1)"
        ):
            session = sid
            titles.append("".join(title.split()))
            texts.append("".join(text.split())[:20])
    out = tmp_path / f"n_{lang}.pdf"
    _run(
        demo_db,
        "--lang",
        lang,
        "report",
        "notice",
        "--session",
        str(session),
        "--unsigned",
        "--doc-lang",
        lang,
        "-o",
        str(out),
    )
    form = load_form("notice", lang)
    column = next(c.heading for c in form.columns["findings"] if c.key == "finding")
    with open_pdf(out.read_bytes()) as doc:
        printed = column_text(doc, column)
    assert len(titles) >= 3
    for title, text in zip(titles, texts, strict=True):
        assert text in printed
        assert title not in printed, title


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_closing_is_not_sent_to_a_new_page_when_it_fits(lang: str) -> None:
    """A draft's closing (the plan request under its heading, the draft note, 以上 and the
    root fingerprint) goes to a new page only when the page before has no room for it: the
    heading kept with the next flowable used to carry everything to the next page."""
    form = load_form("notice", lang)
    heading = "".join(form.text("section_plan").split())
    for count in range(1, 9):
        data = with_text(samples.notice(count), LONG[: 30 + 9 * count])
        pdf = build_notice(data, lang=lang, draft=True, root_fingerprint="AB" * 32).data
        with open_pdf(pdf) as doc:
            printed = lines(doc)
            footer = doc.pages[0].height - MARGIN
            for number in range(2, len(doc.pages) + 1):
                body = [  # below the draft's stamp, above the footer
                    ln for ln in printed if ln.page == number and MARGIN - 2 < ln.top < footer
                ]
                top = min(body, key=lambda ln: ln.top)
                if heading not in "".join(top.text.split()):
                    continue
                closing = max(ln.top for ln in body) + 12 - top.top
                before = doc.pages[number - 2]
                lowest = max(c["bottom"] for c in before.chars if c["bottom"] < footer)
                free = footer - FRAME_PADDING - lowest
                assert free < closing, (count, free, closing)

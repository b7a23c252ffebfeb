"""Site PDFs read back: the layout diagram with its legend and rule lines, the registers
with the ledger rows, every blank form."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing

from inspector.demo.site import demo_layout
from inspector.domain.cards import Card, CardEvent, CardEventKind, CardKind, CardUse
from inspector.domain.layout import LayoutThresholds, evaluate_layout
from inspector.domain.model import Person, PersonStatus, StaffType
from inspector.i18n import Translator
from inspector.reports.blank_forms import FORM_NAMES, card_ledger_rows, form_pdf
from inspector.reports.layout_diagram import layout_drawing, layout_pdf


def text_of(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_layout_diagram_has_the_legend_and_the_rules() -> None:
    layout = demo_layout()
    results = evaluate_layout(layout, LayoutThresholds())
    t = Translator("ja")
    drawing = layout_drawing(layout, t, results=results)
    assert isinstance(drawing, Drawing)
    text = text_of(layout_pdf(layout, t, results=results))
    for label in (
        "凡例",
        "サーバラック",
        "バックアップ保管箱",
        "鍵の保管場所",
        "サーバ区域",
        "不適合",
    ):
        assert label in text, label
    assert "保管箱と鍵の分離" in text
    assert "本庁舎 サーバ室" in text


def test_layout_diagram_in_english_and_fits_the_width() -> None:
    layout = demo_layout()
    drawing = layout_drawing(layout, Translator("en"), highlight=[(7, 7)], width=300)
    assert drawing.width == 300
    text = text_of(layout_pdf(layout, Translator("en"), highlight=[(7, 7)]))
    assert "Legend" in text and "Server rack" in text and "Key cabinet" in text


def test_card_ledger_pdf_lists_the_rows() -> None:
    t = Translator("ja")
    cards = [
        Card(1, 1, "OP-01", CardKind.OPERATOR, CardUse.PERSONAL),
        Card(2, 1, "SR-01", CardKind.SERVER_ROOM, CardUse.PERSONAL),
    ]
    people = {7: Person(7, "S7", "山田 花子", 1, StaffType.REGULAR, PersonStatus.ACTIVE)}
    events = [
        CardEvent(
            1, 1, CardEventKind.ISSUE, datetime(2025, 4, 1, 1, tzinfo=UTC), "係長", person_id=7
        ),
        CardEvent(
            2,
            2,
            CardEventKind.FOUND_ELSEWHERE,
            datetime(2025, 5, 2, 3, tzinfo=UTC),
            "監査 太郎",
            place="机の引き出し",
        ),
        CardEvent(3, 2, CardEventKind.LOSS, datetime(2025, 5, 3, 3, tzinfo=UTC), "監査 太郎"),
    ]
    rows = card_ledger_rows(cards, events, people, t)
    assert [r["event"] for r in rows] == ["貸与", "別の場所で発見", "紛失"]
    text = text_of(form_pdf("card-ledger", rows=rows, organization="市民課"))
    assert "所属名：市民課" in text
    assert "OP-01" in text and "山田 花子" in text and "机の引き出し" in text
    assert "操作者識別カード" in text
    assert "1 / 1" in text


@pytest.mark.parametrize("name", FORM_NAMES)
def test_every_blank_form_prints_in_both_languages(name: str) -> None:
    ja = text_of(form_pdf(name))
    en = text_of(form_pdf(name, lang="en"))
    assert "年月日" in ja
    assert "Date" in en and "Checked" in en


def test_layout_diagram_lists_the_rules_not_checked_with_their_reason() -> None:
    """A rack but no door and no backup box: the two rules that cannot be judged are listed
    as not checked (未確認) with what the layout lacks, after the counts; none is left out."""
    from inspector.domain.layout import CellKind, Layout, RuleState

    layout = Layout("別館 サーバ室", 8, 6).place((1, 1), CellKind.RACK)
    results = evaluate_layout(layout, LayoutThresholds())
    states = {r.rule_id: r.state for r in results}
    assert states["entrances_controlled"] is RuleState.NOT_CHECKED
    assert states["backup_key_apart"] is RuleState.NOT_CHECKED
    assert states["exhaust_clear"] is RuleState.PASSED
    for lang, lines in {
        "ja": (
            # one punctuation style: the full-width colon after Japanese words
            "点検ルール：適合 3・不適合 0・未確認 2",
            "[未確認] サーバ区域の入退室管理：扉が配置されていないため、入口の入退室管理を判定できません",
            "[未確認] 保管箱と鍵の分離：バックアップ保管箱も鍵の保管場所も配置されていないため判定できません",
            "[適合] ラック排気面の確保：ラックの排気面はふさがれていない",
        ),
        "en": (
            "Rules: 3 kept, 0 broken, 2 not checked",
            "[not checked] Access control at every entrance: no door is placed in the layout",
            "[not checked] Backup box and key kept apart: neither a backup box nor its key",
        ),
    }.items():
        t = Translator(lang)
        text = text_of(layout_pdf(layout, t, results=results))
        for line in lines:
            assert line in text, (lang, line, text)
        for result in results:
            assert t(result.title_key) in text, (lang, result.rule_id)
        assert text.count(t("site.layout.not_checked")) == 3  # the count and two rules

"""docs8c: what the documents say, read back from the PDFs with pypdf.

The finding printed as the deficiency seen (never the checklist's norm before it), the
reasons line and layout findings as sentences, the sender block (municipality and office
with a space, no invented 職名), です・ます, nothing after 以上, the follow-up's own number
and issuer, the plan form naming the notice it answers."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date

import pytest
from _report_samples import followup, notice, plan_form
from pypdf import PdfReader

from inspector.domain.documents import FindingOnPaper
from inspector.domain.finding_text import deficiency_text, sentences
from inspector.domain.findings import FindingKind, propose_finding
from inspector.domain.layout import layout_finding
from inspector.domain.model import AnswerState
from inspector.i18n import Translator
from inspector.reports.followup import build_followup
from inspector.reports.notice import build_notice
from inspector.reports.plan_form import build_plan_form
from tests.unit.test_layout_rules import grid, result

NORM = "保管箱の鍵は保管箱と別の場所で管理されている"
PROPOSED = f"{NORM}（バックアップ媒体の管理状況点検票）"
SEEN = "保管箱の鍵が同じ机の近接したところに置かれていた。"


def text_of(data: bytes) -> str:
    return "".join(
        "".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def normed(entries: tuple[FindingOnPaper, ...]) -> tuple[FindingOnPaper, ...]:
    """Findings titled with their item's norm (as a proposed finding is), with reasons."""
    return tuple(
        replace(
            e,
            finding=replace(
                e.finding,
                title=PROPOSED,
                text=f"{SEEN}\n要因：担当者止まりで回覧していなかった、周知方法がなかった",
            ),
            # as the documents service gives them: the norm and the title proposed from it
            item_texts=(NORM, PROPOSED),
        )
        for e in entries
    )


def test_plan_form_prints_the_deficiency_not_the_norm_and_names_the_notice() -> None:
    data = plan_form(2)
    data = replace(
        data,
        findings=normed(data.findings),
        notices=(("監第1号", date(2025, 3, 1)),),
    )
    text = text_of(build_plan_form(data, invariant=True).data)
    assert SEEN in text
    assert NORM not in text and "点検票" not in text
    assert "要因：担当者止まりで回覧していなかった、周知方法がなかった。" in text
    assert "令和7年3月1日付け監第1号の監査結果通知書により通知のあった" in text
    assert "監査によるものです。" not in text  # no not-independent finding here


def test_plan_form_without_an_issued_notice_keeps_the_plain_intro() -> None:
    text = text_of(build_plan_form(plan_form(1), invariant=True).data)
    assert "監査結果通知書により通知のあった指摘事項等について" in text
    assert "付け" not in text


def test_followup_prints_the_deficiency_and_its_sender_number_and_issuer() -> None:
    base = followup(2)
    group = replace(base.groups[0], findings=normed(base.groups[0].findings))
    data = replace(
        base,
        groups=(group,),
        municipality="みどり市",
        number="監報第3号",
        issuer="事務局 花子",
        issuer_title="監査委員事務局長",
    )
    text = text_of(build_followup(data, invariant=True).data)
    assert "監報第3号" in text and data.doc_id not in text.split("令和7年3月1日")[0]
    assert "みどり市監査委員事務局" in text  # (the space is gone in the extracted text)
    assert "監査委員事務局長事務局花子" in text
    assert SEEN in text and NORM not in text and "点検票" not in text
    assert "周知方法がなかった。" in text


def test_an_unnumbered_followup_is_marked_as_a_draft_not_with_its_internal_id() -> None:
    data = followup(1)
    text = text_of(build_followup(data, invariant=True).data)
    head = text.split("令和7年3月1日")[0]
    assert "（案）" in head and "F-20250301" not in head and "文書番号" not in head


def test_notice_sender_has_a_space_no_invented_title_and_desu_masu() -> None:
    data = replace(notice(2, not_independent=True), municipality="みどり市")
    raw = PdfReader(io.BytesIO(build_notice(data, invariant=True).data)).pages[0].extract_text()
    assert "みどり市　監査委員事務局" in raw or "みどり市 監査委員事務局" in raw
    text = "".join(raw.split())
    sender = text.split("様")[1].split("情報セキュリティ監査結果通知書")[0]
    assert sender == "みどり市監査委員事務局監査太郎"  # no 監査人 made up for the 職名
    assert "監査が独立性" not in text
    assert "確保されていない監査です。" in text and "監査である。" not in text
    titled = replace(data, title="情報セキュリティ監査責任者")
    text = text_of(build_notice(titled, invariant=True).data)
    assert "情報セキュリティ監査責任者監査太郎" in text


def test_nothing_follows_ijo_the_fingerprint_comes_before_it() -> None:
    rendered = build_notice(notice(1), invariant=True, root_fingerprint="ab" * 32)
    text = text_of(rendered.data)
    assert "ab" * 32 in text
    body = text.split("ab" * 32)[1]
    assert "以上" in body  # 以上 after the fingerprint: the end of the document


def test_english_notice_number_has_no_no_prefix() -> None:
    data = replace(notice(1), number="監第4号")
    text = text_of(build_notice(data, lang="en", invariant=True).data)
    assert "監第4号" in text and "No.監第4号" not in text


def test_the_reasons_line_ends_as_a_sentence() -> None:
    assert sentences("なかった。\n要因：多忙、失念") == "なかった。\n要因：多忙、失念。"
    assert sentences("要因：多忙。") == "要因：多忙。"
    assert sentences("Reasons: busy") == "Reasons: busy."
    finding = replace(notice(1).findings[0].finding, title=NORM, text=f"{SEEN}\n要因：多忙")
    assert deficiency_text(finding, (NORM,)) == f"{SEEN}\n要因：多忙。"
    own = replace(finding, title="鍵の管理について")  # a subject of the inspector's own: kept
    assert deficiency_text(own, (NORM,)).startswith("鍵の管理について\n")


def test_a_proposed_findings_reasons_line_is_a_sentence(shipped_catalog: object) -> None:
    checklist = shipped_catalog.get("backup-media")  # type: ignore[attr-defined]
    item = next(i for i in checklist.items if i.reasons)
    state = AnswerState(value="noncompliant", reasons=(item.reasons[0].id,))
    draft = propose_finding(checklist, item, state, organization_id=1, session_id=1)
    assert draft.text.splitlines()[-1].startswith("要因：")
    assert draft.text.endswith("。")
    english = propose_finding(checklist, item, state, 1, 1, lang="en")
    assert english.text.endswith(".")


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_a_layout_finding_states_the_deficiency_as_a_sentence(lang: str) -> None:
    layout = grid(">x..\n....")
    draft = layout_finding(layout, result(layout, "exhaust_clear"), 7, 3, Translator(lang))
    first = draft.text.splitlines()[0]
    assert first.endswith("。" if lang == "ja" else ".")
    if lang == "ja":
        assert first.endswith("ふさがれていた。")
    assert draft.kind is FindingKind.FINDING

"""The three documents read back with pypdf: Japanese text, era dates, embedded font, QR."""

from __future__ import annotations

import io
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import zxingcpp
from _report_samples import LONG_TEXT, followup, notice, plan_form
from PIL import Image
from pypdf import PdfReader

from inspector.domain.documents import (
    canonical_content,
    canonical_json,
    content_hash,
    parse_payload,
    verification_payload,
)
from inspector.reports.followup import build_followup
from inspector.reports.forms import FormError, load_form
from inspector.reports.notice import build_notice
from inspector.reports.plan_form import build_plan_form
from inspector.reports.qr import qr_image


def text_of(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def flat(text: str) -> str:
    return "".join(text.split())


def test_notice_has_japanese_text_era_dates_deadlines_and_page_numbers() -> None:
    data = notice(3, not_independent=True)
    rendered = build_notice(data, invariant=True)
    text = flat(text_of(rendered.data))
    for expected in [
        "情報セキュリティ監査結果通知書",
        "市民課長様",
        "監査委員事務局",
        "令和7年2月10日",  # visit date
        "令和7年3月1日",  # issue date
        "令和7年3月31日までに改善計画を提出",  # reply-by
        "バックアップ媒体の管理",  # counts by checklist
        "指摘",
        "意見",
        "鍵の保管場所を見直し",
        "独立性が確保されていない",
        f"1/{rendered.pages}",
        data.doc_id,
    ]:
        assert expected in text, expected
    assert rendered.signature_box is not None


def test_font_is_embedded_as_truetype() -> None:
    reader = PdfReader(io.BytesIO(build_notice(notice(2)).data))
    found = []
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object().get("/FontDescriptor")
            if descriptor is not None:
                found.append(
                    ("/FontFile2" in descriptor.get_object(), font.get_object()["/BaseFont"])
                )
    assert found and all(embedded for embedded, _ in found)
    assert any("IPAexGothic" in name for _, name in found)


def test_qr_code_in_the_pdf_decodes_to_the_document_id_and_content_hash() -> None:
    data = notice(2)
    reader = PdfReader(io.BytesIO(build_notice(data).data))
    images = [image for page in reader.pages for image in page.images]
    assert images
    picture = Image.open(io.BytesIO(images[0].data)).convert("L")
    picture = picture.resize((picture.width * 3, picture.height * 3), Image.Resampling.NEAREST)
    decoded = zxingcpp.read_barcodes(picture)
    assert decoded
    assert parse_payload(decoded[0].text) == (data.doc_id, content_hash(data))


def test_qr_image_round_trip() -> None:
    payload = verification_payload("N-20250331-0000abcd", "a" * 64)
    assert zxingcpp.read_barcodes(qr_image(payload))[0].text == payload


def test_long_texts_wrap_across_pages_without_loss() -> None:
    marker = "【終わり】"
    long_text = LONG_TEXT * 30 + marker
    rendered = build_notice(notice(2, long_text=long_text))
    assert rendered.pages >= 3
    text = flat(text_of(rendered.data))
    assert marker in text
    # the split rows interleave with headers and footers, but no character goes missing
    missing = Counter(flat(long_text)) - Counter(text)
    assert not missing
    assert text.count("雑然とした状") == 30


def test_output_is_reproducible_with_invariant() -> None:
    data = notice(3)
    assert build_notice(data, invariant=True).data == build_notice(data, invariant=True).data


def test_plan_form_and_followup() -> None:
    plan_text = flat(text_of(build_plan_form(plan_form(3)).data))
    for expected in [
        "改善計画書",
        "監査委員事務局御中",
        "改善措置の内容",
        "市民課長佐藤花子",
        "実施状況",
        "所属長確認",
        "令和7年3月31日",
    ]:
        assert expected in plan_text, expected
    follow_text = flat(text_of(build_followup(followup(3)).data))
    for expected in [
        "措置状況等の報告",
        "【措置済】令和4年3月31日",
        "【検討中】令和3年9月30日",
        "措置（具体的内容）・対応状況",
        "リスク発現の可能性があるもの",
        "独立性が確保されていない",
    ]:
        assert expected in follow_text, expected


def test_followup_marks_overdue_plans() -> None:
    data = followup(3)
    # plans' deadline 令和7年3月31日, issue date later: not done plans become overdue
    late = type(data)(**{**data.__dict__, "issue_date": date(2025, 6, 1)})
    text = flat(text_of(build_followup(late).data))
    assert "【期限超過】" not in text  # every sample plan ends done
    assert "令和7年6月1日" in text


def test_english_documents_use_english_dates() -> None:
    text = text_of(build_notice(notice(1), lang="en").data)
    assert "Notice of Findings" in text
    assert "31 March 2025" in text
    assert "令和" not in text


def test_content_hash_is_canonical_and_changes_with_content() -> None:
    data = notice(2)
    assert content_hash(data) == content_hash(notice(2))
    assert canonical_json(canonical_content(data)).startswith(b'{"counts":')
    changed = type(data)(**{**data.__dict__, "reply_by": date(2025, 4, 30)})
    assert content_hash(changed) != content_hash(data)
    assert parse_payload(verification_payload(data.doc_id, content_hash(data))) == (
        data.doc_id,
        content_hash(data),
    )
    assert parse_payload("something else") is None


def test_office_forms_override_and_missing_texts(tmp_path: Path) -> None:
    shipped = load_form("notice", "ja")
    custom = tmp_path / "notice.yaml"
    custom.write_text(
        shipped.path.read_text(encoding="utf-8").replace(
            "title: 情報セキュリティ監査結果通知書",
            "title: 情報セキュリティ監査結果について（通知）",
        ),
        encoding="utf-8",
    )
    text = flat(text_of(build_notice(notice(1), forms_dirs=[tmp_path]).data))
    assert "情報セキュリティ監査結果について（通知）" in text
    custom.write_text(
        shipped.path.read_text(encoding="utf-8").replace('    end: "以上"\n', "", 1),
        encoding="utf-8",
    )
    with pytest.raises(FormError, match="missing end"):
        load_form("notice", "ja", [tmp_path])

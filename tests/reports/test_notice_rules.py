"""The rules of issuing a notice, below the command line: the signing time in Japan, the
office's number format checked where the form is read."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from inspector.reports.forms import FormError, load_form
from inspector.reports.signing import appearance_pdf


def test_the_signature_box_shows_japan_time() -> None:
    when = datetime(2026, 12, 2, 14, 47, tzinfo=UTC)  # 23:47 in Tokyo
    page = PdfReader(io.BytesIO(appearance_pdf("監査 太郎", when, 200, 70, "ja"))).pages[0]
    text = page.extract_text()
    assert "23:47:00 JST" in text and "令和8年12月2日" in text and "14:47" not in text


@pytest.mark.parametrize(
    ("template", "says"),
    [("{prefix}第号", "{n}"), ("{prefix}第{number}号", "{number}"), ("{n", "{n")],
)
def test_a_bad_number_format_names_the_form_file(tmp_path: Path, template: str, says: str) -> None:
    shipped = load_form("notice").path.read_text(encoding="utf-8")
    line = 'number_format: "{prefix}第{n}号"'
    assert line in shipped
    (tmp_path / "notice.yaml").write_text(
        shipped.replace(line, f'number_format: "{template}"'), encoding="utf-8"
    )
    with pytest.raises(FormError) as caught:
        load_form("notice", "ja", [tmp_path])
    message = str(caught.value)
    assert str(tmp_path / "notice.yaml") in message and "number_format" in message
    assert says in message


def test_a_notice_compares_names_as_a_bundle_does() -> None:
    """One rule for who is who: a notice's signer and a bundle's signer compare the same way
    (full-width ＡＢＣ was another person to the notice, the same one to a bundle)."""
    from inspector.domain.person_names import same_name
    from inspector.reports.notice_rules import same_person

    pairs = [("監査 太郎", "監査　太郎"), ("ＡＢＣ 太郎", "ABC 太郎"), ("監査 太郎", "監査 次郎")]
    assert [same_person(a, b) for a, b in pairs] == [same_name(a, b) for a, b in pairs]
    assert [same_person(a, b) for a, b in pairs] == [True, True, False]

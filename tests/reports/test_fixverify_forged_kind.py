"""A second inspector of the office signs a notice naming someone else, choosing the payload
(review of forge4): a follow-up's id with an empty issuer is never reassuring, and a signed
PDF with no inspector payload at all is refused as not issued by inspector. Real keys, real
PDFs read back."""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from _report_samples import PASS, followup, notice
from pypdf import PdfReader

from inspector.domain.documents import DocumentKind, kind_of_doc_id, verification_payload
from inspector.i18n import Translator, render
from inspector.reports import keys
from inspector.reports import notice as notice_module
from inspector.reports.followup import build_followup
from inspector.reports.key_roles import KeyRole
from inspector.reports.notice import build_notice
from inspector.reports.signing import sign_pdf
from inspector.reports.verify import Verdict, verify_pdf

FORGER = "偽造 次郎"


@pytest.fixture(scope="module")
def forger(keys_dir: Path) -> keys.Identity:
    """A second inspector, legitimately issued by the office root before roles (forge5):
    what such a key signs under a follow-up's id only warns; a key with a role is refused."""
    keys.issue_inspector(keys_dir, FORGER, "130", PASS, role=None)
    return keys.load_identity(keys_dir, FORGER, PASS)


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _keywords(pdf: bytes) -> str:
    info = PdfReader(io.BytesIO(pdf)).metadata
    return str((info or {}).get("/Keywords", ""))


def test_the_kind_is_read_from_the_signed_id() -> None:
    assert kind_of_doc_id("N-20250301-0000abcd") is DocumentKind.NOTICE
    assert kind_of_doc_id("F-20250301-0000abcd") is DocumentKind.FOLLOWUP
    assert kind_of_doc_id("P-20250301-0000abcd") is DocumentKind.PLAN_FORM
    assert kind_of_doc_id("X-20250301-0000abcd") is None
    assert kind_of_doc_id("N") is None and kind_of_doc_id("N-") is None


def test_a_notice_under_a_followup_id_naming_nobody_is_not_reassuring(
    forger: keys.Identity, keys_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = notice(4)
    forged = replace(data, doc_id="F" + data.doc_id[1:])
    monkeypatch.setattr(
        notice_module, "document_payload", lambda d, h: verification_payload(d.doc_id, h, "")
    )
    pdf = sign_pdf(build_notice(forged), forger)
    assert "監査 太郎" in _text(pdf) and ";issuer=" in _keywords(pdf)
    result = verify_pdf(pdf, keys.load_root(keys_dir))
    # the signature is the office's and the id is signed: valid, but never reassuring
    assert result.valid and result.signer == FORGER
    assert result.issuer == "" and not result.issuer_compared
    assert result.document_kind == "followup"
    en = render(result.message, Translator("en"))
    assert "sent by the office)" not in en  # the old reassuring sentence
    assert f"signed with the key of {FORGER}" in en and "follow-up report" in en
    assert "compare this with the issuer printed on the document" in en
    ja = render(result.message, Translator("ja"))
    assert f"{FORGER} の鍵で署名されています" in ja and "措置状況報告" in ja
    assert f"{FORGER} 以外の個人が発行者として印字されていれば" in ja
    # the same forgery by an inspector key issued with its role: refused (forge5)
    keys.issue_inspector(keys_dir, "偽造 三郎", "130", PASS)
    newer = sign_pdf(build_notice(forged), keys.load_identity(keys_dir, "偽造 三郎", PASS))
    assert verify_pdf(newer, keys.load_root(keys_dir)).verdict is Verdict.WRONG_ROLE


def test_an_id_of_no_kind_naming_nobody_is_refused(
    forger: keys.Identity, keys_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = notice(4)
    monkeypatch.setattr(
        notice_module, "document_payload", lambda d, h: verification_payload(d.doc_id, h, "")
    )
    pdf = sign_pdf(build_notice(replace(data, doc_id="X" + data.doc_id[1:])), forger)
    result = verify_pdf(pdf, keys.load_root(keys_dir))
    assert result.verdict is Verdict.NOT_INSPECTOR_DOCUMENT and not result.valid
    assert FORGER in render(result.message, Translator("ja"))


def test_a_signed_pdf_without_a_payload_is_not_an_inspector_document(
    forger: keys.Identity, keys_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notice_module, "document_payload", lambda d, h: "hello")
    pdf = sign_pdf(build_notice(notice(4)), forger)
    assert "inspector-doc" not in _keywords(pdf)
    result = verify_pdf(pdf, keys.load_root(keys_dir))
    assert result.verdict is Verdict.NOT_INSPECTOR_DOCUMENT and not result.valid
    en = render(result.message, Translator("en"))
    assert en.startswith("not a document issued by inspector")
    assert "issued before the issuer" not in en and FORGER in en
    ja = render(result.message, Translator("ja"))
    assert ja.startswith("inspector が発行した文書ではありません") and FORGER in ja
    # a database at hand changes nothing
    assert verify_pdf(pdf, keys.load_root(keys_dir), lambda _id: None).verdict is (
        Verdict.NOT_INSPECTOR_DOCUMENT
    )


def test_honest_notice_and_followup_still_verify(identity: keys.Identity, keys_dir: Path) -> None:
    root = keys.load_root(keys_dir)
    honest = verify_pdf(sign_pdf(build_notice(notice(4)), identity), root)
    assert honest.valid and honest.issuer == "監査 太郎" and honest.issuer_compared
    assert honest.document_kind == "notice"
    keys.issue_inspector(keys_dir, "事務局", "130", PASS, role=KeyRole.OFFICE)
    office = keys.load_identity(keys_dir, "事務局", PASS)
    report = verify_pdf(sign_pdf(build_followup(followup(2)), office), root)
    assert report.valid and report.document_kind == "followup", report.message
    assert "office key (事務局)" in render(report.message, Translator("en"))

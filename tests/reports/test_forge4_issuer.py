"""A notice signed by a key other than the issuer it names is refused by `verify` (hunt 4,
H3): the named issuer is in the signed payload, compared offline with the signer."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _report_samples import PASS, followup, notice
from pypdf import PdfReader

from inspector.domain.documents import (
    content_hash,
    document_payload,
    parse_payload,
    read_payload,
    verification_payload,
)
from inspector.i18n import Translator, render
from inspector.reports import keys
from inspector.reports import notice as notice_module
from inspector.reports.followup import build_followup
from inspector.reports.notice import build_notice
from inspector.reports.signing import sign_pdf
from inspector.reports.verify import Verdict, verify_pdf
from inspector.store.repositories.findings import IssuedDocument

FORGER = "偽造 次郎"


@pytest.fixture(scope="module")
def forger(keys_dir: Path) -> keys.Identity:
    """A second inspector, legitimately issued by the office root."""
    keys.issue_inspector(keys_dir, FORGER, "130", PASS)
    return keys.load_identity(keys_dir, FORGER, PASS)


@pytest.fixture(scope="module")
def old_keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An office whose keys were issued before roles (forge5): the warnings below are theirs;
    a key with a role refuses what they only warn about (test_forge5_roles)."""
    folder = tmp_path_factory.mktemp("old_keys")
    keys.init_office(folder, PASS)
    keys.issue_inspector(folder, "監査 太郎", "130", PASS, role=None)
    keys.issue_inspector(folder, FORGER, "130", PASS, role=None)
    return folder


def _keywords(pdf: bytes) -> str:
    import io

    info = PdfReader(io.BytesIO(pdf)).metadata
    assert info is not None
    return str(info["/Keywords"])


def _record(pdf: bytes, signer: str) -> IssuedDocument:
    import hashlib

    return IssuedDocument(
        id=1,
        doc_id=notice(4).doc_id,
        kind="notice",
        session_id=1,
        organization_id=1,
        content_hash=content_hash(notice(4)),
        signer=signer,
        file_sha256=hashlib.sha256(pdf).hexdigest(),
        path=None,
        issued_by="x",
        issued_at=datetime.now(UTC),
    )


def test_the_payload_names_the_issuer_and_reads_back() -> None:
    data = replace(notice(1), issuer="室長 三郎;issuer=監査 太郎")
    payload = read_payload(document_payload(data, "a" * 64))
    assert payload is not None and payload.issuer == "室長 三郎;issuer=監査 太郎"
    assert document_payload(data, "a" * 64).isascii()
    # a follow-up report names no person; an old payload names nobody at all
    assert read_payload(document_payload(followup(1), "b" * 64)).issuer == ""  # type: ignore[union-attr]
    old = verification_payload("N-20250301-0000abcd", "c" * 64)
    assert read_payload(old).issuer is None  # type: ignore[union-attr]
    assert parse_payload(old) == ("N-20250301-0000abcd", "c" * 64)
    assert read_payload(old.replace("v1", "v2") + ";issuer=%FF") is None  # not UTF-8


def test_the_honest_notice_verifies_naming_its_issuer(
    identity: keys.Identity, keys_dir: Path
) -> None:
    pdf = sign_pdf(build_notice(notice(4)), identity)
    assert read_payload(_keywords(pdf)).issuer == "監査 太郎"  # type: ignore[union-attr]
    result = verify_pdf(pdf, keys.load_root(keys_dir))
    assert result.valid, result.message
    assert result.issuer == "監査 太郎" and result.issuer_compared
    assert "監査 太郎 本人が署名しています" in render(result.message, Translator("ja"))


def test_a_notice_signed_by_another_inspector_is_refused(
    forger: keys.Identity, keys_dir: Path
) -> None:
    # the attacker's modified client: build and sign directly, no check_notice_signer
    pdf = sign_pdf(build_notice(notice(4)), forger)
    assert "監査 太郎" in "".join(  # the page names the honest inspector
        page.extract_text() for page in PdfReader(__import__("io").BytesIO(pdf)).pages
    )
    root = keys.load_root(keys_dir)
    result = verify_pdf(pdf, root)
    assert result.verdict is Verdict.WRONG_SIGNER and not result.valid
    assert result.signer == FORGER and result.issuer == "監査 太郎"
    ja = render(result.message, Translator("ja"))
    assert "文書の発行者は 監査 太郎 ですが、偽造 次郎 の鍵で署名されています" in ja
    assert "names 監査 太郎 as its issuer" in render(result.message, Translator("en"))
    # a database that recorded it (the forger's own) does not make it valid
    assert not verify_pdf(pdf, root, lambda _id: _record(pdf, FORGER)).valid


def test_a_notice_whose_payload_names_nobody_is_refused(
    forger: keys.Identity, keys_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        notice_module, "document_payload", lambda d, h: verification_payload(d.doc_id, h, "")
    )
    pdf = sign_pdf(build_notice(notice(4)), forger)
    result = verify_pdf(pdf, keys.load_root(keys_dir))
    assert result.verdict is Verdict.WRONG_SIGNER


def test_an_old_payload_verifies_with_a_plain_warning(
    old_keys: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys_dir = old_keys
    identity = keys.load_identity(old_keys, "監査 太郎", PASS)
    forger = keys.load_identity(old_keys, FORGER, PASS)
    # as issued before this change: the payload without the issuer
    monkeypatch.setattr(
        notice_module, "document_payload", lambda d, h: verification_payload(d.doc_id, h)
    )
    pdf = sign_pdf(build_notice(notice(4)), identity)
    assert read_payload(_keywords(pdf)).issuer is None  # type: ignore[union-attr]
    root = keys.load_root(keys_dir)
    result = verify_pdf(pdf, root)
    assert result.valid and not result.issuer_compared and result.issuer is None
    ja = render(result.message, Translator("ja"))
    assert "署名者を文書の発行者と照合できませんでした" in ja and "監査 太郎" in ja
    assert "could not be compared with the named issuer" in render(result.message, Translator("en"))
    # with the database: compared with the signer recorded at issue
    recorded = verify_pdf(pdf, root, lambda _id: _record(pdf, "監査　太郎"))
    assert recorded.valid and recorded.issuer_compared, recorded.message
    forged = sign_pdf(build_notice(notice(4)), forger)
    refused = verify_pdf(forged, root, lambda _id: _record(forged, "監査 太郎"))
    assert refused.verdict is Verdict.WRONG_SIGNER
    assert "偽造 次郎" in render(refused.message, Translator("ja"))


def test_a_followup_names_no_person_and_verifies_with_a_warning(old_keys: Path) -> None:
    keys_dir, identity = old_keys, keys.load_identity(old_keys, "監査 太郎", PASS)
    pdf = sign_pdf(build_followup(followup(2)), identity)
    result = verify_pdf(pdf, keys.load_root(keys_dir))
    assert result.valid and result.issuer == "" and not result.issuer_compared, result.message
    assert result.document_kind == "followup"
    ja = render(result.message, Translator("ja"))
    assert "措置状況報告" in ja and "監査 太郎 の鍵で署名されています" in ja
    assert "文書に印字された発行者と照らし合わせてください" in ja

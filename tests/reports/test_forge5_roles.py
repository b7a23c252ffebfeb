"""The office root writes each signing key's role into its certificate, and `verify`
requires the role the document's kind needs, offline (forge5, points 1 and 2): a notice
by an inspector-role key naming that person, a follow-up report (an office document) by an
office-role key; a v1 payload under a key with a role is a downgrade. Certificates issued
before roles keep verifying, with the warning naming the signer."""

from __future__ import annotations

import hashlib
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest
from _report_samples import PASS, followup, notice
from cryptography import x509

from inspector.domain.documents import DocumentKind, content_hash, verification_payload
from inspector.i18n import Translator, render
from inspector.reports import keys
from inspector.reports import notice as notice_module
from inspector.reports.followup import build_followup
from inspector.reports.key_roles import INSPECTOR_ROLE, OFFICE_ROLE, KeyRole, role_of
from inspector.reports.notice import build_notice
from inspector.reports.notice_rules import IssueRefused
from inspector.reports.role_check import check_role_for
from inspector.reports.signing import sign_pdf
from inspector.reports.verify import Verdict, verify_pdf
from inspector.store.repositories.findings import IssuedDocument

OFFICE = "監査委員事務局 事務局長"
OLD = "旧式 鍵子"


@pytest.fixture(scope="module")
def office(keys_dir: Path) -> keys.Identity:
    keys.issue_inspector(keys_dir, OFFICE, "130", PASS, role=KeyRole.OFFICE)
    return keys.load_identity(keys_dir, OFFICE, PASS)


@pytest.fixture(scope="module")
def old(keys_dir: Path) -> keys.Identity:
    """A key as `keys issue` made it before roles: no role policy."""
    keys.issue_inspector(keys_dir, OLD, "130", PASS, role=None)
    return keys.load_identity(keys_dir, OLD, PASS)


def _ja(result: object) -> str:
    return render(result.message, Translator("ja"))  # type: ignore[attr-defined]


def _record(pdf: bytes, doc_id: str, kind: str, digest: str, signer: str) -> IssuedDocument:
    return IssuedDocument(
        id=1,
        doc_id=doc_id,
        kind=kind,
        session_id=None,
        organization_id=1,
        content_hash=digest,
        signer=signer,
        file_sha256=hashlib.sha256(pdf).hexdigest(),
        path=None,
        issued_by="x",
        issued_at=datetime.now(UTC),
    )


def test_the_role_is_a_certificate_policy(
    identity: keys.Identity, office: keys.Identity, old: keys.Identity
) -> None:
    policies = identity.certificate.extensions.get_extension_for_class(x509.CertificatePolicies)
    assert not policies.critical
    assert [p.policy_identifier for p in policies.value] == [INSPECTOR_ROLE]
    assert role_of(identity.certificate) is KeyRole.INSPECTOR
    assert role_of(office.certificate) is KeyRole.OFFICE
    assert OFFICE_ROLE in [
        p.policy_identifier
        for p in office.certificate.extensions.get_extension_for_class(
            x509.CertificatePolicies
        ).value
    ]
    assert role_of(old.certificate) is None


def test_a_followup_by_the_office_key_verifies(office: keys.Identity, keys_dir: Path) -> None:
    pdf = sign_pdf(build_followup(followup(2)), office)
    result = verify_pdf(pdf, keys.load_root(keys_dir))
    assert result.valid, result.message
    assert result.signer_role == "office" and result.document_kind == "followup"
    ja = _ja(result)
    assert "事務局の鍵" in ja and "照らし合わせてください" not in ja


def test_a_followup_by_an_inspector_key_is_refused(identity: keys.Identity, keys_dir: Path) -> None:
    data = followup(2)
    pdf = sign_pdf(build_followup(data), identity)
    root = keys.load_root(keys_dir)
    result = verify_pdf(pdf, root)
    assert result.verdict is Verdict.WRONG_ROLE and not result.valid
    ja = _ja(result)
    assert "措置状況報告" in ja and "監査 太郎 の監査員の鍵で署名されています" in ja
    assert "wrong role" in render(result.message, Translator("en"))
    # a database that recorded it does not make it valid
    record = _record(pdf, data.doc_id, "followup", content_hash(data), "監査 太郎")
    assert verify_pdf(pdf, root, lambda _id: record).verdict is Verdict.WRONG_ROLE


def test_a_notice_by_an_office_key_is_refused(office: keys.Identity, keys_dir: Path) -> None:
    # the notice names the office key's holder: the name matches, the role does not
    pdf = sign_pdf(build_notice(replace(notice(4), issuer=OFFICE)), office)
    result = verify_pdf(pdf, keys.load_root(keys_dir))
    assert result.verdict is Verdict.WRONG_ROLE, result.message
    assert "事務局の鍵で署名されています" in _ja(result)


def test_a_notice_by_its_inspector_verifies(identity: keys.Identity, keys_dir: Path) -> None:
    result = verify_pdf(sign_pdf(build_notice(notice(4)), identity), keys.load_root(keys_dir))
    assert result.valid and result.signer_role == "inspector", result.message


def test_old_certificates_keep_verifying_with_the_warning(
    old: keys.Identity, keys_dir: Path
) -> None:
    pdf = sign_pdf(build_followup(followup(2)), old)
    result = verify_pdf(pdf, keys.load_root(keys_dir))
    assert result.valid and result.signer_role is None, result.message
    ja = _ja(result)
    assert f"{OLD} の鍵で署名されています" in ja and "照らし合わせてください" in ja


def test_a_v1_payload_under_a_key_with_a_role_is_refused(
    identity: keys.Identity,
    old: keys.Identity,
    keys_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(
        notice_module, "document_payload", lambda d, h: verification_payload(d.doc_id, h)
    )
    root = keys.load_root(keys_dir)
    result = verify_pdf(sign_pdf(build_notice(notice(4)), identity), root)
    assert result.verdict is Verdict.OLD_PAYLOAD_NEW_KEY and not result.valid
    assert "古い形式" in _ja(result) and "監査 太郎" in _ja(result)
    # the same downgrade under an old key is what documents issued before looked like
    legacy = verify_pdf(sign_pdf(build_notice(replace(notice(4), issuer=OLD)), old), root)
    assert legacy.valid and "照合できませんでした" in _ja(legacy), legacy.message


def test_issuing_refuses_a_key_of_the_wrong_role(
    identity: keys.Identity, office: keys.Identity, old: keys.Identity
) -> None:
    with pytest.raises(IssueRefused, match="事務局の鍵"):
        check_role_for(DocumentKind.FOLLOWUP, identity.certificate, "ja")
    with pytest.raises(IssueRefused, match="監査員の鍵"):
        check_role_for(DocumentKind.NOTICE, office.certificate, "ja")
    check_role_for(DocumentKind.FOLLOWUP, office.certificate, "ja")
    check_role_for(DocumentKind.NOTICE, identity.certificate, "ja")
    with pytest.raises(IssueRefused, match="再発行"):  # signs nothing new (forge7)
        check_role_for(DocumentKind.FOLLOWUP, old.certificate, "ja")

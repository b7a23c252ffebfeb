"""Nothing forged (forge5): `keys issue` in a script with no passphrase for the new key;
an office document (follow-up report) signed with an inspector's key; a v1 payload (no
issuer) signed with a key that carries its role."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import PASSPHRASE


def _identity(places: Placeholders):  # type: ignore[no-untyped-def]
    from inspector.reports.keys import load_identity

    return load_identity(Path(places["keys"]), "監査 太郎", PASSPHRASE.encode())


def _followup_by_an_inspector(places: Placeholders) -> None:
    """The corpus inspector (`keys issue`: the inspector role) signs a follow-up report,
    which only the office key signs, with the lower-level functions (a modified client)."""
    from inspector.domain.documents import FollowupData
    from inspector.reports.followup import build_followup
    from inspector.reports.signing import sign_pdf

    data = FollowupData(
        doc_id="F-20261203-0000f5f5",
        office="監査委員事務局",
        issue_date=date(2026, 12, 3),
        groups=(),
    )
    pdf = sign_pdf(build_followup(data), _identity(places))
    (Path(places["tmp"]) / "followup.pdf").write_bytes(pdf)


def _v1_notice_by_a_new_key(places: Placeholders) -> None:
    """A notice whose payload is the old v1 form (no issuer), signed with a key that was
    issued with its role: such keys only ever sign v2."""
    from inspector.domain.documents import NoticeData, verification_payload
    from inspector.domain.model import Organization
    from inspector.reports import notice as notice_module
    from inspector.reports.signing import sign_pdf

    data = NoticeData(
        doc_id="N-20261203-0000f5f6",
        organization=Organization(1, "120", "総務課"),
        office="監査委員事務局",
        inspector="監査 太郎",
        visit_date=date(2026, 12, 1),
        issue_date=date(2026, 12, 3),
        reply_by=date(2027, 1, 15),
        counts=(),
        findings=(),
    )
    current = notice_module.document_payload
    notice_module.document_payload = lambda d, h: verification_payload(d.doc_id, h)  # type: ignore[assignment]
    try:
        pdf = sign_pdf(notice_module.build_notice(data), _identity(places))
    finally:
        notice_module.document_payload = current
    (Path(places["tmp"]) / "v1.pdf").write_bytes(pdf)


CASES = [
    Case(
        id="keys-issue-without-a-key-passphrase",
        keys=True,
        args=["keys", "issue", "新人 四郎", "--organization", "130", "--passphrase-file", "{pass}"],
        env={"INSPECTOR_NEW_KEY_PASSPHRASE": ""},
        expect=["新人 四郎 の鍵のパスフレーズが指定されていません", "--key-passphrase-file"],
        exit_code=1,
    ),
    Case(
        id="verify-followup-signed-by-an-inspector-key",
        keys=True,
        setup=_followup_by_an_inspector,
        args=["verify", "--no-db", "{tmp}/followup.pdf"],
        expect=["文書の種類に合わない役割の鍵（監査 太郎", "事務局の鍵で署名するもの"],
        exit_code=1,
    ),
    Case(
        id="verify-v1-payload-signed-by-a-new-key",
        keys=True,
        setup=_v1_notice_by_a_new_key,
        args=["verify", "--no-db", "{tmp}/v1.pdf"],
        expect=["古い形式の署名データを", "監査 太郎"],
        exit_code=1,
    ),
]

"""Nothing forged (hunt 4): a notice signed by an inspector other than the one it names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import PASSPHRASE

FORGER = "偽造 次郎"


def _forged_notice(places: Placeholders) -> None:
    """A second inspector, legitimately issued by the office root, signs a notice naming
    監査 太郎 with the lower-level build and sign functions (a modified client: the
    issuer-side signer check is skipped)."""
    from inspector.domain.documents import NoticeData
    from inspector.domain.model import Organization
    from inspector.reports.keys import issue_inspector, load_identity
    from inspector.reports.notice import build_notice
    from inspector.reports.signing import sign_pdf

    keys = Path(places["keys"])
    issue_inspector(keys, FORGER, "130", PASSPHRASE.encode())
    forger = load_identity(keys, FORGER, PASSPHRASE.encode())
    data = NoticeData(
        doc_id="N-20261203-0000f0f0",
        organization=Organization(1, "120", "総務課"),
        office="監査委員事務局",
        inspector="監査 太郎",
        visit_date=date(2026, 12, 1),
        issue_date=date(2026, 12, 3),
        reply_by=date(2027, 1, 15),
        counts=(),
        findings=(),
    )
    (Path(places["tmp"]) / "forged.pdf").write_bytes(sign_pdf(build_notice(data), forger))


CASES = [
    Case(
        id="verify-notice-signed-by-another-inspector",
        keys=True,
        setup=_forged_notice,
        args=["verify", "{tmp}/forged.pdf", "--no-db"],
        expect=[
            "{tmp}/forged.pdf",
            "文書が名指す発行者ではない人が署名しています",
            "文書の発行者は 監査 太郎 ですが、偽造 次郎 の鍵で署名されています",
        ],
        exit_code=1,
    ),
    Case(
        id="verify-notice-signed-by-another-inspector-with-the-database",
        keys=True,
        setup=_forged_notice,
        args=["verify", "{tmp}/forged.pdf"],
        expect=["names 監査 太郎 as its issuer, but it was signed with the key of 偽造 次郎"],
        exit_code=1,
        lang="en",
    ),
]

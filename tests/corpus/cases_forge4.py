"""Nothing forged (hunt 4): a notice signed by an inspector other than the one it names; a
bundle whose small content unpacks to a huge one (a gzip bomb)."""

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


def _gzip_bomb(places: Placeholders) -> None:
    """32 MB of spaces gzip'ed to a few dozen KB, in a bundle properly signed by the corpus
    inspector and addressed to the office, whose signed header declares 1000 bytes."""
    import zlib

    from inspector.exchange.bundle.envelope import seal_packed
    from inspector.reports import keys as office_keys

    folder = Path(places["keys"])
    identity = office_keys.load_identity(folder, "監査 太郎", PASSPHRASE.encode())
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    packed = b"".join([*(packer.compress(b" " * (1 << 20)) for _ in range(32)), packer.flush()])
    data = seal_packed(
        packed,
        1000,
        identity.key,
        identity.certificate,
        office_keys.load_encryption_cert(folder),
        bundle_id="corpus-bomb",
    )
    (Path(places["tmp"]) / "bomb.bundle").write_bytes(data)


CASES = [
    Case(
        id="verify-notice-signed-by-another-inspector",
        keys=True,
        setup=_forged_notice,
        args=["verify", "{tmp}/forged.pdf", "--no-db"],
        expect=[
            "{tmp}/forged.pdf",
            "無効です: 文書が名指す発行者ではない人（偽造 次郎（130））が署名しています。",
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
    Case(
        id="bundle-import-gzip-bomb",
        keys=True,
        setup=_gzip_bomb,
        args=["bundle", "import", "{tmp}/bomb.bundle", "--passphrase-file", "{pass}"],
        expect=["{tmp}/bomb.bundle", "署名されたヘッダーが示す 1000 バイトを超えます"],
        exit_code=1,
    ),
]

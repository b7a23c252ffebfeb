"""Revocation (issue 11.3): bad revocations, bad revocation lists, and what a revoked key
may no longer do."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import PASSPHRASE, run_inspector

NAME = "監査 太郎"


_inspector = run_inspector


def _revoked(places: Placeholders) -> None:
    _inspector(places, "keys", "revoke", NAME, "--reason", "紛失")


def _exported_then_revoked(places: Placeholders) -> None:
    _inspector(places, "bundle", "export", "--organization", "120", "-o", f"{places['tmp']}/b.bin")
    _revoked(places)


def _lost_laptop(places: Placeholders) -> None:
    """The office revoked the key; this laptop still holds it, and has the list."""
    _revoked(places)
    inspectors = Path(places["keys"]) / "inspectors"
    for path in (inspectors / "revoked").iterdir():
        stem, _serial, *rest = path.name.split(".")
        shutil.move(path, inspectors / ".".join([stem, *rest]))


def _lists(places: Placeholders) -> tuple[x509.Certificate, ec.EllipticCurvePrivateKey]:
    from inspector.reports.keys import load_root
    from inspector.reports.revocation import load_root_key

    keys = Path(places["keys"])
    root = load_root(keys)
    return root, load_root_key(keys, PASSPHRASE.encode(), root)


def _newer_list_installed(places: Placeholders) -> None:
    from inspector.reports.revocation import ListEntry, build_crl

    root, key = _lists(places)
    entry = ListEntry(12345, datetime.now(UTC), x509.ReasonFlags.key_compromise)
    pem = serialization.Encoding.PEM
    installed = build_crl(root, key, [entry], 2).public_bytes(pem)
    (Path(places["keys"]) / "office" / "revocations.crl").write_bytes(installed)
    (Path(places["tmp"]) / "old.crl").write_bytes(
        build_crl(root, key, [entry], 1).public_bytes(pem)
    )


def _forged_list(places: Placeholders) -> None:
    from inspector.reports.revocation import build_crl

    root, _ = _lists(places)
    forged = build_crl(root, ec.generate_private_key(ec.SECP256R1()), [], 99)
    (Path(places["tmp"]) / "forged.crl").write_bytes(
        forged.public_bytes(serialization.Encoding.PEM)
    )


def _truncated_list(places: Placeholders) -> None:
    from inspector.reports.revocation import build_crl

    root, key = _lists(places)
    data = build_crl(root, key, [], 1).public_bytes(serialization.Encoding.DER)
    (Path(places["tmp"]) / "short.crl").write_bytes(data[: len(data) // 2])


CASES = [
    Case(
        id="revoke-unknown-name",
        keys=True,
        args=["keys", "revoke", "監査 次郎", "--reason", "紛失", "--passphrase-file", "{pass}"],
        expect=["監査員 '監査 次郎' の証明書がありません", NAME, "何も失効させていません"],
        exit_code=1,
    ),
    Case(
        id="revoke-empty-reason",
        keys=True,
        args=["keys", "revoke", NAME, "--reason", "  ", "--passphrase-file", "{pass}"],
        expect=["理由が空です"],
        exit_code=1,
    ),
    Case(
        id="revoke-wrong-passphrase",
        keys=True,
        files={"wrong.txt": "not the passphrase\n"},
        args=["keys", "revoke", NAME, "--reason", "紛失", "--passphrase-file", "{tmp}/wrong.txt"],
        expect=["事務局のルート鍵（", "のパスフレーズが違います"],
        exit_code=1,
    ),
    Case(
        id="revoke-twice",
        keys=True,
        setup=_revoked,
        args=["keys", "revoke", NAME, "--reason", "紛失", "--passphrase-file", "{pass}"],
        expect=["失効済み", "何も失効させていません"],
        exit_code=1,
    ),
    Case(
        id="revoke-with-a-damaged-list-in-the-keys-folder",
        keys=True,
        files={"keys/office/revocations.crl": b"-----BEGIN X509 CRL-----\nAAAA\n"},
        args=["keys", "revoke", NAME, "--reason", "紛失", "--passphrase-file", "{pass}"],
        expect=["{keys}/office/revocations.crl は失効リストではありません"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-not-a-list",
        keys=True,
        files={"list.crl": "organization,code\n"},
        args=["keys", "import-revocations", "{tmp}/list.crl"],
        expect=["{tmp}/list.crl は失効リストではありません"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-truncated",
        keys=True,
        setup=_truncated_list,
        args=["keys", "import-revocations", "{tmp}/short.crl"],
        expect=["{tmp}/short.crl は失効リストではありません"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-forged",
        keys=True,
        setup=_forged_list,
        args=["keys", "import-revocations", "{tmp}/forged.crl"],
        expect=["{tmp}/forged.crl はこの事務局のルートで署名されていません"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-older",
        keys=True,
        setup=_newer_list_installed,
        args=["keys", "import-revocations", "{tmp}/old.crl"],
        expect=["{tmp}/old.crl はここにある失効リスト（番号 2", "より古いものです（番号 1"],
        exit_code=1,
    ),
    Case(
        id="bundle-import-revoked-signer",
        keys=True,
        setup=_exported_then_revoked,
        args=["bundle", "import", "{tmp}/b.bin", "--passphrase-file", "{pass}"],
        expect=[
            "{tmp}/b.bin: 署名者の証明書が失効しています",
            NAME,
            "紛失",
            "何も取り込んでいません",
        ],
        exit_code=1,
    ),
    Case(
        id="sign-with-a-revoked-key",
        keys=True,
        setup=_lost_laptop,
        args=[
            "bundle",
            "export",
            "--organization",
            "120",
            "-o",
            "{tmp}/new.bin",
            "--passphrase-file",
            "{pass}",
        ],
        expect=["に失効しています", "この鍵ではもう署名できません"],
        exit_code=1,
    ),
    Case(
        id="verify-with-a-damaged-list-in-the-keys-folder",
        keys=True,
        files={"keys/office/revocations.crl": b"\x30\x03\x02\x01", "x.pdf": b"%PDF-1.4\n"},
        args=["verify", "{tmp}/x.pdf"],
        expect=["{keys}/office/revocations.crl は失効リストではありません"],
        exit_code=1,
    ),
]

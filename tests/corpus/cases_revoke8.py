"""`keys import-revocations` with a forged, altered or rolled-back list, or a file that is
no list at all (revoke8; a list past its date or made earlier is taken since revoke8b): refused with what and where, in Japanese, the keys
folder and the database unchanged."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from inspector.reports.revocation import ListEntry
from tests.corpus.case import Case, Placeholders
from tests.corpus.cases_revocation import NAME, _lists, _revoked
from tests.corpus.conftest import PASSPHRASE, run_inspector

PEM = serialization.Encoding.PEM
DER = serialization.Encoding.DER


def _write(places: Placeholders, name: str, data: bytes) -> None:
    (Path(places["tmp"]) / name).write_bytes(data)


def _entry(serial: int = 4242, when: datetime | None = None) -> ListEntry:
    return ListEntry(serial, when or datetime.now(UTC), x509.ReasonFlags.key_compromise)


def _signed_by_an_inspector_key(places: Placeholders) -> None:
    """Issuer named as the office root, signed with the (revoked) inspector's own key."""
    from inspector.reports.keys import inspector_paths, load_identity
    from inspector.reports.revocation import build_crl

    keys = Path(places["keys"])
    root, _ = _lists(places)
    identity = load_identity(keys, NAME, PASSPHRASE.encode())
    key = identity.key
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    assert inspector_paths(keys, NAME)[0].is_file()
    _write(places, "inspector.crl", build_crl(root, key, [], 50).public_bytes(PEM))


def _tampered_signature(places: Placeholders) -> None:
    from inspector.reports.revocation import build_crl

    root, key = _lists(places)
    data = bytearray(build_crl(root, key, [_entry()], 5).public_bytes(DER))
    data[-1] ^= 0x01  # the signature's last byte: still a list, no longer the root's
    _write(places, "tampered.crl", bytes(data))


def _list_lost_then_an_empty_one(places: Placeholders) -> None:
    """The office revoked the key; the keys folder's list is lost; a list that leaves the
    revocation out would un-revoke it (the database's log knows better)."""
    from inspector.reports.revocation import build_crl

    _revoked(places)
    (Path(places["keys"]) / "office" / "revocations.crl").unlink()
    root, key = _lists(places)
    _write(places, "empty-list.crl", build_crl(root, key, [], 9).public_bytes(PEM))


def _twice_revoked_then_list_one(places: Placeholders) -> None:
    """Two revocations (lists 2 and 3; 1: made by init-office) recorded; the folder's list
    lost; list 2 offered."""
    from inspector.reports.keys import load_root
    from inspector.reports.revocation import crl_path, parse_crl

    _revoked(places)
    keys = Path(places["keys"])
    first = crl_path(keys).read_bytes()
    assert parse_crl(first, load_root(keys), "list 2")
    run_inspector(places, "keys", "issue", NAME, "--organization", "130")
    _revoked(places)
    crl_path(keys).unlink()
    _write(places, "list-2.crl", first)


def _huge(places: Placeholders) -> None:
    path = Path(places["tmp"]) / "huge.crl"
    with path.open("wb") as handle:
        handle.write(b"-----BEGIN X509 CRL-----\n")
    os.truncate(path, 17 * 1024 * 1024)  # sparse: large to stat, nothing on the disk


def _certificate_not_list(places: Placeholders) -> None:
    _write(places, "root.crl", (Path(places["keys"]) / "office" / "root.pem").read_bytes())


CMD = ["keys", "import-revocations"]

CASES = [
    Case(
        id="import-revocations-signed-by-an-inspector-key",
        keys=True,
        setup=_signed_by_an_inspector_key,
        args=[*CMD, "{tmp}/inspector.crl"],
        expect=["{tmp}/inspector.crl はこの事務局のルートで署名されていません"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-tampered-signature",
        keys=True,
        setup=_tampered_signature,
        args=[*CMD, "{tmp}/tampered.crl"],
        expect=["{tmp}/tampered.crl はこの事務局のルートで署名されていません", "改変"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-leaves-out-what-the-database-knows",
        keys=True,
        setup=_list_lost_then_an_empty_one,
        args=[*CMD, "{tmp}/empty-list.crl"],
        expect=["{tmp}/empty-list.crl", "データベースに記録された失効", "失効は取り消せません"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-older-than-the-database-knows",
        keys=True,
        setup=_twice_revoked_then_list_one,
        args=[*CMD, "{tmp}/list-2.crl"],
        expect=["{tmp}/list-2.crl は番号 2", "最新の失効リスト（番号 3）より古い"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-empty-file",
        keys=True,
        files={"empty.crl": b""},
        args=[*CMD, "{tmp}/empty.crl"],
        expect=["{tmp}/empty.crl は空のファイルです", "何も変更していません"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-blank-file",
        keys=True,
        files={"blank.crl": b"\n \r\n"},
        args=[*CMD, "{tmp}/blank.crl"],
        expect=["{tmp}/blank.crl は空のファイルです"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-huge-file",
        keys=True,
        setup=_huge,
        args=[*CMD, "{tmp}/huge.crl"],
        expect=["{tmp}/huge.crl は 17825792 バイトあり", "上限 16777216 バイト"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-a-device",
        keys=True,
        args=[*CMD, "/dev/null"],
        expect=["/dev/null は普通のファイルではありません"],
        exit_code=1,
    ),
    Case(
        id="import-revocations-a-certificate-not-a-list",
        keys=True,
        setup=_certificate_not_list,
        args=[*CMD, "{tmp}/root.crl"],
        expect=["{tmp}/root.crl は失効リストではありません"],
        exit_code=1,
    ),
]

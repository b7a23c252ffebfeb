"""The envelope of a bundle: encrypted for the office, signed by the exporter.

The file::

    MAGIC | u32 header length | header (canonical JSON) | u64 body length | body
          | u16 signature length | signature

- body: the payload (canonical JSON, gzip'ed) encrypted with AES-256-GCM under a random
  content key, with the header as associated data;
- the content key is wrapped for the office ENCRYPTION key (EC P-256; its certificate is
  issued by the office root with key usage "key agreement" only, office/encryption.pem) by
  ECIES: an ephemeral ECDH key, HKDF-SHA256, AES-256-GCM. The root key only signs
  certificates;
- signature: ECDSA P-256 / SHA-256 by the exporter's key over everything before it; the
  header carries the exporter's certificate and the SHA-256 fingerprint of the office
  encryption certificate the bundle is addressed to.

Format 2 (marker ``INSPECTOR-BUNDLE/2``). Format 1 bundles were encrypted for the office
root key; they are refused with a message saying so (re-export them), never opened by a
fallback.

Opening checks, in order: the format (magic, lengths: a truncated file is refused), the
exporter's certificate (an inspector certificate of this office's root, valid NOW, at
import: `signer`), the signature (a tampered file is refused), the addressee (this
office's encryption certificate), then decrypts with the office encryption key, unpacks
no more than the size the signed header declares (`content_size`; bundles from before
declare none) and never more than `MAX_CONTENT`, so a gzip bomb is refused without being
unpacked, and checks the whole content (`content_checks`).

What a finder can read without the office key: that this is an inspector bundle, when it
was made, the exporter's certificate (name, organization code) and the addressee's
fingerprint. Nothing of the content.
"""

from __future__ import annotations

import base64
import gzip
import json
import os
import struct
import uuid
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.x509.oid import NameOID

from inspector.exchange.bundle.content_checks import (
    CLOCK_SKEW,
    PayloadProblems,
    check_payload,
    known_tables,
)
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.rows import COMPOSITE_KEY, FORMAT, NATURAL_KEY, TABLE_ORDER
from inspector.exchange.bundle.signer import SignerNotAccepted, accept_exporter
from inspector.i18n import Message, message_of
from inspector.reports import keys as office_keys

_MAGIC_PREFIX = b"INSPECTOR-BUNDLE/"
MAGIC = _MAGIC_PREFIX + str(FORMAT).encode() + b"\n"
_WRAP_INFO = b"inspector bundle v2 key wrap"
_MAX_HEADER = 1 << 20
# The unpacked content of one bundle at most: one organization's rows are a few MB (54,950
# answers of the largest benchmark are about 25 MB). Beyond, it is refused both ways: export
# does not make what import would refuse; import never unpacks more than this (or than the
# size the signed header declares), so a small file cannot unpack to fill the memory.
MAX_CONTENT = 256 * 1024 * 1024

# -- keys (pointed at inspector.reports.keys) -----------------------------------------------


def load_office_cert(keys_dir: Path) -> x509.Certificate:
    """The office root certificate: the issuer of exporters and of the encryption key."""
    return office_keys.load_root(keys_dir)


def load_encryption_cert(
    keys_dir: Path, root: x509.Certificate | None = None, *, check_dates: bool = True
) -> x509.Certificate:
    """The office encryption certificate, the addressee of bundles: checked to be issued by
    the office root with key agreement usage. Raises `NoKey` naming
    `inspector keys init-encryption` when the office has none."""
    return office_keys.load_encryption_cert(keys_dir, root, check_dates=check_dates)


def load_encryption_key(keys_dir: Path, passphrase: bytes) -> ec.EllipticCurvePrivateKey:
    """The office encryption key that opens bundles (the office passphrase)."""
    return office_keys.load_encryption_key(keys_dir, passphrase)


def load_signer(keys_dir: Path, name: str, passphrase: bytes) -> office_keys.Identity:
    return office_keys.load_identity(keys_dir, name, passphrase)


def fingerprint(cert: x509.Certificate) -> str:
    return cert.fingerprint(hashes.SHA256()).hex()


def _common_name(cert: x509.Certificate) -> str:
    attrs = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(attrs[0].value) if attrs else "?"


# -- the container --------------------------------------------------------------------------


def canonical(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: object, what: str) -> bytes:
    try:
        return base64.b64decode(str(text), validate=True)
    except ValueError:
        raise BundleRefused(Message("more.envelope.not_base64", what=what)) from None


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(
        algorithm=hashes.SHA256(), length=32, salt=None, info=_WRAP_INFO + ephemeral + recipient
    ).derive(shared)


def _point(key: ec.EllipticCurvePublicKey) -> bytes:
    return key.public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )


def seal(
    payload: Mapping[str, Any],
    signer_key: ec.EllipticCurvePrivateKey,
    signer_cert: x509.Certificate,
    recipient_cert: x509.Certificate,
    *,
    bundle_id: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """Encrypt `payload` for the office encryption certificate `recipient_cert` and sign it
    with the exporter's key (the caller checks the certificate: see `transfer.export_bundle`)."""
    bundle_id = bundle_id or str(uuid.uuid4())
    content = canonical({**payload, "bundle_id": bundle_id})
    if len(content) > MAX_CONTENT:
        raise BundleRefused(Message("forge4.bundle.too_large_to_export", limit=MAX_CONTENT))
    return seal_packed(
        gzip.compress(content, mtime=0),
        len(content),
        signer_key,
        signer_cert,
        recipient_cert,
        bundle_id=bundle_id,
        now=now,
    )


def seal_packed(
    packed: bytes,
    content_size: int | None,
    signer_key: ec.EllipticCurvePrivateKey,
    signer_cert: x509.Certificate,
    recipient_cert: x509.Certificate,
    *,
    bundle_id: str,
    now: datetime | None = None,
) -> bytes:
    """The envelope around already gzip'ed content, its unpacked size declared in the
    signed header (None: not declared, as bundles made before the limit)."""
    office_public = recipient_cert.public_key()
    if not isinstance(office_public, ec.EllipticCurvePublicKey):
        raise BundleRefused(Message("more.envelope.recipient_not_ec"))
    content_key = AESGCM.generate_key(bit_length=256)
    ephemeral = ec.generate_private_key(ec.SECP256R1())
    eph_point = _point(ephemeral.public_key())
    kek = _kek(ephemeral.exchange(ec.ECDH(), office_public), eph_point, _point(office_public))
    wrap_nonce, nonce = os.urandom(12), os.urandom(12)
    header: dict[str, Any] = {
        "format": FORMAT,
        "bundle_id": bundle_id,
        "created_at": (now or datetime.now(UTC)).isoformat(),
        "recipient": fingerprint(recipient_cert),
        "signer_certificate": signer_cert.public_bytes(serialization.Encoding.PEM).decode(),
        "cipher": "AES-256-GCM",
        "key_wrap": "ECDH-P256/HKDF-SHA256/AES-256-GCM",
        "ephemeral_key": _b64(eph_point),
        "wrap_nonce": _b64(wrap_nonce),
        "wrapped_key": _b64(AESGCM(kek).encrypt(wrap_nonce, content_key, _WRAP_INFO)),
        "nonce": _b64(nonce),
    }
    if content_size is not None:
        header["content_size"] = content_size  # the unpacking limit at import
    header_bytes = canonical(header)
    body = AESGCM(content_key).encrypt(nonce, packed, header_bytes)
    signed = (
        MAGIC
        + struct.pack(">I", len(header_bytes))
        + header_bytes
        + struct.pack(">Q", len(body))
        + body
    )
    signature = signer_key.sign(signed, ec.ECDSA(hashes.SHA256()))
    return signed + struct.pack(">H", len(signature)) + signature


@dataclass(frozen=True)
class OpenedBundle:
    bundle_id: str
    created_at: datetime
    signer: str
    signer_organization: str | None
    signer_certificate: x509.Certificate
    payload: dict[str, Any]
    # set when the exporter's expired certificate was accepted (`--accept-expired`)
    expired_on: datetime | None = None


def _content_limit(header: Mapping[str, Any]) -> int:
    """How many bytes the content may unpack to: the size the signed header declares
    (bundles from before carry none: the absolute limit)."""
    declared = header.get("content_size")
    if declared is None:
        return MAX_CONTENT
    if type(declared) is not int or not 0 <= declared <= MAX_CONTENT:
        raise BundleRefused(Message("forge4.bundle.declared_size", size=repr(declared)[:40]))
    return declared


def _inflate(packed: bytes, limit: int, declared: bool) -> bytes:
    """The gzip'ed content unpacked, never more than `limit` bytes (+1 to notice more):
    `gzip.decompress` would unpack a bomb whole. Raises `ValueError` when it is damaged."""
    inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)  # gzip framing
    try:
        content = inflater.decompress(packed, limit + 1)
    except zlib.error as exc:
        raise ValueError(str(exc)) from None
    if len(content) > limit or inflater.unconsumed_tail:
        key = "forge4.bundle.larger_than_declared" if declared else "forge4.bundle.too_large"
        raise BundleRefused(Message(key, limit=limit))
    if not inflater.eof or inflater.unused_data:
        raise ValueError  # damaged: refused as content that cannot be decrypted
    if declared and len(content) != limit:
        raise BundleRefused(Message("forge4.bundle.size_differs", size=len(content), limit=limit))
    return content


def _old_format(version: object) -> Message:
    if str(version) == "1":
        return Message("more.envelope.format_1", format=FORMAT)
    return Message("more.envelope.unsupported_format", version=repr(version), format=FORMAT)


def _split(data: bytes) -> tuple[bytes, bytes, bytes, bytes]:
    """(signed part, header, body, signature); refuses a truncated or malformed file."""
    if not data.startswith(MAGIC):
        if MAGIC.startswith(data):
            raise BundleRefused(Message("errors.bundle.truncated_marker"))
        if data.startswith(_MAGIC_PREFIX):
            version = data[len(_MAGIC_PREFIX) :].split(b"\n", 1)[0][:16]
            raise BundleRefused(_old_format(version.decode("ascii", "replace")))
        raise BundleRefused(Message("errors.bundle.not_bundle"))
    pos = len(MAGIC)

    def take(size: int, what: str) -> bytes:
        nonlocal pos
        if pos + size > len(data):
            raise BundleRefused(
                Message("errors.bundle.truncated", what=Message(f"errors.bundle.part.{what}"))
            )
        chunk = data[pos : pos + size]
        pos += size
        return chunk

    (header_len,) = struct.unpack(">I", take(4, "header_length"))
    if header_len > _MAX_HEADER:
        raise BundleRefused(Message("more.envelope.header_length"))
    header = take(header_len, "header")
    (body_len,) = struct.unpack(">Q", take(8, "content_length"))
    body = take(body_len, "encrypted_content")
    signed_end = pos
    (sig_len,) = struct.unpack(">H", take(2, "signature_length"))
    signature = take(sig_len, "signature")
    if pos != len(data):
        raise BundleRefused(Message("more.envelope.trailing_bytes", count=len(data) - pos))
    return data[:signed_end], header, body, signature


def open_bundle(
    data: bytes,
    office_cert: x509.Certificate,
    encryption_cert: x509.Certificate,
    encryption_key: ec.EllipticCurvePrivateKey | None,
    *,
    now: datetime | None = None,
    accept_expired: bool = False,
) -> OpenedBundle:
    """Check and decrypt a bundle; raises `BundleRefused` with the reason.

    `office_cert` is the office root (the exporter's certificate must be issued by it),
    `encryption_cert` the office encryption certificate (the addressee) and
    `encryption_key` its key. With `encryption_key` None, only the format, the certificate,
    the signature and the addressee are checked (and the payload is empty).
    """
    signed, header_bytes, body, signature = _split(data)
    try:
        header = json.loads(header_bytes)
        if not isinstance(header, dict):
            raise ValueError
    except ValueError:
        raise BundleRefused(Message("errors.bundle.header_not_json")) from None
    if header.get("format") != FORMAT:
        raise BundleRefused(_old_format(header.get("format")))
    try:
        signer_cert = x509.load_pem_x509_certificate(str(header["signer_certificate"]).encode())
        created_at = datetime.fromisoformat(str(header["created_at"]))
        recipient = str(header["recipient"])
        bundle_id = str(header["bundle_id"])
    except (KeyError, ValueError):
        raise BundleRefused(Message("more.envelope.no_certificate")) from None
    # The signature first: what the header says (its time, its certificate's name) is
    # judged only once it is known to be what the exporter signed.
    public = signer_cert.public_key()
    if not isinstance(public, ec.EllipticCurvePublicKey):
        raise BundleRefused(Message("more.envelope.signer_not_ec"))
    try:
        public.verify(signature, signed, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        raise BundleRefused(Message("more.envelope.altered")) from None
    signer = _common_name(signer_cert)
    now = now or datetime.now(UTC)
    created_at = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
    try:  # judged now, at import: see signer.py
        accepted = accept_exporter(
            signer_cert, office_cert, created_at, now=now, accept_expired=accept_expired
        )
    except SignerNotAccepted as exc:
        raise BundleRefused(message_of(exc)) from None
    if created_at > now + CLOCK_SKEW:  # a laptop clock far ahead, or a made-up time
        raise BundleRefused(
            Message(
                "more.envelope.future",
                created=created_at.isoformat(),
                minutes=int(CLOCK_SKEW.total_seconds() // 60),
            )
        )
    if recipient != fingerprint(encryption_cert):
        raise BundleRefused(
            Message(
                "more.envelope.other_office",
                recipient=recipient[:16],
                office=fingerprint(encryption_cert)[:16],
            )
        )
    organization = signer_cert.subject.get_attributes_for_oid(NameOID.ORGANIZATIONAL_UNIT_NAME)
    opened = OpenedBundle(
        bundle_id=bundle_id,
        created_at=created_at,
        signer=signer,
        signer_organization=str(organization[0].value) if organization else None,
        signer_certificate=signer_cert,
        payload={},
        expired_on=accepted.expired_on,
    )
    if encryption_key is None:
        return opened
    if _point(encryption_key.public_key()) != _point(encryption_cert.public_key()):  # type: ignore[arg-type]
        raise BundleRefused(Message("more.envelope.key_mismatch"))
    limit = _content_limit(header)
    eph_point = _unb64(header.get("ephemeral_key"), "ephemeral_key")
    try:
        eph = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), eph_point)
        kek = _kek(
            encryption_key.exchange(ec.ECDH(), eph),
            eph_point,
            _point(encryption_key.public_key()),
        )
        content_key = AESGCM(kek).decrypt(
            _unb64(header.get("wrap_nonce"), "wrap_nonce"),
            _unb64(header.get("wrapped_key"), "wrapped_key"),
            _WRAP_INFO,
        )
        plain = AESGCM(content_key).decrypt(
            _unb64(header.get("nonce"), "nonce"), body, header_bytes
        )
        payload = json.loads(_inflate(plain, limit, "content_size" in header))
    except (InvalidTag, ValueError, OSError, EOFError):
        raise BundleRefused(Message("more.envelope.cannot_decrypt")) from None
    if not isinstance(payload, dict) or payload.get("bundle_id") != bundle_id:
        raise BundleRefused(Message("errors.bundle.content_not_header"))
    try:  # the whole content, before anything is merged
        check_payload(payload, known_tables(TABLE_ORDER), NATURAL_KEY, COMPOSITE_KEY, now=now)
    except PayloadProblems as exc:
        raise BundleRefused(message_of(exc)) from None
    return OpenedBundle(**{**opened.__dict__, "payload": payload})

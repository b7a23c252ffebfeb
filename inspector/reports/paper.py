"""Check a paper copy: the QR code printed on a document against the database.

The QR code holds `inspector-doc:v2;id=…;sha256=…;issuer=…` (`domain.documents.verification_payload`;
v1, without the issuer, on documents issued before): the document id and the SHA-256 of
its canonical content. What a phone's scanner reads from
it (`inspector verify --qr PAYLOAD`), or a scan or photo of the page (`--image SCAN.png`,
decoded with zxing-cpp, the `paper` extra), is compared with what the database recorded
when the document was issued: a printed copy of an issued document matches; a payload
whose id is unknown or whose hash differs does not. The signature itself is on the PDF
(`verify FILE.pdf`); paper cannot carry it.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol

from inspector.domain.dates import japan_time
from inspector.domain.documents import parse_payload
from inspector.i18n import os_error

PAYLOAD_PREFIX = "inspector-doc:"
MAX_IMAGE_BYTES = 50 * 1024 * 1024  # a scan is a few MB; more is not a scan
MAX_PIXELS = 80_000_000  # decompression bombs: Pillow refuses beyond its own limit too


class PaperVerdict(StrEnum):
    VALID = "valid"
    NOT_A_CODE = "not_an_inspector_code"
    NO_CODE = "no_code_found"
    UNREADABLE = "unreadable_image"
    UNKNOWN_DOCUMENT = "unknown_document"
    HASH_MISMATCH = "content_hash_mismatch"


class PaperRecord(Protocol):
    """What the database recorded for an issued document (`IssuedDocument` is one)."""

    @property
    def content_hash(self) -> str: ...

    @property
    def issued_at(self) -> datetime: ...

    @property
    def kind(self) -> str: ...

    @property
    def signer(self) -> str | None: ...


PaperLookup = Callable[[str], "PaperRecord | None"]


@dataclass(frozen=True)
class PaperResult:
    verdict: PaperVerdict
    # what the message needs (the CLI translates `documents_content.paper.<verdict>`)
    params: dict[str, str] = field(default_factory=dict)
    doc_id: str | None = None
    content_hash: str | None = None
    kind: str | None = None
    signer: str | None = None
    issued_at: datetime | None = None

    @property
    def valid(self) -> bool:
        return self.verdict is PaperVerdict.VALID

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict.value,
            "valid": self.valid,
            "doc_id": self.doc_id,
            "content_hash": self.content_hash,
            "kind": self.kind,
            "signer": self.signer,
            "issued_at": self.issued_at.isoformat() if self.issued_at else None,
            "database_checked": self.verdict
            in (PaperVerdict.VALID, PaperVerdict.UNKNOWN_DOCUMENT, PaperVerdict.HASH_MISMATCH),
        }


def check_payload(text: str, lookup: PaperLookup) -> PaperResult:
    """The payload read from a printed QR code, against the database's record."""
    parsed = parse_payload(text)
    if parsed is None:
        return PaperResult(PaperVerdict.NOT_A_CODE, {"payload": _shown(text)})
    doc_id, digest = parsed
    record = lookup(doc_id)
    if record is None:
        return PaperResult(
            PaperVerdict.UNKNOWN_DOCUMENT, {"doc_id": doc_id}, doc_id=doc_id, content_hash=digest
        )
    common: dict[str, Any] = {
        "doc_id": doc_id,
        "content_hash": digest,
        "kind": record.kind,
        "signer": record.signer,
        "issued_at": record.issued_at,
    }
    if record.content_hash != digest:
        return PaperResult(PaperVerdict.HASH_MISMATCH, {"doc_id": doc_id}, **common)
    issued = f"{japan_time(record.issued_at):%Y-%m-%d %H:%M %Z}"
    return PaperResult(
        PaperVerdict.VALID,
        {"doc_id": doc_id, "issued": issued, "signer": record.signer or "-"},
        **common,
    )


def check_image(path: Path, lookup: PaperLookup) -> PaperResult:
    """Decode the QR codes in a scan or photo and check the inspector one(s): the first
    that matches the database wins; otherwise the first inspector code's verdict."""
    codes = decode_image(path)
    if isinstance(codes, PaperResult):
        return codes
    ours = [c for c in codes if c.strip().startswith(PAYLOAD_PREFIX)]
    if not codes:
        return PaperResult(PaperVerdict.NO_CODE, {"file": str(path)})
    if not ours:
        return PaperResult(PaperVerdict.NOT_A_CODE, {"payload": _shown(codes[0])})
    results = [check_payload(code, lookup) for code in ours]
    return next((r for r in results if r.valid), results[0])


def decode_image(path: Path) -> list[str] | PaperResult:
    """The texts of the QR codes found in the image, or why it could not be read."""
    import zxingcpp
    from PIL import Image, UnidentifiedImageError

    def unreadable(why: str, detail: str = "") -> PaperResult:
        # `why` names the reason's message (documents_content.paper_why.<why>)
        return PaperResult(
            PaperVerdict.UNREADABLE, {"file": str(path), "why": why, "detail": detail}
        )

    try:
        size = path.stat().st_size
    except OSError as exc:
        return unreadable("cannot_read", os_error(exc))
    if size > MAX_IMAGE_BYTES:
        return unreadable("too_large", f"{MAX_IMAGE_BYTES // (1024 * 1024)} MB")
    try:
        with warnings.catch_warnings():
            # Pillow only warns between its limit and twice it: refuse instead
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(path)
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        return unreadable("too_large", f"{MAX_PIXELS // 1_000_000}M pixels")
    except UnidentifiedImageError:
        return unreadable("not_an_image")
    except OSError as exc:
        return unreadable("cannot_read", os_error(exc) if exc.errno else _shown(str(exc)))
    try:
        with image:
            if image.width * image.height > MAX_PIXELS:
                return unreadable("too_large", f"{MAX_PIXELS // 1_000_000}M pixels")
            image.load()
            picture = image.convert("L")
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        return unreadable("damaged", _shown(str(exc)))
    found = zxingcpp.read_barcodes(picture)
    return [
        code.text for code in found if code.valid and code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def _shown(text: str, limit: int = 60) -> str:
    """The payload as it may be shown: printable characters only, shortened."""
    visible = "".join(ch if ch.isprintable() else "?" for ch in text.strip())
    return visible if len(visible) <= limit else visible[:limit] + "…"


__all__ = [
    "PaperLookup",
    "PaperResult",
    "PaperVerdict",
    "check_image",
    "check_payload",
    "decode_image",
]

"""PAdES signatures (pyHanko, ETSI.CAdES.detached) with a visible signature field.

The field shows the signer's name and the signing time in the document's language; its
appearance is drawn by reportlab with the embedded Japanese font (pyHanko's own text
stamps cannot render Japanese without fontTools).

pyHanko's synchronous API calls `asyncio.run`, which fails inside a running event loop.
`sign_pdf` is a plain function that works from the CLI and from a worker thread (and,
inside an event loop's own thread, runs the coroutine on a helper thread);
`async_sign_pdf` is for callers that already have a loop.
"""

from __future__ import annotations

import asyncio
import binascii
import concurrent.futures
import io
import uuid
from collections.abc import Coroutine
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography.hazmat.primitives import serialization
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.content import PdfContent
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.pdf_utils.writer import BasePdfFileWriter
from pyhanko.sign import fields, signers
from pyhanko.stamp import StaticStampStyle, TextStampStyle
from pyhanko.stamp.static import StaticContentStamp
from pyhanko_certvalidator.registry import SimpleCertificateStore
from reportlab.lib import colors
from reportlab.pdfgen.canvas import Canvas

from inspector.domain.business_days import japan_now
from inspector.domain.era import format_date
from inspector.reports.errors import ReportProblem
from inspector.reports.fonts import ensure_font
from inspector.reports.keys import Identity
from inspector.reports.layout_common import RenderedPdf, SignatureBox

FIELD_NAME = "InspectorSignature"
_TS_FORMAT = "%Y-%m-%dT%H:%M:%S%z"
# room for the CMS container (EC P-256 signature, two certificates); skips a dry run
BYTES_RESERVED = 8192

T = TypeVar("T")


class SigningFailed(ReportProblem):
    pass


def run_sync(coro: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to completion from synchronous code, in any thread."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro).result()


def _labels(lang: str) -> tuple[str, str]:
    return ("電子署名　署名者", "署名日時") if lang == "ja" else ("Signed by", "Signed at")


def appearance_pdf(name: str, when: datetime, width: float, height: float, lang: str) -> bytes:
    """A one-page PDF the size of the field: the signer's name and the time."""
    font = ensure_font()
    buffer = io.BytesIO()
    canv = Canvas(buffer, pagesize=(width, height), invariant=1)
    canv.setFillColor(colors.white)
    canv.rect(0, 0, width, height, stroke=0, fill=1)
    canv.setStrokeColor(colors.HexColor("#1F4E79"))
    canv.setLineWidth(1)
    canv.rect(1, 1, width - 2, height - 2)
    who, at = _labels(lang)
    local = japan_now(when)  # Japan time, whatever the machine's zone (JST on the page)
    day = format_date(local.date(), lang)
    canv.setFillColor(colors.HexColor("#1F4E79"))
    canv.setFont(font, 7.5)
    canv.drawString(6, height - 13, who)
    canv.setFillColor(colors.black)
    canv.setFont(font, 12)
    canv.drawString(6, height - 30, name)
    canv.setFont(font, 7.5)
    canv.setFillColor(colors.HexColor("#1F4E79"))
    canv.drawString(6, 18, at)
    canv.setFillColor(colors.black)
    canv.drawString(6, 7, f"{day} {local:%H:%M:%S} {local.tzname() or ''}".strip())
    canv.showPage()
    canv.save()
    return buffer.getvalue()


class _PdfBytesPage(PdfContent):
    """A page of an in-memory PDF as a form XObject (pyHanko's ImportedPdfPage needs a file)."""

    def __init__(self, data: bytes) -> None:
        super().__init__()
        self.data = data

    def render(self) -> bytes:
        writer: BasePdfFileWriter = self._ensure_writer
        reader = PdfFileReader(io.BytesIO(self.data))
        xobj = writer.import_page_as_xobject(reader, page_ix=0)
        resource_name = b"/Import" + binascii.hexlify(uuid.uuid4().bytes)
        self.resources.xobject[resource_name.decode("ascii")] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = layout.BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return resource_name + b" Do"


@dataclass(frozen=True)
class _NameAndTimeStyle(TextStampStyle):
    """A TextStampStyle so that pyHanko passes the signing time ('ts'); drawn by reportlab."""

    lang: str = "ja"
    timestamp_format: str = _TS_FORMAT
    border_width: int = 0

    def create_stamp(  # type: ignore[override]
        self, writer: BasePdfFileWriter, box: layout.BoxConstraints, text_params: dict[str, Any]
    ) -> StaticContentStamp:
        when = datetime.strptime(text_params["ts"], _TS_FORMAT)
        data = appearance_pdf(
            str(text_params.get("signer", "")), when, box.width, box.height, self.lang
        )
        static = StaticStampStyle(background=_PdfBytesPage(data), border_width=0)
        return StaticContentStamp(writer=writer, style=static, box=box)


def _pyhanko_signer(identity: Identity) -> signers.SimpleSigner:
    der = serialization.Encoding.DER
    cert = asn1_x509.Certificate.load(identity.certificate.public_bytes(der))
    root = asn1_x509.Certificate.load(identity.root.public_bytes(der))
    key = asn1_keys.PrivateKeyInfo.load(
        identity.key.private_bytes(
            der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return signers.SimpleSigner(
        signing_cert=cert,
        signing_key=key,
        cert_registry=SimpleCertificateStore.from_certs([root]),
    )


async def async_sign_pdf(
    rendered: RenderedPdf | bytes,
    identity: Identity,
    *,
    box: SignatureBox | None = None,
    lang: str = "ja",
    reason: str | None = None,
) -> bytes:
    """Sign the PDF as one incremental update; the visible field goes in `box`."""
    data = rendered.data if isinstance(rendered, RenderedPdf) else rendered
    if box is None and isinstance(rendered, RenderedPdf):
        box = rendered.signature_box
    spec = (
        fields.SigFieldSpec(
            sig_field_name=FIELD_NAME,
            on_page=box.page,
            box=(int(box.x1), int(box.y1), int(box.x2), int(box.y2)),
        )
        if box is not None
        else fields.SigFieldSpec(sig_field_name=FIELD_NAME)
    )
    meta = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        md_algorithm="sha256",
        subfilter=fields.SigSeedSubFilter.PADES,
        name=identity.name,
        reason=reason,
    )
    pdf_signer = signers.PdfSigner(
        meta,
        signer=_pyhanko_signer(identity),
        stamp_style=_NameAndTimeStyle(lang=lang),
        new_field_spec=spec,
    )
    try:
        writer = IncrementalPdfFileWriter(io.BytesIO(data), strict=False)
        output = io.BytesIO()
        await pdf_signer.async_sign_pdf(writer, output=output, bytes_reserved=BYTES_RESERVED)
    except Exception as exc:  # pyHanko raises many kinds; the caller gets one
        raise SigningFailed(f"signing failed: {exc}") from exc
    return output.getvalue()


def sign_pdf(
    rendered: RenderedPdf | bytes,
    identity: Identity,
    *,
    box: SignatureBox | None = None,
    lang: str = "ja",
    reason: str | None = None,
) -> bytes:
    """Synchronous `async_sign_pdf`, safe from the CLI and from worker threads."""
    return run_sync(async_sign_pdf(rendered, identity, box=box, lang=lang, reason=reason))


__all__ = [
    "FIELD_NAME",
    "SigningFailed",
    "appearance_pdf",
    "async_sign_pdf",
    "run_sync",
    "sign_pdf",
]

"""Nothing forged (forge4 review): a PDF signed with a legitimately issued inspector key but
carrying no inspector payload is refused as not a document issued by inspector."""

from __future__ import annotations

from pathlib import Path

from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import PASSPHRASE

FORGER = "偽造 三郎"


def _bare_pdf(places: Placeholders) -> None:
    """A second inspector signs a plain reportlab PDF: no /Keywords payload at all."""
    import io

    from reportlab.pdfgen import canvas

    from inspector.reports.keys import issue_inspector, load_identity
    from inspector.reports.signing import sign_pdf

    keys = Path(places["keys"])
    issue_inspector(keys, FORGER, "130", PASSPHRASE.encode())
    forger = load_identity(keys, FORGER, PASSPHRASE.encode())
    out = io.BytesIO()
    page = canvas.Canvas(out)
    page.drawString(72, 720, "notice")
    page.save()
    signed = sign_pdf(out.getvalue(), forger)
    (Path(places["tmp"]) / "bare.pdf").write_bytes(signed)


CASES = [
    Case(
        id="verify-signed-pdf-without-inspector-payload",
        keys=True,
        setup=_bare_pdf,
        args=["verify", "{tmp}/bare.pdf"],
        expect=[
            "{tmp}/bare.pdf",
            "無効です: inspector が発行した文書ではありません（偽造 三郎（130） の鍵で",
            "inspector の検証用データ",
        ],
        exit_code=1,
    ),
]

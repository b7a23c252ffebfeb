"""The verification QR code: document id and SHA-256 of the canonical content."""

from __future__ import annotations

import qrcode
from PIL import Image
from qrcode.constants import ERROR_CORRECT_M


def qr_image(payload: str, box_size: int = 4, border: int = 4) -> Image.Image:
    """A black-and-white PIL image of the QR code for `payload`."""
    # a fixed mask skips the evaluation of all eight (a few ms per document)
    code = qrcode.QRCode(
        error_correction=ERROR_CORRECT_M, box_size=box_size, border=border, mask_pattern=2
    )
    code.add_data(payload)
    code.make(fit=True)
    image = code.make_image(fill_color="black", back_color="white").get_image()
    return image.convert("L")


__all__ = ["qr_image"]

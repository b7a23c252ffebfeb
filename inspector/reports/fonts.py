"""The vendored TrueType Japanese font (IPAexGothic), registered once with reportlab.

reportlab embeds a subset of a TrueType font (/FontFile2), so a PDF opened on a machine
without Japanese fonts still shows the text. CFF/OTF fonts cannot be embedded this way,
and CID fonts (HeiseiKakuGo) are not embedded at all.
"""

from __future__ import annotations

import threading
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONT_NAME = "IPAexGothic"
FONT_FILE = Path(__file__).resolve().parent / "fonts" / "ipaexg.ttf"

_lock = threading.Lock()
_registered = False


def ensure_font() -> str:
    """Register the font (once per process, thread-safe) and return its name."""
    global _registered
    if _registered:
        return FONT_NAME
    with _lock:
        if not _registered:
            pdfmetrics.registerFont(TTFont(FONT_NAME, str(FONT_FILE)))
            _registered = True
    return FONT_NAME


__all__ = ["FONT_FILE", "FONT_NAME", "ensure_font"]

"""A PDF's text as drawn, without spaces and line breaks (table cells wrap): read with
pypdf, a test dependency, so that no test needs poppler's `pdftotext` on the machine (a
fresh machine has none; the README's test command installs all the tests need). pypdf
gives the text in the order the page draws it, cell by cell, as `pdftotext` did."""

from __future__ import annotations

from pathlib import Path

from pypdf import PdfReader


def pdf_text(path: Path) -> str:
    reader = PdfReader(path)
    return "".join("".join((page.extract_text() or "").split()) for page in reader.pages)

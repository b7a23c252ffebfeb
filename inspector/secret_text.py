"""Passphrases as text: read from a file, and the forms tried when one is used.

A passphrase file is UTF-8 text whose first line is the passphrase. Notepad saves UTF-8
with a byte-order mark: the mark is no part of the passphrase. The same typed characters
may arrive composed (NFC: Windows, Linux) or decomposed (NFD: file names and some text on
macOS): "が" is one code point or two, and a key derived from the bytes would differ. So a
new passphrase is stored as NFC (`new_passphrase`), and an existing database is opened with
the NFC form first and then the text exactly as given (`forms`), so that nothing made
before this rule (with a decomposed passphrase) is locked out.

Nothing here puts a passphrase in a message: errors carry the path and, for text that is
not UTF-8, the position of the first bad byte. Standard library only (the interface starts
from here).
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

BOM = "\ufeff"


def read_secret_text(path: Path) -> str:
    """The text of the secret file `path`, a leading byte-order mark removed. Raises
    `OSError` and `UnicodeDecodeError` as `Path.read_text` does (positions count the
    file's own bytes)."""
    text = path.read_bytes().decode("utf-8")
    return text.removeprefix(BOM)


def first_line(text: str) -> str:
    """The first line of `text` (the passphrase of a passphrase file); "" for none."""
    return text.splitlines()[0] if text else ""


def new_passphrase(passphrase: str) -> str:
    """The form a new key or database is made with: NFC."""
    return unicodedata.normalize("NFC", passphrase)


def forms(passphrase: str) -> tuple[str, ...]:
    """The forms to try when opening: NFC first, then the text as given when it differs."""
    composed = new_passphrase(passphrase)
    return (composed,) if composed == passphrase else (composed, passphrase)


# Key passphrases travel as UTF-8 bytes (file, environment, prompt): the same rule on them.
# Bytes that are not UTF-8 text are used as they are.


def new_passphrase_bytes(passphrase: bytes) -> bytes:
    """The form a new private key is encrypted with: the UTF-8 of the NFC text."""
    try:
        return new_passphrase(passphrase.decode("utf-8")).encode("utf-8")
    except UnicodeDecodeError:
        return passphrase


def byte_forms(passphrase: bytes) -> tuple[bytes, ...]:
    """The forms to try when opening a private key: NFC first, then the bytes as given."""
    composed = new_passphrase_bytes(passphrase)
    return (composed,) if composed == passphrase else (composed, passphrase)


__all__ = [
    "BOM",
    "byte_forms",
    "first_line",
    "forms",
    "new_passphrase",
    "new_passphrase_bytes",
    "read_secret_text",
]

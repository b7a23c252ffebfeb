"""The terminal's last line of defence: every byte the CLI writes passes through here.

Names, texts and certificate names come from files anyone can write; one holding
`ESC[2J` or `ESC]0;...BEL` printed raw clears the screen or retitles the window. Rather than
trust every command to clean what it prints, the top-level group (`main._Group.main`)
replaces stdout and stderr with `EscapingWriter`s for the whole run, error messages and
usage errors included: each control character is written out visibly (`\\x1b`), newline
and tab are kept as layout. JSON output is unaffected (json.dumps escapes controls).

Two things of our own still reach a terminal: click's progress bar (carriage return and
cursor hiding, only when the stream is a terminal, and only in what the bar itself writes)
and colours made with `style` (passed as placeholders that hold a secret made at start, so
data cannot forge them, and that only this writer turns back into codes).

Click strips escape sequences itself when the stream is not a terminal, which would make
messages misstate the data (`'13ESC[2J0'` shown as `'130'`): the group runs with colour on
(`main.py`), so the data reaches this writer whole and is shown escaped.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

from inspector.domain.controls import escape_controls
from inspector.redaction import hide_secrets

# click's progress bar on a terminal: "\r\x1b[?25l" before the bar, "\x1b[?25h" after it
_BAR = re.compile("(\r\x1b\\[\\?25l|\x1b\\[\\?25h)")
_BAR_WRITERS = frozenset({"render_progress", "render_finish"})
_SGR = re.compile("\x1b\\[[0-9;]*m")
# a style travels as a placeholder: a character of plane 16's private use area (far from the
# gaiji, U+E000..., that Japanese names may hold) then this run's secret, which data cannot
# know; a bare private-use character of the data is shown as it is
_STYLE_BASE = 0x10FF00
# (os.urandom is what `secrets.token_bytes` returns; `secrets` imports hashlib and hmac, ~3 ms
# of every start)
_SECRET = "".join(chr(_STYLE_BASE + 0x80 + b % 0x7E) for b in os.urandom(16))
_styles: dict[str, str] = {}  # placeholder -> escape sequence
_placeholders: dict[str, str] = {}  # escape sequence -> placeholder
_STYLE_MARK = re.compile(f"[{chr(_STYLE_BASE)}-{chr(_STYLE_BASE + 0x7F)}]{_SECRET}")


def _placeholder(match: re.Match[str]) -> str:
    sequence = match.group()
    if sequence not in _placeholders:
        if len(_placeholders) >= 0x80:
            return ""  # more styles than marks: the text goes plain
        mark = chr(_STYLE_BASE + len(_placeholders)) + _SECRET
        _placeholders[sequence] = mark
        _styles[mark] = sequence
    return _placeholders[sequence]


def style(text: str, **options: Any) -> str:
    """`click.style` for our own emphasis (never for data): the colours survive the
    escaping on a terminal and vanish elsewhere, as click's do."""
    import click  # here: the escaping writer serves the interface's start without click

    return _SGR.sub(_placeholder, click.style(text, **options))


def _restore_styles(text: str, on_terminal: bool) -> str:
    def swap(match: re.Match[str]) -> str:
        mark = match.group()
        if mark not in _styles:
            return mark  # not ours: characters of the data, shown as they are
        return _styles[mark] if on_terminal else ""

    return _STYLE_MARK.sub(swap, text)


def safe(text: str, on_terminal: bool = False, *, progress_bar: bool = False) -> str:
    """`text` as the writer shows it: controls escaped, newline and tab kept. Only what
    click's progress bar writes (`progress_bar`) keeps the bar's own sequences."""
    if on_terminal and progress_bar:
        parts = _BAR.split(text)
        # the odd parts are the bar's own sequences; its label, the even parts, is escaped
        text = "".join(p if i % 2 else escape_controls(p) for i, p in enumerate(parts))
    else:
        text = escape_controls(text)
    return _restore_styles(text, on_terminal)


def _from_progress_bar() -> bool:
    """Whether click's progress bar is the writer: its drawing methods are on the stack."""
    frame = sys._getframe(2)
    for _ in range(6):
        if frame is None:
            return False
        code = frame.f_code
        if code.co_name in _BAR_WRITERS and code.co_filename.endswith("_termui_impl.py"):
            return True
        frame = frame.f_back  # type: ignore[assignment]
    return False


class EscapingWriter:
    """A text stream that writes to `stream` with every control character escaped.

    It has no `buffer`, so click writes text through it rather than around it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    def write(self, text: str | bytes) -> int:
        if isinstance(text, (bytes, bytearray)):
            return self._write_bytes(bytes(text))
        on_terminal = self._on_terminal()
        bar = on_terminal and _from_progress_bar()
        self._stream.write(safe(hide_secrets(text), on_terminal, progress_bar=bar))
        return len(text)

    def _write_bytes(self, data: bytes) -> int:
        """Bytes, as click's `echo` writes them to a stream with no `buffer` (shell
        completion's answer): read as UTF-8 (what click encodes them with; an undecodable
        byte is shown as U+FFFD), escaped as text is, and written as text, in the stream's
        own encoding. Empty bytes are refused: click asks `write(b"")` whether a stream is
        binary, and a stream that says yes gets a wrapper of click's own around it, which
        would send every `echo` through here as bytes in the wrong encoding (cp932 output
        read back as UTF-8)."""
        if not data:
            raise TypeError("EscapingWriter is a text stream")
        shown = safe(hide_secrets(data.decode("utf-8", "replace")), self._on_terminal())
        self._stream.write(shown)
        return len(data)

    def writelines(self, lines: Iterable[str | bytes]) -> None:
        for line in lines:
            self.write(line)

    def _on_terminal(self) -> bool:
        try:
            return bool(self._stream.isatty())
        except (AttributeError, ValueError):
            return False

    def __getattr__(self, name: str) -> Any:
        if name == "buffer":  # bytes written there would pass unescaped
            raise AttributeError(name)
        return getattr(self._stream, name)


@contextmanager
def escaped_output() -> Iterator[None]:
    """stdout and stderr escape control characters until the block ends."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, EscapingWriter):
        sys.stdout = EscapingWriter(sys.stdout)  # type: ignore[assignment]
    if not isinstance(sys.stderr, EscapingWriter):
        sys.stderr = EscapingWriter(sys.stderr)  # type: ignore[assignment]
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved

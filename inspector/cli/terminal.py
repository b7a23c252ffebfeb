"""The terminal's last line of defence: every byte the CLI writes passes through here.

Names, texts and certificate names come from files anyone can write; one holding
`ESC[2J` or `ESC]0;...BEL` printed raw clears the screen or retitles the window. Rather than
trust every command to clean what it prints, the top-level group (`main._Group.main`)
replaces stdout and stderr with `EscapingWriter`s for the whole run, error messages and
usage errors included: each control character is written out visibly (`\\x1b`), newline
and tab are kept as layout. JSON output is unaffected (json.dumps escapes controls).

Two things of our own still reach a terminal: click's progress bar (carriage return and
cursor hiding, only when the stream is a terminal) and colours made with `style` (passed as
private placeholders that only this writer turns back into codes).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TextIO

import click

from inspector.domain.controls import escape_controls

# click's progress bar on a terminal: "\r\x1b[?25l" before the bar, "\x1b[?25h" after it
_BAR = re.compile("(\r\x1b\\[\\?25l|\x1b\\[\\?25h)")
_SGR = re.compile("\x1b\\[[0-9;]*m")
# styles travel as characters of plane 16's private use area, far from the gaiji (U+E000...)
# that Japanese names may hold
_STYLE_BASE = 0x10FF00
_styles: dict[str, str] = {}  # placeholder -> escape sequence
_placeholders: dict[str, str] = {}  # escape sequence -> placeholder
_STYLE_MARK = re.compile(f"[{chr(_STYLE_BASE)}-{chr(_STYLE_BASE + 0xFD)}]")


def _placeholder(match: re.Match[str]) -> str:
    sequence = match.group()
    if sequence not in _placeholders:
        mark = chr(_STYLE_BASE + len(_placeholders))
        _placeholders[sequence] = mark
        _styles[mark] = sequence
    return _placeholders[sequence]


def style(text: str, **options: Any) -> str:
    """`click.style` for our own emphasis (never for data): the colours survive the
    escaping on a terminal and vanish elsewhere, as click's do."""
    return _SGR.sub(_placeholder, click.style(text, **options))


def _restore_styles(text: str, on_terminal: bool) -> str:
    def swap(match: re.Match[str]) -> str:
        mark = match.group()
        if mark not in _styles:
            return mark  # not ours: a character of the data, shown as it is
        return _styles[mark] if on_terminal else ""

    return _STYLE_MARK.sub(swap, text)


def safe(text: str, on_terminal: bool = False) -> str:
    """`text` as the writer shows it: controls escaped, newline and tab kept."""
    if on_terminal:
        parts = _BAR.split(text)
        # the odd parts are the progress bar's own sequences
        text = "".join(p if i % 2 else escape_controls(p) for i, p in enumerate(parts))
    else:
        text = escape_controls(text)
    return _restore_styles(text, on_terminal)


class EscapingWriter:
    """A text stream that writes to `stream` with every control character escaped.

    It has no `buffer`, so click writes text through it rather than around it."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    @property
    def wrapped(self) -> TextIO:
        return self._stream

    def write(self, text: str) -> int:
        self._stream.write(safe(text, self._on_terminal()))
        return len(text)

    def writelines(self, lines: Iterable[str]) -> None:
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

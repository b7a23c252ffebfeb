"""Japanese text wrapped by the rule of the printed documents (禁則処理): no line of the
screen starts with 。、）」 or a small kana, none ends with （「, and a date or a Latin word
is not broken inside. Rich's own wrapping breaks Japanese anywhere.

And the one rule of the lists' cut texts (walk8 M3): texts that differ are never cut to the
same cell (`distinct_fits`); the table keeps what it cut, for the selected row's full text
under it (`FittedTable.cut_detail`)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.text import Text

from inspector.domain.line_breaks import break_opportunities
from inspector.tui.text import fit, shown

LEAST_HEAD = 3
"""Cells kept for a text's head before the part that tells it apart (住…（操作者用）)."""

Breaks = Callable[[str], list[bool]]
"""Where a line may start (`break_opportunities` and its like)."""


def line_starts(
    plain: str, width: int, breaks: Breaks = break_opportunities, prefer: Breaks | None = None
) -> list[int]:
    """Where each line of one paragraph `plain` starts, for lines of at most `width`
    terminal cells (trailing spaces aside). A line breaks at the last place `prefer` allows
    (between the parts of a title or a legend) and, when none is on the line, at the last
    place the rule (`breaks`) allows; a run with no such place (a long Latin word) is cut at
    the width."""
    allowed = breaks(plain)
    preferred = prefer(plain) if prefer is not None else None
    starts = [0]
    used = 0
    for index, char in enumerate(plain):
        size = cell_len(char)
        start = starts[-1]
        if used + size > width and index > start and char != " ":
            cut = index
            if preferred is not None:
                cut = next((j for j in range(index, start, -1) if preferred[j]), -1)
            if preferred is None or cut < 0:
                cut = next((j for j in range(index, start, -1) if allowed[j]), index)
            starts.append(cut)
            used = cell_len(plain[cut:index])
        used += size
    return starts


def wrap_text(
    text: Text, width: int, breaks: Breaks = break_opportunities, prefer: Breaks | None = None
) -> list[Text]:
    """`text` as lines of at most `width` cells, its styles kept; a newline starts a line
    (`prefer`: see `line_starts`)."""
    lines: list[Text] = []
    for paragraph in text.split("\n", allow_blank=True):
        plain = paragraph.plain
        if width < 2 or not plain:
            lines.append(paragraph)
            continue
        offsets = line_starts(plain, width, breaks, prefer)[1:]
        for line in paragraph.divide(offsets):
            line.rstrip()
            lines.append(line)
    return lines


def part_starts(*separators: str) -> Breaks:
    """`prefer` for a text of parts joined by one of `separators` (two spaces when none is
    given: a title's parts, a legend's entries): a line starts at a part, so that no part is
    split when it fits on a line."""
    ends = separators or ("  ",)

    def starts(plain: str) -> list[bool]:
        return [
            char not in " 　" and plain[:index].endswith(ends) for index, char in enumerate(plain)
        ] + [False]

    return starts


class Wrapped:
    """A renderable of `text` wrapped by `wrap_text` to the width it is given."""

    def __init__(
        self, text: Text, breaks: Breaks = break_opportunities, prefer: Breaks | None = None
    ) -> None:
        self.text = text
        self.breaks = breaks
        self.prefer = prefer

    def __str__(self) -> str:
        return self.text.plain

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for line in wrap_text(self.text, options.max_width, self.breaks, self.prefer):
            line.no_wrap = True
            line.overflow = "crop"
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.text)


class Hanging(Wrapped):
    """`Wrapped`, each paragraph's later lines indented as far as its first line's leading
    spaces (a rule's reason under the rule, fixd)."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        for paragraph in self.text.split("\n", allow_blank=True):
            plain = paragraph.plain
            indent = len(plain) - len(plain.lstrip(" "))
            starts = line_starts(plain, width, self.breaks, self.prefer) if plain else [0]
            if len(starts) == 1 or indent == 0 or width - indent < 8:
                lines = wrap_text(paragraph, width, self.breaks, self.prefer)
            else:
                first = paragraph[: starts[1]]
                first.rstrip()
                rest = paragraph[starts[1] :]
                rest = rest[len(rest.plain) - len(rest.plain.lstrip(" ")) :]
                inner = wrap_text(rest, width - indent, self.breaks, self.prefer)
                lines = [first] + [Text(" " * indent) + line for line in inner]
            for line in lines:
                line.no_wrap = True
                line.overflow = "crop"
                yield line


def distinct_fits(texts: Sequence[str], width: int) -> list[str]:
    """Each text cut to `width` cells (`fit`), except that texts which differ but would be
    cut the same (住民基本台帳ネ… for both …（所属用） and …（操作者用）) show what tells
    them apart: their head, '…' and the part from where they differ, starting where a line
    may start (住…（所属用）, 住…（操作者用）). Equal texts stay equal."""
    full = [shown(text) for text in texts]
    cut = [fit(text, width) for text in full]
    groups: dict[str, set[str]] = {}
    for text, short in zip(full, cut, strict=True):
        groups.setdefault(short, set()).add(text)
    apart: dict[str, str] = {}
    for group in groups.values():
        if len(group) > 1 and width > 2 * LEAST_HEAD:
            apart |= _told_apart(sorted(group), width)
    return [apart.get(text, short) for text, short in zip(full, cut, strict=True)]


def _told_apart(group: list[str], width: int) -> dict[str, str]:
    """The texts of `group` (all cut the same) cut to show where each differs from the
    others; where that still gives the same cell, '…' and the differing part only."""
    starts = {text: _difference(text, group) for text in group}
    longest = max(cell_len(text[start:]) for text, start in starts.items())
    head_room = max(LEAST_HEAD, width - longest)
    shown_as: dict[str, str] = {}
    for text, start in starts.items():
        head = fit(text[:start], head_room) if start else ""
        shown_as[text] = head + fit(text[start:], width - cell_len(head))
    if len(set(shown_as.values())) < len(group):
        for text, start in starts.items():
            shown_as[text] = "…" + fit(text[start:], width - 1) if start else fit(text, width)
    return shown_as


def _difference(text: str, group: list[str]) -> int:
    """Where `text` starts to differ from the text of `group` most like it, moved back to
    where a line may start (the bracket of （所属用）, the start of a Latin word); the end
    of a text that begins another is shown from its last third."""
    start = max(_common_prefix(text, other) for other in group if other != text)
    if start >= len(text):
        return max(0, len(text) - max(1, len(text) // 3))
    allowed = break_opportunities(text)
    while start > 0 and not allowed[start]:
        start -= 1
    return start


def _common_prefix(a: str, b: str) -> int:
    count = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        count += 1
    return count


__all__ = [
    "LEAST_HEAD",
    "Hanging",
    "Wrapped",
    "distinct_fits",
    "line_starts",
    "part_starts",
    "wrap_text",
]

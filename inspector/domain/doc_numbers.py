"""文書番号: the number an office gives the documents it sends, in its own style.

The form says how it is written (`number_format: "{prefix}第{n}号"`, `number_prefix: み監`);
`n` counts the office's notices within the fiscal year (April to March, 会計年度). The
document id used by the QR code and `verify` is separate and stays as it is.
"""

from __future__ import annotations

import string
import unicodedata
from datetime import date

from inspector.domain.era import era_year
from inspector.i18n import Message

PLACEHOLDERS = {"prefix", "n", "fy", "era_fy"}
"""n: the serial within the fiscal year; fy: the fiscal year (2026); era_fy: 令和8年度's 8."""


class NumberFormatProblem(ValueError):
    """The form's number format cannot make a document number; says why."""


def fiscal_year(day: date) -> int:
    """The fiscal year (会計年度) a day belongs to: April 2026 to March 2027 is 2026."""
    return day.year if day.month >= 4 else day.year - 1


def check_number_format(template: str) -> None:
    """Refuse a template that does not name {n}, names an unknown placeholder or is not a
    valid format string (an unmatched brace)."""
    try:
        fields = [f for _text, f, spec, conv in string.Formatter().parse(template) if f is not None]
        specs = [(spec, conv) for _t, f, spec, conv in string.Formatter().parse(template) if f]
    except ValueError as exc:
        raise NumberFormatProblem(
            Message("more.forms.template", template=template, problem=exc)
        ) from None
    unknown = sorted({f for f in fields if f not in PLACEHOLDERS})
    if unknown:
        names = ", ".join("{" + f + "}" for f in unknown)
        allowed = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
        raise NumberFormatProblem(
            Message(
                "more.forms.unknown_placeholder", template=template, names=names, allowed=allowed
            )
        )
    if "n" not in fields:
        raise NumberFormatProblem(Message("more.forms.needs_n", template=template))
    if any(spec or conv for spec, conv in specs):
        raise NumberFormatProblem(Message("more.forms.format_spec", template=template))
    if any(unicodedata.category(c).startswith("C") for c in template):
        raise NumberFormatProblem(Message("more.forms.control", template=template))


def format_number(template: str, *, prefix: str, serial: int, day: date) -> str:
    """The document number, e.g. み監第12号."""
    check_number_format(template)
    year = fiscal_year(day)
    _era, era_fy = era_year(date(year, 4, 1))
    return template.format(prefix=prefix, n=serial, fy=year, era_fy=era_fy)


__all__ = [
    "PLACEHOLDERS",
    "NumberFormatProblem",
    "check_number_format",
    "fiscal_year",
    "format_number",
]

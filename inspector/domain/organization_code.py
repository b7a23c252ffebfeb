"""What an organization code may be. Codes name files (`plans_<code>_<date>.pdf`) and are
typed by hand in commands, so one that could leave a folder (`x/../../escaped`), hide a
file (`.x`) or carry control characters is refused wherever an organization is made:
`orgs import`, `--create-missing` imports, bundles."""

from __future__ import annotations

import unicodedata

from inspector.i18n import Message

__all__ = ["organization_code_problem"]

# Control, format (bidi overrides, zero width), line and paragraph separators.
_HIDDEN_CATEGORIES = {"Cc", "Cf", "Zl", "Zp"}


def organization_code_problem(code: str) -> str | None:
    """Why `code` cannot be an organization code, or None when it can."""
    if not code.strip():
        return Message("more.org.code_empty")
    shown = "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in _HIDDEN_CATEGORIES
        else ch
        for ch in code
    )
    if any(unicodedata.category(ch) in _HIDDEN_CATEGORIES for ch in code):
        return Message("more.org.code_control", code=shown)
    if "/" in code or "\\" in code:
        return Message("more.org.code_separator", code=shown)
    if ".." in code or code.startswith("."):
        return Message("more.org.code_dots", code=shown)
    return None

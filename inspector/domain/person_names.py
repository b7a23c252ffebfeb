"""A person's name as typed by different people on different machines: full-width and
half-width forms, and the space between family and given name (拠点 課長 / 拠点　課長),
written one way and compared without the spaces (as a notice's signer is:
`reports.notice_rules.same_person`, which is this rule)."""

from __future__ import annotations

import unicodedata


def normalized_name(name: str) -> str:
    """NFKC (a full-width space or letter to its plain form), spaces collapsed to one and
    trimmed: how a name is stored."""
    return " ".join(unicodedata.normalize("NFKC", name).split())


def same_name(a: str, b: str) -> bool:
    """Whether two names are one person's: equal once normalized and without spaces."""
    return "".join(normalized_name(a).split()) == "".join(normalized_name(b).split())


__all__ = ["normalized_name", "same_name"]

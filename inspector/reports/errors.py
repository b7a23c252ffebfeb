"""The one base class of every documents, keys and signing problem a user can correct.

Light on purpose: the CLI imports it at start-up without loading reportlab or pyHanko.
"""

from __future__ import annotations


class ReportProblem(Exception):
    """A key, form, signing or output problem; the message says what to do."""


__all__ = ["ReportProblem"]

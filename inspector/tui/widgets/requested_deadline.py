"""The deadline a finding's notice asks for (求める期限), as the findings list shows it
under the table: the 期限 column is the improvement plan's, and the requested one was
seen nowhere before the PDF (walk9 M2)."""

from __future__ import annotations

from datetime import date

from inspector.i18n import Translator
from inspector.tui.dates import day_text


def requested_deadline_text(t: Translator, shown: str, requested: date | None) -> str:
    """`shown` (the 期限 cell: the plan's deadline, or 計画なし) followed by the requested
    deadline, or by the default one's rule when the finding names none."""
    if requested is None:
        asked = t("walk10.requested_default")
    else:
        asked = t("walk10.requested", date=day_text(requested, t))
    return t("walk10.deadline_whole", shown=shown.strip(), requested=asked)

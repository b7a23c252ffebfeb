"""What is wrong with a typed date, in words (walk9 M4): 「R9.13.1」 is of the form R7.6.2,
so "use the form R7.6.2" did not help; 「13月はありません」 does. Used by the backup
register's transport form."""

from __future__ import annotations

import calendar
import re
import unicodedata

from inspector.i18n import Translator, render

_NUMBERS = re.compile(r"(\d+|元)\D+(\d+)\D+(\d+)")
_NOT_A_DATE = {"more.dates.not_date", "more.dates.not_date_era"}


def date_problem(text: str, error: Exception, t: Translator) -> str:
    """The sentence for `text` refused by `parse_date` with `error`: the month or the day
    that does not exist when the form is right (the forms accepted follow), else the
    parser's own reason."""
    folded = unicodedata.normalize("NFKC", text).strip()
    found = _NUMBERS.search(folded)
    reason = ""
    if found is not None:
        year_text, month, day = found[1], int(found[2]), int(found[3])
        if not 1 <= month <= 12:
            reason = t("fix9w.date.no_month", month=month)
        elif day < 1 or day > 31:
            reason = t("fix9w.date.no_day", month=month, day=day)
        elif year_text.isdigit() and len(year_text) == 4:
            if day > calendar.monthrange(int(year_text), month)[1]:
                reason = t("fix9w.date.no_day", month=month, day=day)
        elif day > (29 if month == 2 else 30 if month in (4, 6, 9, 11) else 31):
            reason = t("fix9w.date.no_day", month=month, day=day)
    key = getattr(error.args[0] if error.args else None, "key", "")
    if not reason and key in _NOT_A_DATE:  # the forms this field takes, not only ISO
        return t("fix9w.date.not_a_date", text=text)
    if not reason:  # the parser's own reason (not in the era, year zero, ...)
        return render(error, t)
    return t("fix9w.date.bad", text=text, reason=reason)


__all__ = ["date_problem"]

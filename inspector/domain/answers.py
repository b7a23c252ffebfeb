"""Answer values: the canonical forms and the spellings people type or Excel writes."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation, localcontext

from inspector.domain.checklist import AnswerType, Item
from inspector.domain.model import StaffType
from inspector.i18n import Message

# Japanese and symbol spellings accepted on import, folded to the canonical values.
_COMPLIANCE = {
    "compliant": "compliant",
    "遵守": "compliant",
    "○": "compliant",
    "〇": "compliant",
    "o": "compliant",
    "noncompliant": "noncompliant",
    "non_compliant": "noncompliant",
    "不遵守": "noncompliant",
    "×": "noncompliant",
    "x": "noncompliant",
    "not_applicable": "not_applicable",
    "n/a": "not_applicable",
    "na": "not_applicable",
    "該当なし": "not_applicable",
    "－": "not_applicable",
    "-": "not_applicable",
    "ー": "not_applicable",
    "―": "not_applicable",
}
_NOT_APPLICABLE = {k for k, v in _COMPLIANCE.items() if v == "not_applicable"}
_YES_NO = {
    "yes": "yes",
    "y": "yes",
    "はい": "yes",
    "有": "yes",
    "あり": "yes",
    "○": "yes",
    "〇": "yes",
    "no": "no",
    "n": "no",
    "いいえ": "no",
    "無": "no",
    "なし": "no",
    "×": "no",
}
_STAFF_TYPES = {
    "regular": StaffType.REGULAR,
    "職員": StaffType.REGULAR,
    "正規職員": StaffType.REGULAR,
    "part_time": StaffType.PART_TIME,
    "非常勤嘱託員": StaffType.PART_TIME,
    "非常勤職員": StaffType.PART_TIME,
    "temporary": StaffType.TEMPORARY,
    "臨時的任用職員": StaffType.TEMPORARY,
    "dispatched": StaffType.DISPATCHED,
    "派遣労働者": StaffType.DISPATCHED,
}


class InvalidAnswer(ValueError):
    """The text given is not a valid answer for the item."""


def _fold(raw: str) -> str:
    # NFKC turns full-width digits and letters into ASCII, which is what Excel users type.
    return unicodedata.normalize("NFKC", raw).strip().lower()


def normalize_answer(item: Item, raw: str) -> str | None:
    """The canonical value of `raw` for `item`; None for an empty answer.

    Raises `InvalidAnswer` with the accepted values when `raw` does not fit the item.
    """
    if raw is None or raw.strip() == "":
        return None
    text = raw.strip()
    folded = _fold(text)
    if item.answer in (AnswerType.COMPLIANCE, AnswerType.YES_NO) and (
        text in _NOT_APPLICABLE or folded in _NOT_APPLICABLE
    ):
        if not item.allow_not_applicable:
            raise InvalidAnswer(Message("more.answers.no_na", raw=raw, item=item.id))
        return "not_applicable"
    if item.answer is AnswerType.COMPLIANCE:
        value = _COMPLIANCE.get(text) or _COMPLIANCE.get(folded)
        if value is None:
            raise InvalidAnswer(Message("more.answers.not_compliance", raw=raw))
        return value
    if item.answer is AnswerType.YES_NO:
        value = _YES_NO.get(text) or _YES_NO.get(folded)
        if value is None:
            raise InvalidAnswer(Message("more.answers.not_yes_no", raw=raw))
        return value
    if item.answer is AnswerType.CHOICE:
        for choice in item.choices:
            if folded == choice.key.lower() or text in (choice.label.ja, choice.label.en):
                return choice.key
        keys = ", ".join(c.key for c in item.choices)
        raise InvalidAnswer(Message("more.answers.not_choice", raw=raw, keys=keys))
    if item.answer is AnswerType.NUMBER:
        return _number(item, raw, folded)
    return text


#: the most digits a number answer may have; it is stored as exact text, never rounded
MAX_DIGITS = 30

# ASCII digits only (after NFKC, which turns full-width digits into ASCII): Python's
# Decimal would also take `1_000` and digits of other scripts, which no office means.
_NUMBER = re.compile(r"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(e[+-]?[0-9]+)?")


def _number(item: Item, raw: str, folded: str) -> str:
    """The exact decimal text of a number answer (`1.50` is `1.5`, `1e3` is `1000`)."""
    with localcontext() as context:
        context.prec = 4 * MAX_DIGITS  # normalize() rounds to the precision
        plain = folded.replace(",", "")
        if not _NUMBER.fullmatch(plain):
            raise InvalidAnswer(Message("more.answers.not_number", raw=raw))
        try:
            number = Decimal(plain)
        except InvalidOperation:
            raise InvalidAnswer(Message("more.answers.not_number", raw=raw)) from None
        if not number.is_finite():
            raise InvalidAnswer(Message("more.answers.not_number", raw=raw))
        _, digits, exp = number.normalize().as_tuple()
        exponent = int(exp)  # finite, so a number
        if number and (len(digits) + max(exponent, 0) > MAX_DIGITS or -exponent > MAX_DIGITS):
            raise InvalidAnswer(Message("more.answers.too_many_digits", raw=raw, digits=MAX_DIGITS))
        if item.minimum is not None and number < Decimal(repr(item.minimum)):
            raise InvalidAnswer(Message("more.answers.below", raw=raw, minimum=f"{item.minimum:g}"))
        if item.maximum is not None and number > Decimal(repr(item.maximum)):
            raise InvalidAnswer(Message("more.answers.above", raw=raw, maximum=f"{item.maximum:g}"))
        text = format(number.normalize(), "f")
    return "0" if text == "-0" else text


def parse_staff_type(raw: str) -> StaffType:
    """A staff type from its English key or Japanese name."""
    value = _STAFF_TYPES.get(raw.strip()) or _STAFF_TYPES.get(_fold(raw))
    if value is None:
        raise ValueError(Message("more.answers.unknown_staff_type", raw=raw))
    return value

"""What a pydantic validation error means, said in the run's language.

pydantic's own `msg` is English ("Input should be a valid string"); its `type` and `ctx`
say the same thing in data, so each known type has a catalogue message (`more.pydantic.*`)
filled from `ctx`. A value error raised by our own validators carries its `Message`.
"""

from __future__ import annotations

from typing import Any

from inspector.i18n import Message, catalogue, message_of

# pydantic error types that read the same: one message each
_ALIASES = {
    "int_from_float": "int_type",
    "float_type": "number_type",
    "float_parsing": "number_type",
    "int_parsing": "int_type",
    "bool_parsing": "bool_type",
    "string_sub_type": "string_type",
    "model_attributes_type": "model_type",
    "date_parsing": "date_type",
    "date_from_datetime_parsing": "date_type",
    "list_too_short": "too_short",
    "list_too_long": "too_long",
}


def pydantic_explanation(kind: str, msg: str, ctx: dict[str, Any]) -> str:
    """A `Message` explaining one error of pydantic's `errors()` (`type`, `msg`, `ctx`)."""
    if kind in ("value_error", "assertion_error"):
        original = ctx.get("error")
        if isinstance(original, BaseException):
            return message_of(original)
        return msg.removeprefix("Value error, ")
    key = f"more.pydantic.{_ALIASES.get(kind, kind)}"
    if key not in catalogue("en"):
        return Message("more.pydantic.other", msg=msg)
    values = {name: _shown(value) for name, value in ctx.items()}
    return Message(key, msg=msg, **values)


def _shown(value: object) -> str:
    # pydantic lists choices as "'a', 'b' or 'c'": the "or" is English
    return str(value).replace(" or ", ", ")

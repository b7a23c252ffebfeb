"""The date options of the commands: what a person types (2027-03-31, 令和9年3月31日,
R9.3.31), read by the domain's `parse_date`."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import click

from inspector.cli.text import t
from inspector.domain.dates import parse_date


class DayType(click.ParamType):
    """A day, given as `2027-03-31`, `2027/3/31`, `令和9年3月31日` or `R9.3.31`; the value
    is a datetime at midnight, as click's own DateTime gives it."""

    name = "date"

    def get_metavar(self, param: click.Parameter, ctx: click.Context | None = None) -> str:
        return "DATE"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, datetime):
            return value
        try:
            day = parse_date(str(value))
        except ValueError:
            self.fail(t("cli.dates.not_a_date", value=value), param, ctx)
        return datetime(day.year, day.month, day.day)


DAY = DayType()

__all__ = ["DAY", "DayType"]

"""`report followup --date`: checked as a notice's date is (a signed report dated after
today refused; a closed or long-past day warned of), in the report's own words: the
warnings named the notice (「通知書の日付」) on a 措置状況報告."""

from __future__ import annotations

from datetime import date

import click

from inspector.cli.signing import _user_errors
from inspector.context import AppContext
from inspector.domain.business_days import japan_today


def check_followup_date(ctx: AppContext, day: date, *, signed: bool) -> None:
    from inspector.domain.era import format_date
    from inspector.reports.notice_rules import IssueRefused
    from inspector.services.followup_report import check_followup_date as rules

    today, lang = japan_today(), ctx.settings.lang
    with _user_errors():
        if signed and day > today:
            raise IssueRefused(
                ctx.t(
                    "fix14.followup_future",
                    day=format_date(day, lang),
                    today=format_date(today, lang),
                )
            )
        warning = rules(ctx, day, today, signed=False)
    if warning is not None:
        click.echo(warning, err=True)

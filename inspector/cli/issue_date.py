"""`--date` of `report notice` and `report followup`: the one set of rules of
`services.issue_day` (a signed document dated after today refused, exit code 1; a closed
or long-past day warned of on stderr), in the words of the document whose date it is."""

from __future__ import annotations

from datetime import date

import click

from inspector.cli.signing import _user_errors
from inspector.context import AppContext
from inspector.domain.business_days import japan_today
from inspector.services.issue_day import Document, check_issue_day


def check_issue_date(
    ctx: AppContext, day: date, *, signed: bool, document: Document = "notice"
) -> None:
    """Refuse (exit 1, nothing written) or warn of `day` as `document`'s date."""
    with _user_errors():
        warning = check_issue_day(
            day, japan_today(), document=document, signed=signed, lang=ctx.settings.lang
        )
    if warning is not None:
        click.echo(warning, err=True)

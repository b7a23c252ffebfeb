"""What the site commands (`cards`, `layout`, `backup`, `forms`; each in its own module)
share: the organization by its code, and the marks and exit status of rules that could
not be checked."""

from __future__ import annotations

import sys

from inspector.context import AppContext
from inspector.domain.layout import RuleState
from inspector.domain.model import Organization


def _organization(ctx: AppContext, code: str) -> Organization:
    org = ctx.repo.find_organization(code)
    if org is None:
        raise LookupError(ctx.t("refused.unknown_organization", code=code))
    return org


# `layout show` and `backup check`: some rule could not be checked (the output is complete;
# 1 and 2 stay the error and usage statuses).
EXIT_NOT_CHECKED = 3

# The mark of a rule's state in the text output: the same in every language, so that a
# script (or grep) finds it.
STATE_MARK = {RuleState.PASSED: "ok", RuleState.BROKEN: "NG", RuleState.NOT_CHECKED: "??"}


def _exit_if_not_checked(states: list[RuleState]) -> None:
    if RuleState.NOT_CHECKED in states:
        sys.exit(EXIT_NOT_CHECKED)


__all__ = ["EXIT_NOT_CHECKED", "STATE_MARK", "_exit_if_not_checked", "_organization"]

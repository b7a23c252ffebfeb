"""`inspector backup check`: the backup media storage register and its transport log
judged against every rule."""

from __future__ import annotations

from collections.abc import Callable

import click

from inspector.cli.output import echo_json
from inspector.cli.site import STATE_MARK, _exit_if_not_checked, _organization
from inspector.cli.text import t as tr
from inspector.context import AppContext
from inspector.domain.backup import BackupRuleResult, check_backup, evaluate_backup
from inspector.domain.layout import RuleState


@click.group()
def backup() -> None:
    """The backup media storage register and its transport log."""


@backup.command("check")
@click.option("--organization", "code", metavar="CODE", required=True)
@click.option("--json", "as_json", is_flag=True)
@click.pass_obj
def backup_check(ctx: AppContext, code: str, as_json: bool) -> None:
    """Every rule of the register: key kept apart from its box; transports locked, key
    carried apart, received.

    Each rule is [ok] kept, [NG] broken (one line per box or transport), or [??] not
    checked: the register holds nothing to judge it on (no box or safe, no transport in
    the log, a box whose location or key location is not written). --json gives
    {"organization", "storages", "transports", "rules": [{"rule", "state", "reason",
    "judged", "issues", "not_checked"}], "issues"}.

    Exit status: 0 when every rule could be judged, kept or broken (broken rules are
    results, not errors); 3 when at least one rule was not checked (the output is still
    complete); 1 on an error (unknown organization).
    """
    org = _organization(ctx, code)
    storages = ctx.site.storages(org.id)
    transports = ctx.site.transports([s.id for s in storages])
    rules = check_backup(storages, transports)
    issues = evaluate_backup(storages, transports)
    if as_json:
        echo_json(
            {
                "organization": org.code,
                "storages": len(storages),
                "transports": len(transports),
                "rules": [r.to_json() for r in rules],
                "issues": [i.to_json() for i in issues],
            }
        )
        _exit_if_not_checked([r.state for r in rules])
        return
    t = ctx.t
    click.echo(
        tr(
            "cli.backup.counts",
            org=f"{org.code} {org.name}",
            storages=len(storages),
            transports=len(transports),
        )
    )
    for rule in rules:
        click.echo(f"[{STATE_MARK[rule.state]}] {t(rule.title_key)}")
        for line in _backup_rule_lines(rule, t):
            click.echo(f"     {line}")
    counts = {state.value: sum(1 for r in rules if r.state is state) for state in RuleState}
    click.echo("")
    if counts[RuleState.PASSED.value] == len(rules):
        click.echo(t("site.backup.ok"))
    else:
        click.echo(t("site.backup.summary", **counts))
    _exit_if_not_checked([r.state for r in rules])


def _backup_rule_lines(rule: BackupRuleResult, t: Callable[..., str]) -> list[str]:
    """What a rule's result rests on: each broken box or transport, each box it could not
    be judged on, or why nothing could be judged."""
    lines = [t(i.message_key, name=i.storage_name, **i.params) for i in rule.issues]
    lines += [t(g.message_key, name=g.storage_name) for g in rule.gaps]
    if rule.reason_key:
        lines.append(t(rule.reason_key))
    return lines


__all__ = ["backup"]

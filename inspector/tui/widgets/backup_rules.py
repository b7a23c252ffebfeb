"""The backup register's rules panel: each rule OK (kept), NG (broken, with every broken box
or transport underneath, the selected one highlighted) or ?? (not checked, with the
reason), and the counts. `row_mark` is the same mark for a row of the register's tables."""

from __future__ import annotations

from contextlib import suppress
from datetime import date

from rich.text import Text
from textual.widgets import Static

from inspector.domain.backup import BackupGap, BackupIssue, BackupRuleResult
from inspector.domain.layout import RuleState
from inspector.i18n import Translator
from inspector.tui.dates import day_text
from inspector.tui.wrapping import Wrapped


def same_issue(a: BackupIssue, b: BackupIssue) -> bool:
    """The same broken rule on the same box or transport (after a reload too)."""
    return (a.rule_id, a.storage_id, a.transport_id) == (b.rule_id, b.storage_id, b.transport_id)


def row_mark(issues: list[BackupIssue], gaps: list[BackupGap] | None = None) -> Text:
    """NG when a rule is broken on the row, ?? when one could not be judged on it, else OK."""
    if issues:
        return Text("NG", style="bold red")
    if gaps:
        return Text("??", style="bold yellow")
    return Text("OK", style="green")


class BackupRules(Static):
    """The rules and what each rests on; only the title until the register is loaded.
    `text` is what it shows, unwrapped."""

    text: Text = Text()

    def show(
        self,
        t: Translator,
        *,
        loaded: bool,
        empty: bool,
        rules: list[BackupRuleResult],
        issues: list[BackupIssue],
        selected: BackupIssue | None,
    ) -> None:
        text = Text()
        text.append(t("site.backup.rules") + "\n", style="bold")
        if not loaded:
            self.text = text
            self.update(text)
            return
        if empty:
            text.append(t("site.backup.empty") + "\n", style="dim")
        for rule in rules:
            broken = [i for i in issues if i.rule_id == rule.rule_id]
            title = t(rule.title_key)
            if broken:
                text.append(" NG ", style="bold red")
                text.append(f"{title} ({len(broken)})\n", style="bold")
            elif rule.state is RuleState.NOT_CHECKED:
                text.append(" ?? ", style="bold yellow")
                text.append(title + "\n", style="bold")
            else:
                text.append(" OK ", style="green")
                text.append(title + "\n")
            for issue in broken:
                chosen = selected is not None and same_issue(issue, selected)
                text.append(" ▶ " if chosen else "   ", style="bold")
                text.append(
                    t(issue.message_key, name=issue.storage_name, **_shown_params(issue, t)) + "\n",
                    style="reverse red" if chosen else "red",
                )
            # why it could not be judged (on a box, or at all): never shown as OK
            for gap in rule.gaps:
                text.append(
                    "   " + t(gap.message_key, name=gap.storage_name) + "\n", style="yellow"
                )
            if rule.reason_key:
                text.append("   " + t(rule.reason_key) + "\n", style="yellow")
        counts = {state.value: sum(1 for r in rules if r.state is state) for state in RuleState}
        text.append(t("site.backup.summary", **counts) + "\n", style="dim")
        # wrapped by the rule of the printed documents (禁則): Rich breaks Japanese anywhere
        self.text = text
        self.update(Wrapped(text))


def _shown_params(issue: BackupIssue, t: Translator) -> dict[str, object]:
    """The issue's words with its day as the screens show days (令和8年12月1日, not ISO)."""
    params = dict(issue.params)
    raw = params.get("date")
    if raw:
        with suppress(ValueError):  # not a day: shown as it is
            params["date"] = day_text(date.fromisoformat(str(raw)), t)
    return params


__all__ = ["BackupRules", "row_mark", "same_issue"]

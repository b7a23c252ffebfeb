"""The outcome of a rule an inspector checks on site: kept, broken, or not checked.

Shared by the layout rules (`domain/layout/rules.py`) and the backup register's rules
(`domain/backup.py`).
"""

from __future__ import annotations

from enum import StrEnum


class RuleState(StrEnum):
    """The outcome of one rule: kept, broken, or not judged because something it needs is
    missing (from the layout, or from the backup register)."""

    PASSED = "passed"
    BROKEN = "broken"
    NOT_CHECKED = "not_checked"


class Judged:
    """`ok`, `broken` and `checked` of a rule's outcome (a layout or a backup rule)."""

    state: RuleState

    @property
    def ok(self) -> bool:
        """Kept. False both when broken and when not checked."""
        return self.state is RuleState.PASSED

    @property
    def broken(self) -> bool:
        return self.state is RuleState.BROKEN

    @property
    def checked(self) -> bool:
        return self.state is not RuleState.NOT_CHECKED

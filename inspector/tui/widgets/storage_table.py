"""The backup register's boxes and safes: one row per storage, keyed by its id, with its
mark (OK, NG, ??), where it and its key are kept, and who holds the key."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.backup import BackupGap, BackupIssue, BackupStorage
from inspector.i18n import Translator
from inspector.tui.plain import plain_cell
from inspector.tui.widgets.backup_rules import row_mark

_COLUMNS = "site.backup.columns."


class StorageTable(DataTable[str | Text]):
    """Rows keyed by the storage's id; the cursor stays on its row across reloads."""

    def add_storage_columns(self, t: Translator) -> None:
        # the columns the rules read come first, so they show on a narrow terminal
        self.add_columns(
            "",
            *[t(_COLUMNS + k) for k in ("name", "box_location", "key_location", "next_to_box")],
            *[t(_COLUMNS + k) for k in ("key_holder", "kind")],
        )

    def show(
        self,
        t: Translator,
        storages: list[BackupStorage],
        issues_of: Callable[[int], list[BackupIssue]],
        gaps_of: Callable[[int], list[BackupGap]],
    ) -> None:
        yes = t("site.backup.yes")
        row = self.cursor_row
        self.clear()
        for storage in storages:
            self.add_row(
                row_mark(issues_of(storage.id), gaps_of(storage.id)),
                plain_cell(storage.name),
                plain_cell(storage.box_location),
                plain_cell(storage.key_location),
                Text(yes, style="red") if storage.key_next_to_box else "",
                plain_cell(storage.key_holder),
                t(f"site.backup.kind.{storage.kind.value}"),
                key=str(storage.id),
            )
        if storages:
            self.move_cursor(row=max(0, min(row, len(storages) - 1)))


__all__ = ["StorageTable"]

"""The backup register's boxes and safes: one row per storage, keyed by its id, with its
mark (OK, NG, ??), where it and its key are kept, and who holds the key. Every column
shows at 80 terminal columns (a long place is cut with '…'; the rules pane says it whole
for a broken rule); a wider terminal gives the places their room."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from inspector.domain.backup import BackupGap, BackupIssue, BackupStorage
from inspector.i18n import Translator
from inspector.tui.text import Column, fit
from inspector.tui.widgets.backup_rules import row_mark
from inspector.tui.widgets.fitted_table import FittedTable

_COLUMNS = "site.backup.columns."
_HEADERS = {"next_to_box": "office15.backup_next_to_box"}
"""Headers of a narrow column in words that fit it (office15: 「Nex…」 in English)."""

# the columns the rules read come first; 2+10+14+14+4+10+6 cells and their padding: 74 of 78
_SPECS = (
    Column("mark", 2),
    Column("name", 10, grow=1, widest=20),
    Column("box_location", 14, grow=2, widest=40),
    Column("key_location", 14, grow=2, widest=40),
    Column("next_to_box", 4),
    Column("key_holder", 10, grow=1, widest=20),
    Column("kind", 6, grow=1, widest=10),
)


class StorageTable(FittedTable):
    """Rows keyed by the storage's id; the cursor stays on its row across reloads."""

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(
            _SPECS,
            lambda key: "" if key == "mark" else t(_HEADERS.get(key, _COLUMNS + key)),
            self._show_again,
            **kwargs,  # type: ignore[arg-type]
        )
        self.t = t
        self._shown: tuple[
            list[BackupStorage],
            Callable[[int], list[BackupIssue]],
            Callable[[int], list[BackupGap]],
        ] = ([], lambda _: [], lambda _: [])

    def _show_again(self) -> None:
        self.show(self.t, *self._shown)

    def show(
        self,
        t: Translator,
        storages: list[BackupStorage],
        issues_of: Callable[[int], list[BackupIssue]],
        gaps_of: Callable[[int], list[BackupGap]],
    ) -> None:
        self._shown = (storages, issues_of, gaps_of)
        widths = self.widths

        def cell(key: str, text: str, style: str = "") -> Text:
            return Text(fit(text, widths.get(key, 0) or len(text) + 1), style=style)

        yes = t("site.backup.yes")
        row = self.cursor_row
        self.clear()
        for storage in storages:
            cells = {
                "mark": row_mark(issues_of(storage.id), gaps_of(storage.id)),
                "name": cell("name", storage.name),
                "box_location": cell("box_location", storage.box_location),
                "key_location": cell("key_location", storage.key_location),
                "next_to_box": cell("next_to_box", yes if storage.key_next_to_box else "", "red"),
                "key_holder": cell("key_holder", storage.key_holder),
                "kind": cell("kind", t(f"site.backup.kind.{storage.kind.value}")),
            }
            self.add_cells(cells, key=str(storage.id))
        if storages:
            self.move_cursor(row=max(0, min(row, len(storages) - 1)))


__all__ = ["StorageTable"]

"""The backup register's transport log: one row per transport, oldest first, with its mark,
whether the box was locked and its key carried apart, and who received it."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.backup import BackupIssue, BackupStorage, BackupTransport
from inspector.i18n import Translator
from inspector.tui.dates import day_text
from inspector.tui.plain import plain_cell
from inspector.tui.widgets.backup_rules import row_mark

_COLUMNS = "site.backup.columns."


class TransportTable(DataTable[str | Text]):
    """Rows keyed by the transport's id; the cursor stays on its row across reloads."""

    def add_transport_columns(self, t: Translator) -> None:
        self.add_columns(
            "",
            *[t(_COLUMNS + k) for k in ("date", "locked", "key_separate", "receiver", "name")],
            *[t(_COLUMNS + k) for k in ("from", "to", "carrier")],
        )

    def show(
        self,
        t: Translator,
        transports: list[BackupTransport],
        storages: list[BackupStorage],
        issues_of: Callable[[int], list[BackupIssue]],
    ) -> None:
        yes, no = t("site.backup.yes"), t("site.backup.no")
        names = {s.id: s.name for s in storages}
        row = self.cursor_row
        self.clear()
        for transport in transports:
            receiver: str | Text = transport.receiver or Text(
                t("site.backup.not_received"), style="red"
            )
            self.add_row(
                row_mark(issues_of(transport.id)),
                day_text(transport.transport_date, t),
                yes if transport.box_locked else Text(no, style="red"),
                yes if transport.key_separate else Text(no, style="red"),
                plain_cell(receiver),
                plain_cell(names.get(transport.storage_id, "")),
                plain_cell(transport.from_place),
                plain_cell(transport.to_place),
                plain_cell(transport.carrier),
                key=str(transport.id),
            )
        if transports:
            self.move_cursor(row=max(0, min(row, len(transports) - 1)))


__all__ = ["TransportTable"]

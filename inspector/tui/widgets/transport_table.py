"""The backup register's transport log: one row per transport, oldest first, with its mark,
whether the box was locked and its key carried apart, and who received it. Every column
shows at 80 terminal columns (the day short and whole, 令和8.11.14; places cut with '…',
the row under the cursor said whole under the log, `transport_detail`); a wider terminal
gives the day and the places their room."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text

from inspector.domain.backup import BackupIssue, BackupStorage, BackupTransport
from inspector.i18n import Translator
from inspector.tui.dates import day_cells, day_text, fitted_day_text
from inspector.tui.text import Column, fit
from inspector.tui.widgets.backup_rules import row_mark
from inspector.tui.widgets.fitted_table import FittedTable

_COLUMNS = "site.backup.columns."

# 2+12+4+6+8+8+6+6+6 cells and their padding: 76 of 78 (the date: 令和10.12.28 whole)
_SPECS = (
    Column("mark", 2),
    Column("date", 12, grow=1, widest=15),
    Column("locked", 4),
    Column("key_separate", 6),
    Column("receiver", 8, grow=1, widest=16),
    Column("name", 8, grow=1, widest=20),
    Column("from", 6, grow=2, widest=24),
    Column("to", 6, grow=2, widest=24),
    Column("carrier", 6, grow=1, widest=16),
)


class TransportTable(FittedTable):
    """Rows keyed by the transport's id; the cursor stays on its row across reloads."""

    def __init__(self, t: Translator, **kwargs: object) -> None:
        super().__init__(
            _specs(t),
            lambda key: "" if key == "mark" else t(_COLUMNS + key),
            self._show_again,
            **kwargs,  # type: ignore[arg-type]
        )
        self.t = t
        self._shown: tuple[
            list[BackupTransport], list[BackupStorage], Callable[[int], list[BackupIssue]]
        ] = ([], [], lambda _: [])

    def _show_again(self) -> None:
        self.show(self.t, *self._shown)

    def show(
        self,
        t: Translator,
        transports: list[BackupTransport],
        storages: list[BackupStorage],
        issues_of: Callable[[int], list[BackupIssue]],
    ) -> None:
        self._shown = (transports, storages, issues_of)
        widths = self.widths

        def cell(key: str, text: str, style: str = "") -> Text:
            return Text(fit(text, widths.get(key, 0) or len(text) + 1), style=style)

        yes, no = t("site.backup.yes"), t("site.backup.no")
        names = {s.id: s.name for s in storages}
        row = self.cursor_row
        self.clear()
        for transport in transports:
            receiver = transport.receiver
            cells = {
                "mark": row_mark(issues_of(transport.id)),
                "date": cell(
                    "date",
                    fitted_day_text(transport.transport_date, t, widths.get("date", 15)),
                ),
                "locked": cell("locked", yes)
                if transport.box_locked
                else cell("locked", no, "red"),
                "key_separate": (
                    cell("key_separate", yes)
                    if transport.key_separate
                    else cell("key_separate", no, "red")
                ),
                "receiver": (
                    cell("receiver", receiver)
                    if receiver
                    else cell("receiver", t("site.backup.not_received"), "red")
                ),
                "name": cell("name", names.get(transport.storage_id, "")),
                "from": cell("from", transport.from_place),
                "to": cell("to", transport.to_place),
                "carrier": cell("carrier", transport.carrier),
            }
            self.add_cells(cells, key=str(transport.id))
        if transports:
            self.move_cursor(row=max(0, min(row, len(transports) - 1)))

    def detail(self) -> str:
        """The transport under the cursor whole (`transport_detail`); '' for none."""
        transports, storages, _issues = self._shown
        if not 0 <= self.cursor_row < len(transports):
            return ""
        transport = transports[self.cursor_row]
        name = next((s.name for s in storages if s.id == transport.storage_id), "")
        return transport_detail(self.t, transport, name)


def _specs(t: Translator) -> tuple[Column, ...]:
    """The columns; the date as wide as the short day of the language needs (令和10.12.28
    in Japanese: 令和8.11.14 was cut to 令和8.11.…, which day?)."""
    cells = day_cells(t, short=True)
    return tuple(
        Column(c.key, max(c.width, cells), c.grow, c.widest) if c.key == "date" else c
        for c in _SPECS
    )


def transport_detail(t: Translator, transport: BackupTransport | None, storage: str) -> str:
    """The transport under the cursor whole, under the log (its places, carrier and receiver
    are cut at 80 columns): day, box, from → to, carrier, receiver."""
    if transport is None:
        return ""
    receiver = transport.receiver or t("site.backup.not_received")
    return t(
        "tui7b.transport.detail",
        day=day_text(transport.transport_date, t),
        name=storage,
        source=transport.from_place,
        to=transport.to_place,
        carrier=transport.carrier,
        receiver=receiver,
    )


__all__ = ["TransportTable", "transport_detail"]

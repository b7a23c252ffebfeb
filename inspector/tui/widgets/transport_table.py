"""The backup register's transport log: one row per transport, oldest first, with its mark,
whether the box was locked and its key carried apart, and who received it. At 80 terminal
columns the day shows as everywhere else (令和8年12月3日, walk9 M5: 令和8.12.3 was used
nowhere else) and the places and the carrier keep the room (運搬元・運搬先・運搬者 were cut
to 「サー…」「北支…」): the box's name, which the row under the cursor says whole under the
log (`transport_detail`), shows from a wider terminal on; the columns are fitted to what
they hold, so a short one gives its room to the places."""

from __future__ import annotations

from collections.abc import Callable

from rich.cells import cell_len
from rich.text import Text

from inspector.domain.backup import BackupIssue, BackupStorage, BackupTransport
from inspector.i18n import Translator
from inspector.tui.dates import day_cells, day_text, fitted_day_text
from inspector.tui.text import Column, fit
from inspector.tui.widgets.backup_rules import row_mark
from inspector.tui.widgets.fitted_table import FittedTable

_COLUMNS = "site.backup.columns."

# 2+15+4+6+6+9+9+7 cells and their padding: 74 of 78 in Japanese (令和9年12月28日 whole;
# from 令和10 a day of 16 cells shows short, 令和10.12.28); the name from 100 columns on
_SPECS = (
    Column("mark", 2),
    Column("date", 15, grow=1, widest=16),
    Column("locked", 4),
    Column("key_separate", 6),
    Column("receiver", 6, grow=1, widest=16),
    Column("from", 9, grow=3, widest=24),
    Column("to", 9, grow=3, widest=24),
    Column("carrier", 7, grow=2, widest=16),
    Column("name", 0, grow=1, widest=20, least=8),
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
        yes, no = t("site.backup.yes"), t("site.backup.no")
        names = {s.id: s.name for s in storages}
        # the columns fitted to what they hold: 施錠 「有」 gives its room to the places
        self.fit_content(
            {
                "date": day_text(tr.transport_date, t),
                "locked": yes if tr.box_locked else no,
                "key_separate": yes if tr.key_separate else no,
                "receiver": tr.receiver or t("site.backup.not_received"),
                "name": names.get(tr.storage_id, ""),
                "from": tr.from_place,
                "to": tr.to_place,
                "carrier": tr.carrier,
            }
            for tr in transports
        )
        widths = self.widths

        def cell(key: str, text: str, style: str = "") -> Text:
            return Text(fit(text, widths.get(key, 0) or len(text) + 1), style=style)

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
    """The columns; the date as wide as a whole day of the language needs (15 cells in
    Japanese, 10 for ISO), the yes/no columns and the receiver as wide as their headings
    (English "Locked" was cut to "Loc…"), and the places take the rest."""
    cells = day_cells(t)

    def sized(c: Column) -> Column:
        if c.key == "date":
            return Column(c.key, cells, c.grow, max(c.widest, cells))
        if c.key in ("locked", "key_separate", "receiver"):
            heading = cell_len(t(_COLUMNS + c.key))
            return Column(c.key, max(c.width, heading), c.grow, max(c.widest, heading))
        return c

    return tuple(sized(c) for c in _SPECS)


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

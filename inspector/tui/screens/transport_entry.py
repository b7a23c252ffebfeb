"""Adding a line to the transport log of a backup box: date, from, to, carrier, whether
the box was locked and the key carried apart, who received it (empty: not yet)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from inspector.context import AppContext
from inspector.domain.backup import BackupStorage, same_place
from inspector.tui.date_problem import date_problem
from inspector.tui.dates import day_text
from inspector.tui.screens.site_form import (
    FormField,
    FormProblem,
    FormValues,
    SiteFormScreen,
    parse_date,
)


@dataclass(frozen=True)
class TransportEntry:
    transport_date: date
    from_place: str
    to_place: str
    carrier: str
    box_locked: bool
    key_separate: bool
    receiver: str = ""
    note: str = ""


class TransportEntryScreen(SiteFormScreen[TransportEntry]):
    """Returns a `TransportEntry`, or None when cancelled."""

    def __init__(self, context: AppContext, storage: BackupStorage, today: date) -> None:
        super().__init__(context, context.t("site.backup.add_transport"), storage.name)
        self.storage = storage
        self.today = today

    def fields(self) -> list[FormField]:
        t = self.t
        col = "site.backup.columns."
        return [
            FormField("date", t(col + "date"), day_text(self.today, t), required=True),
            FormField("from", t(col + "from"), self.storage.box_location, required=True),
            FormField("to", t(col + "to"), required=True),
            FormField("carrier", t(col + "carrier"), required=True),
            FormField("locked", t("site.backup.form.locked"), False, check=True),
            FormField("key_separate", t("site.backup.form.key_separate"), False, check=True),
            FormField("receiver", t("site.backup.form.receiver")),
            FormField("note", t("site.backup.form.note")),
        ]

    def parse(self, values: FormValues) -> TransportEntry:
        self.required(values, "date", "from", "to", "carrier")
        try:
            day = parse_date(str(values["date"]))
        except ValueError as exc:
            # what is wrong (「13月はありません」), not only the forms (walk9 M4)
            raise FormProblem("date", date_problem(str(values["date"]), exc, self.t)) from exc
        if day > self.today:
            raise FormProblem("date", self.t("site.form.future_date"))
        if same_place(str(values["from"]), str(values["to"])):
            raise FormProblem("to", self.t("site.backup.form.same_place"))
        return TransportEntry(
            transport_date=day,
            from_place=str(values["from"]),
            to_place=str(values["to"]),
            carrier=str(values["carrier"]),
            box_locked=bool(values["locked"]),
            key_separate=bool(values["key_separate"]),
            receiver=str(values["receiver"]),
            note=str(values["note"]),
        )


__all__ = ["TransportEntry", "TransportEntryScreen"]

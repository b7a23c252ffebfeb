"""Adding a box or safe to the backup media storage register."""

from __future__ import annotations

from dataclasses import dataclass

from inspector.context import AppContext
from inspector.domain.backup import StorageKind
from inspector.tui.screens.site_form import FormField, FormProblem, FormValues, SiteFormScreen


@dataclass(frozen=True)
class StorageEntry:
    name: str
    kind: StorageKind
    box_location: str
    key_location: str
    key_holder: str = ""
    key_next_to_box: bool = False
    note: str = ""


class StorageEntryScreen(SiteFormScreen[StorageEntry]):
    """Returns a `StorageEntry`, or None when cancelled."""

    def __init__(self, context: AppContext) -> None:
        super().__init__(context, context.t("site.backup.add_storage"))

    def fields(self) -> list[FormField]:
        t = self.t
        col = "site.backup.columns."
        kinds = tuple((t(f"site.backup.kind.{k.value}"), k.value) for k in StorageKind)
        return [
            FormField("name", t(col + "name"), required=True),
            FormField("kind", t(col + "kind"), StorageKind.BOX.value, choices=kinds),
            FormField("box_location", t(col + "box_location"), required=True),
            FormField("key_location", t(col + "key_location"), required=True),
            FormField("key_holder", t(col + "key_holder")),
            FormField("key_next_to_box", t("site.backup.form.key_next_to_box"), False, check=True),
            FormField("note", t("site.backup.form.note")),
        ]

    def parse(self, values: FormValues) -> StorageEntry:
        self.required(values, "name", "box_location", "key_location")
        try:
            kind = StorageKind(str(values["kind"]))
        except ValueError as exc:
            raise FormProblem("kind", self.t("site.form.required", field="kind")) from exc
        return StorageEntry(
            name=str(values["name"]),
            kind=kind,
            box_location=str(values["box_location"]),
            key_location=str(values["key_location"]),
            key_holder=str(values["key_holder"]),
            key_next_to_box=bool(values["key_next_to_box"]),
            note=str(values["note"]),
        )


__all__ = ["StorageEntry", "StorageEntryScreen"]

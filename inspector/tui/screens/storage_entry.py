"""Adding a box or safe to the backup media storage register.

A name already in the organization's register is refused in the form (the register gives
its names), so the form stays open with what was typed; the store refuses it too, as the
last guard (a box added meanwhile elsewhere), and the register then opens the form again
with the entry and the problem.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from textual.widgets import Label

from inspector.context import AppContext
from inspector.domain.backup import StorageKind
from inspector.tui.plain import plain
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
    """Returns a `StorageEntry`, or None when cancelled. `taken` are the names already in
    the register; `entry` and `problem` fill the form again after the store refused it."""

    def __init__(
        self,
        context: AppContext,
        taken: Iterable[str] = (),
        *,
        entry: StorageEntry | None = None,
        problem: str = "",
    ) -> None:
        super().__init__(context, context.t("site.backup.add_storage"))
        self.taken = frozenset(name.strip() for name in taken)
        self.entry = entry
        self.problem = problem

    def on_mount(self) -> None:
        super().on_mount()
        if self.problem:
            self.query_one("#form-error", Label).update(plain(self.problem))
            self._widget("name").focus()

    def fields(self) -> list[FormField]:
        t = self.t
        col = "site.backup.columns."
        kinds = tuple((t(f"site.backup.kind.{k.value}"), k.value) for k in StorageKind)
        e = self.entry or StorageEntry("", StorageKind.BOX, "", "")
        return [
            FormField("name", t(col + "name"), e.name, required=True),
            FormField("kind", t(col + "kind"), e.kind.value, choices=kinds),
            FormField("box_location", t(col + "box_location"), e.box_location, required=True),
            FormField("key_location", t(col + "key_location"), e.key_location, required=True),
            FormField("key_holder", t(col + "key_holder"), e.key_holder),
            FormField(
                "key_next_to_box",
                t("site.backup.form.key_next_to_box"),
                e.key_next_to_box,
                check=True,
            ),
            FormField("note", t("site.backup.form.note"), e.note),
        ]

    def parse(self, values: FormValues) -> StorageEntry:
        self.required(values, "name", "box_location", "key_location")
        name = str(values["name"]).strip()
        if name in self.taken:
            raise FormProblem("name", self.t("site.backup.name_taken", name=name))
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

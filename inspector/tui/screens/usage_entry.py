"""Writing a line of a group card's terminal usage log on site: who used the card, when,
for what. The user is a staff number or a name; a staff number or an exact name of the
roster links the line to the person."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from inspector.context import AppContext
from inspector.domain.cards import Card
from inspector.domain.dates import japan_typed
from inspector.domain.model import Person
from inspector.tui.dates import day_text
from inspector.tui.screens.site_form import (
    FormField,
    FormProblem,
    FormValues,
    SiteFormScreen,
    parse_moment,
)


@dataclass(frozen=True)
class UsageEntry:
    used_at: datetime  # aware, local time
    user_name: str
    person_id: int | None = None
    purpose: str = ""


def find_person(people: Mapping[int, Person], text: str) -> Person | None:
    """The person with this staff number, or the only one with exactly this name."""
    wanted = text.strip()
    for person in people.values():
        if person.staff_number == wanted:
            return person
    squeezed = "".join(wanted.split())
    named = [p for p in people.values() if "".join(p.name.split()) == squeezed]
    return named[0] if len(named) == 1 else None


class UsageEntryScreen(SiteFormScreen[UsageEntry]):
    """Returns a `UsageEntry`, or None when cancelled."""

    def __init__(
        self,
        context: AppContext,
        card: Card,
        people: Mapping[int, Person],
        today: date,
        default_time: str = "09:00",
    ) -> None:
        super().__init__(context, context.t("site.card.usage_title"), card.number)
        self.card = card
        self.people = people
        self.today = today
        self.default_time = default_time

    def fields(self) -> list[FormField]:
        t = self.t
        return [
            FormField(
                "used_at",
                t("tui.visit2.usage_used_at"),
                f"{day_text(self.today, self.t)} {self.default_time}",
                required=True,
            ),
            FormField("user", t("site.card.usage_prompt"), required=True),
            FormField("purpose", t("site.card.usage_purpose")),
        ]

    def parse(self, values: FormValues) -> UsageEntry:
        self.required(values, "used_at", "user")
        try:
            used_at = parse_moment(str(values["used_at"]))
        except ValueError as exc:
            raise FormProblem("used_at", self.t("tui.visit2.bad_datetime")) from exc
        if used_at.date() > self.today:
            raise FormProblem("used_at", self.t("site.form.future_date"))
        user = str(values["user"])
        person = find_person(self.people, user)
        if person is None and user.isascii() and any(c.isdigit() for c in user):
            raise FormProblem("user", self.t("site.card.usage_unknown_staff", number=user))
        return UsageEntry(
            used_at=japan_typed(used_at),  # typed on the office's clock
            user_name=person.name if person else user,
            person_id=person.id if person else None,
            purpose=str(values["purpose"]),
        )


__all__ = ["UsageEntry", "UsageEntryScreen", "find_person"]

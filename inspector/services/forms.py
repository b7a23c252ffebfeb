"""Print a register for sites without the application (`inspector forms print NAME`): the
blank form, or filled in with the rows an organization has recorded.

reportlab loads only when a function here runs."""

from __future__ import annotations

from inspector.context import AppContext
from inspector.domain.model import Organization
from inspector.services.errors import Refused


def form_names() -> tuple[str, ...]:
    """The registers there are: card-ledger, terminal-usage-log, entry-log, media-handover-log."""
    from inspector.reports.blank_forms import FORM_NAMES

    return tuple(FORM_NAMES)


def _recorded_rows(context: AppContext, name: str, org: Organization) -> list[dict[str, str]]:
    """The rows of register `name` the organization has recorded (none for the entry log)."""
    from inspector.reports.blank_forms import card_ledger_rows, handover_rows, usage_rows

    lang = context.t.lang

    if name in ("card-ledger", "terminal-usage-log"):
        ledger = context.site.ledger(org.id)
        if name == "card-ledger":
            people = {p.id: p for p in context.repo.people()}
            return card_ledger_rows(ledger.cards, ledger.events, people, context.t, lang)
        return usage_rows(ledger.cards, ledger.usages, lang)
    if name == "media-handover-log":
        storages = context.site.storages(org.id)
        transports = context.site.transports([s.id for s in storages])
        return handover_rows(storages, transports, context.t, lang)
    return []


def _named(context: AppContext, org: Organization) -> str:
    """The organization as the roster names it, with its division (市民部　市民課)."""
    division = None
    if org.parent_id is not None:
        division = next((o for o in context.repo.organizations() if o.id == org.parent_id), None)
    if division is None:
        return org.name
    if context.t.lang == "ja":
        return f"{division.name}　{org.name}"
    return f"{org.name}, {division.name}"


def form_document(context: AppContext, name: str, organization: Organization | None) -> bytes:
    """The PDF of register `name`, filled in for `organization` when one is given; a broken
    office form is refused with what is wrong."""
    from inspector.i18n import message_of
    from inspector.reports.blank_forms import form_pdf
    from inspector.reports.forms import FormError

    rows = _recorded_rows(context, name, organization) if organization else []
    try:
        return form_pdf(
            name,
            lang=context.t.lang,
            folders=[context.settings.all_forms_dir],
            rows=rows,
            organization=_named(context, organization) if organization else "",
        )
    except FormError as exc:
        raise Refused(message_of(exc)) from exc


__all__ = ["form_document", "form_names"]

"""Import the staff roster (`inspector people import`): staff number, name, organization,
staff type, status."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from inspector.context import AppContext
from inspector.domain.controls import escape_controls
from inspector.exchange.rosters import import_people as import_people_file
from inspector.i18n import Translator
from inspector.services.actors import auditor
from inspector.store.repository import UpsertCounts


def import_people(
    context: AppContext,
    file: Path,
    *,
    create_missing: bool,
    ignore_extra: bool,
    warn: Callable[[str], None],
) -> UpsertCounts:
    """Add and update the people of FILE as this run's user (each field changed is logged);
    with `create_missing`, organizations it names that do not exist are added."""
    return import_people_file(
        context.repo,
        file,
        create_missing=create_missing,
        ignore_extra=ignore_extra,
        warn=warn,
        actor=auditor(context.settings),
    )


def change_lines(counts: UpsertCounts, t: Translator) -> list[str]:
    """The receipt's line for each field changed: staff number, field, old -> new."""
    return [
        t(
            "imports16.people.changed",
            staff_number=escape_controls(c.staff_number, keep_layout=False),
            field=t(f"cli.rosters.people_columns.{c.field}"),
            old=_shown(c.field, c.old, t),
            new=_shown(c.field, c.new, t),
        )
        for c in counts.changes
    ]


_LABELS = {"staff_type": "cli.rosters.staff_type", "status": "cli.rosters.person_status"}


def _shown(field: str, value: str | None, t: Translator) -> str:
    """A logged value as the roster list shows it (a staff type or status by its label)."""
    if value is None:
        return t("imports16.people.none")
    prefix = _LABELS.get(field)
    # a name as stored (one from before the checks on input could hold a control)
    return t(f"{prefix}.{value}") if prefix else escape_controls(value, keep_layout=False)


__all__ = ["change_lines", "import_people"]

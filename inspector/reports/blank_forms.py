"""Printable registers from `forms/`: card ledger, terminal usage log, entry log, media
handover log. Printed blank (a site without the application keeps the same registers on
paper) or with the rows already recorded in the database followed by blank lines.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import SimpleDocTemplate, Spacer, TableStyle

from inspector.domain.backup import BackupStorage, BackupTransport
from inspector.domain.cards import Card, CardEvent, CardUsage
from inspector.domain.dates import japan_time
from inspector.domain.era import format_date
from inspector.domain.model import Person
from inspector.reports.fonts import ensure_font
from inspector.reports.forms import Form, load_form
from inspector.reports.pagination import (
    GridTable,
    fitted_widths,
    numbered_canvas,
)
from inspector.reports.typesetting import (
    FRAME_PADDING,
    TextStyles,
    paragraph,
)

FORM_NAMES = ("card-ledger", "terminal-usage-log", "entry-log", "media-handover-log")
ROW_HEIGHT = 9 * mm
MARGIN = 14 * mm

Translate = Callable[..., str]


class UnknownForm(LookupError):
    """A form name that is not one of `FORM_NAMES`."""


def form_pdf(
    name: str,
    *,
    lang: str = "ja",
    folders: Iterable[Path] = (),
    rows: Sequence[Mapping[str, str]] = (),
    organization: str = "",
    blank_rows: int | None = None,
) -> bytes:
    """The register as PDF bytes: the given rows, then blank lines (a page's worth when
    there are no rows)."""
    if name not in FORM_NAMES:
        raise UnknownForm(f"unknown form '{name}' (choose from: {', '.join(FORM_NAMES)})")
    form = load_form(name, lang, folders)
    font = ensure_font()
    pagesize = landscape(A4) if form.orientation == "landscape" else A4
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=form.title,
        invariant=1,
    )
    styles = TextStyles(lang)
    title = ParagraphStyle("form_title", parent=styles.title, spaceAfter=0)
    body = styles.body
    cell = ParagraphStyle("form_cell", parent=styles.cell, allowWidows=1, allowOrphans=1)
    head = ParagraphStyle("form_head", parent=cell, alignment=1)
    usable = doc.width - 2 * FRAME_PADDING
    columns = form.columns.get("rows") or []
    total = sum(c.width for c in columns) or 1
    data: list[list[Any]] = [[paragraph(c.heading, head) for c in columns]]
    for row in rows:
        data.append(
            [paragraph("" if c.blank else str(row.get(c.key, "") or ""), cell) for c in columns]
        )
    widths = fitted_widths([usable * c.width / total for c in columns], data, 12)
    if blank_rows is None:
        per_page = int((doc.height - 56 * mm) // ROW_HEIGHT)  # title, notes, heading
        blank_rows = max(per_page - len(rows) % max(per_page, 1), 3) if rows else per_page
    data.extend([[""] * len(columns) for _ in range(blank_rows)])
    table = GridTable(
        data,
        colWidths=widths,
        repeatRows=1,
        rowHeights=[None] + [None] * len(rows) + [ROW_HEIGHT] * blank_rows,
    )
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.HexColor("#555555")),
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#E8E8E8")),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story = [
        paragraph(form.title, title),
        Spacer(1, 2 * mm),
        paragraph(_organization_line(form, organization), body),
        paragraph(form.text("period"), body),
        Spacer(1, 1 * mm),
        paragraph(form.text("note"), body),
        Spacer(1, 3 * mm),
        table,
    ]
    doc.build(story, canvasmaker=numbered_canvas(font, MARGIN / 2, form.text("page")))
    return buffer.getvalue()


def _organization_line(form: Form, organization: str) -> str:
    blank = "＿" * 12 if form.lang == "ja" else "_" * 24
    return form.text("organization", organization=organization or blank)


# -- rows from the database ------------------------------------------------------------------


def _local(moment: datetime, lang: str) -> str:
    """The day in Japan, as dates are printed on paper (令和8年4月1日)."""
    return format_date(japan_time(moment).date(), lang)


def card_ledger_rows(
    cards: Sequence[Card],
    events: Iterable[CardEvent],
    people: Mapping[int, Person],
    t: Translate,
    lang: str = "ja",
) -> list[dict[str, str]]:
    """One row per recorded event, in date order, as the paper ledger is written."""
    by_id = {c.id: c for c in cards}
    rows: list[dict[str, str]] = []
    for event in sorted(events, key=lambda e: (e.at, e.id)):
        card = by_id.get(event.card_id)
        if card is None:
            continue
        holder = ""
        if event.person_id is not None and event.person_id in people:
            holder = people[event.person_id].name
        elif card.group_name:
            holder = card.group_name
        note = event.place or event.note
        rows.append(
            {
                "date": _local(event.at, lang),
                "number": card.number,
                "kind": t(f"site.card.kind.{card.kind.value}"),
                "use": t(f"site.card.use.{card.use.value}"),
                "holder": holder,
                "event": t(f"site.card.event.{event.kind.value}"),
                "note": note,
                "recorded_by": event.recorded_by,
            }
        )
    return rows


def usage_rows(
    cards: Sequence[Card], usages: Iterable[CardUsage], lang: str = "ja"
) -> list[dict[str, str]]:
    by_id = {c.id: c for c in cards}
    return [
        {
            "date": _local(u.used_at, lang),
            "card": by_id[u.card_id].number if u.card_id in by_id else "",
            "user": u.user_name,
            "time_from": japan_time(u.used_at).strftime("%H:%M"),
            "purpose": u.purpose,
        }
        for u in sorted(usages, key=lambda u: (u.used_at, u.id))
    ]


def handover_rows(
    storages: Sequence[BackupStorage],
    transports: Iterable[BackupTransport],
    t: Translate,
    lang: str = "ja",
) -> list[dict[str, str]]:
    names = {s.id: s.name for s in storages}
    yes, no = t("site.backup.yes"), t("site.backup.no")
    return [
        {
            "date": format_date(tr.transport_date, lang),
            "media": names.get(tr.storage_id, ""),
            "from": tr.from_place,
            "to": tr.to_place,
            "carrier": tr.carrier,
            "locked": yes if tr.box_locked else no,
            "key_separate": yes if tr.key_separate else no,
            "receiver": tr.receiver,
        }
        for tr in sorted(transports, key=lambda tr: (tr.transport_date, tr.id))
    ]


__all__ = [
    "FORM_NAMES",
    "UnknownForm",
    "card_ledger_rows",
    "form_pdf",
    "handover_rows",
    "usage_rows",
]

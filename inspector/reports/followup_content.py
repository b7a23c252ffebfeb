"""What the follow-up report (措置状況報告) says, as the city of seed 001 publishes it.

- Findings grouped by the checklist section (着眼点) of their item, in the catalogue's order.
- The fiscal year (年度, April to March) of the audit, from the visit dates.
- The public edition (the default): no layout diagrams (server-room floor plans), no key
  locations (the backup register's key places and the plan cells of a layout finding), and
  no notes (a 状況 line the inspector inserted from the item's note is for the department,
  not for publication). The internal edition (`--internal`) keeps everything and is marked
  取扱注意 on every page.

Pure functions over the document's data: the service gathers, this decides what is printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from datetime import date

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.documents import FindingOnPaper
from inspector.domain.era import ERAS, era_year
from inspector.domain.model import InspectionSession
from inspector.i18n import Translator

REDACTED = {"ja": "（非公開）", "en": "(withheld)"}
# the line `insert_note` adds (ja and en), and the one proposals made before it existed
_NOTE_LINE = re.compile(r"^\s*(状況|Observed)\s*[:：]")


def fiscal_year(day: date) -> int:
    """The fiscal year (by the calendar year it starts in) of a day: April to March."""
    return day.year if day.month >= 4 else day.year - 1


def fiscal_year_label(year: int, lang: str = "ja") -> str:
    """令和8年度 (the era of the fiscal year's last day, counted from the year it starts
    in: the fiscal year from April 2019 is 令和元年度); FY2026 in English."""
    if lang != "ja":
        return f"FY{year}"
    name, _ = era_year(date(year + 1, 3, 31))
    start = next(first for first, era in ERAS if era == name)
    number = year - start.year + 1
    return f"{name}{'元' if number == 1 else number}年度"


def with_sections(
    papers: Iterable[FindingOnPaper],
    catalog: ChecklistCatalog,
    sessions: Mapping[int, InspectionSession],
    lang: str,
) -> tuple[FindingOnPaper, ...]:
    """Each finding with the section (着眼点) of its first checklist item and that section's
    place in the catalogue (checklists in catalogue order, sections in file order). A
    finding without a checklist item (a layout rule, the backup register) keeps none and
    sorts after the sections."""
    order = {c.id: n for n, c in enumerate(catalog)}
    result = []
    for paper in papers:
        finding = paper.finding
        session = sessions.get(finding.session_id) if finding.session_id is not None else None
        checklist = (
            catalog.get(session.checklist_id)
            if session is not None and session.checklist_id in catalog
            else None
        )
        item_id = next(
            (i for i in finding.items if checklist is not None and checklist.has_item(i)), None
        )
        if checklist is None or item_id is None:
            result.append(replace(paper, section="", section_rank=1_000_000))
            continue
        section_id = checklist.item(item_id).section
        index = next(n for n, s in enumerate(checklist.sections) if s.id == section_id)
        title = checklist.sections[index].title.get(lang)
        rank = order.get(checklist.id, 999) * 1000 + index
        result.append(replace(paper, section=title, section_rank=rank))
    return tuple(result)


def public_paper(paper: FindingOnPaper, secrets: Sequence[str], lang: str) -> FindingOnPaper:
    """The finding as the public edition prints it: no layout attached, no note line, no
    plan cells of a layout, every secret (a key location) replaced by （非公開）."""
    finding = paper.finding
    cells_prefix = Translator(lang)("site.layout.cells", cells="").strip()

    def clean(text: str, *, drop_lines: bool = False) -> str:
        if drop_lines:
            lines = [
                line
                for line in text.splitlines()
                if not _NOTE_LINE.match(line)
                and not (cells_prefix and line.strip().startswith(cells_prefix))
            ]
            text = "\n".join(lines)
        return mask(text, secrets, lang)

    plans = tuple(
        replace(
            plan,
            measures=clean(plan.measures),
            entries=tuple(replace(e, text=clean(e.text)) for e in plan.entries),
        )
        for plan in paper.plans
    )
    public = replace(
        finding,
        title=clean(finding.title),
        text=clean(finding.text, drop_lines=True),
        requested_measure=clean(finding.requested_measure),
        layout=None,
        evidence=(),
    )
    return replace(paper, finding=public, plans=plans)


def mask(text: str, secrets: Sequence[str], lang: str) -> str:
    """`text` with every secret replaced (longest first, so a place that contains another
    is masked whole)."""
    for secret in sorted({s.strip() for s in secrets if s.strip()}, key=len, reverse=True):
        text = text.replace(secret, REDACTED.get(lang, REDACTED["en"]))
    return text


def section_groups(
    papers: Sequence[FindingOnPaper],
) -> list[tuple[str, list[FindingOnPaper]]]:
    """The findings in section order, as (section title, findings) runs."""
    ordered = sorted(papers, key=lambda p: (p.section_rank, p.finding.id))
    groups: list[tuple[str, list[FindingOnPaper]]] = []
    for paper in ordered:
        if groups and groups[-1][0] == paper.section:
            groups[-1][1].append(paper)
        else:
            groups.append((paper.section, [paper]))
    return groups


__all__ = [
    "REDACTED",
    "fiscal_year",
    "fiscal_year_label",
    "mask",
    "public_paper",
    "section_groups",
    "with_sections",
]

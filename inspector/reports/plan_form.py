"""改善計画書 (improvement plan form): PlanFormData in, PDF bytes out.

One row per finding with measures, owner and deadline, and blank columns (keys starting
with "blank") for the head to fill in on paper.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector.domain.documents import PlanFormData, content_hash, verification_payload
from inspector.domain.era import format_date
from inspector.reports.forms import load_form
from inspector.reports.layout_common import (
    RenderedPdf,
    Styles,
    content_width,
    grid_table,
    marked,
    para,
    render,
    signature_block,
)
from inspector.reports.notice import finding_cell_text, kind_label


def build_plan_form(
    data: PlanFormData,
    *,
    lang: str = "ja",
    forms_dirs: Iterable[Path] = (),
    invariant: bool = False,
) -> RenderedPdf:
    form = load_form("plan_form", lang, forms_dirs)
    styles = Styles(lang)
    width = content_width(form)
    payload = verification_payload(data.doc_id, content_hash(data))
    story: list[Flowable] = [
        para(form.text("doc_number", doc_id=data.doc_id), styles.right),
        para(form.text("issue_date", date=format_date(data.issue_date, lang)), styles.right),
        Spacer(1, 3 * mm),
        para(form.text("addressee", office=data.office), styles.left),
        para(form.text("sender", organization=data.organization.name), styles.right),
        Spacer(1, 4 * mm),
        para(form.title, styles.title),
        para(form.text("intro"), styles.body),
    ]
    if form.text("note_heading"):
        story.append(para(form.text("note_heading"), styles.center))
    story.append(Spacer(1, 2 * mm))
    mark = form.text("mark_not_independent")
    if not data.findings:
        story.append(para(form.text("none"), styles.body))
    else:
        rows = []
        for number, entry in enumerate(data.findings, start=1):
            f = entry.finding
            plans = entry.plans
            values = {
                "number": f"{number}{mark if entry.not_independent else ''}",
                "kind": kind_label(form, f.kind),
                "finding": finding_cell_text(f),
                "measures": "\n".join(p.measures for p in plans) if plans else "",
                "owner": "\n".join(p.responsible_person for p in plans),
                "deadline": "\n".join(format_date(p.deadline, lang) for p in plans),
            }
            rows.append(
                [
                    ""
                    if col.blank
                    else para(
                        values.get(col.key, ""),
                        styles.cell_center if col.key in ("number", "kind") else styles.cell,
                    )
                    for col in form.columns["plans"]
                ]
            )
        story.append(grid_table(form.columns["plans"], rows, width, styles))
        if any(e.not_independent for e in data.findings):
            story += [Spacer(1, 2 * mm), marked(form.text("not_independent"), styles.body)]
    block, slot = signature_block(form, payload, styles, width)
    story += [block, Spacer(1, 3 * mm), para(form.text("end"), styles.right)]
    return render(
        story,
        form,
        doc_id=data.doc_id,
        title=f"{form.title} {data.organization.name}",
        author=data.office,
        keywords=payload,
        slot=slot,
        invariant=invariant,
    )


__all__ = ["build_plan_form"]

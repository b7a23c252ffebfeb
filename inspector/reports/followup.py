"""措置状況報告 (follow-up report): FollowupData in, PDF bytes out.

As in a city's follow-up report: per organization, per kind (指摘, 意見, リスク), each finding
beside every dated measure entry with its status (【 措置済 】 令和4年3月31日 ...).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector.domain.documents import (
    FindingOnPaper,
    FollowupData,
    content_hash,
    verification_payload,
)
from inspector.domain.era import format_date
from inspector.domain.findings import FindingKind
from inspector.reports.forms import Form, load_form
from inspector.reports.layout_common import (
    RenderedPdf,
    Styles,
    content_width,
    grid_table,
    label_table,
    marked,
    para,
    render,
    signature_block,
)
from inspector.reports.layout_diagram import finding_layout_figures
from inspector.reports.notice import finding_cell_text

_HEADINGS = {
    FindingKind.FINDING: "heading_finding",
    FindingKind.OPINION: "heading_opinion",
    FindingKind.RISK: "heading_risk",
}


def _measures_cell(
    form: Form, entry: FindingOnPaper, styles: Styles, lang: str, today: date
) -> list[Flowable]:
    flow: list[Flowable] = []
    if not entry.plans:
        flow.append(para(form.text("no_plan"), styles.cell))
    for plan in entry.plans:
        line = form.text(
            "plan_line",
            measures=plan.measures,
            owner=plan.responsible_person,
            deadline=format_date(plan.deadline, lang),
        )
        flow.append(para(line, styles.small))
        if plan.is_overdue(today):
            flow.append(marked(form.text("overdue"), styles.cell))
        if not plan.entries:
            flow.append(para(form.text("no_entries"), styles.cell))
        for e in plan.entries:
            status = form.text(f"status_{e.status.value}")
            # the status line and its text in one paragraph: never parted by a page break
            flow.append(
                para(
                    form.text("entry", status=status, date=format_date(e.entry_date, lang))
                    + "\n"
                    + e.text,
                    styles.cell,
                )
            )
            flow.append(Spacer(1, 1.5 * mm))
    return flow


def build_followup(
    data: FollowupData,
    *,
    lang: str = "ja",
    forms_dirs: Iterable[Path] = (),
    invariant: bool = False,
) -> RenderedPdf:
    form = load_form("followup", lang, forms_dirs)
    styles = Styles(lang)
    width = content_width(form)
    payload = verification_payload(data.doc_id, content_hash(data))
    story: list[Flowable] = [
        para(form.text("doc_number", doc_id=data.doc_id), styles.right),
        para(form.text("issue_date", date=format_date(data.issue_date, lang)), styles.right),
        para(form.text("issuer", office=data.office), styles.right),
        Spacer(1, 4 * mm),
        para(form.title, styles.title),
    ]
    if data.organization is None:
        story.append(para(form.text("scope_all"), styles.body))
    columns = form.columns["followup"]
    for group in data.groups:
        story += [
            Spacer(1, 3 * mm),
            label_table(
                [
                    (
                        form.text("label_target"),
                        f"{group.organization.name}（{group.organization.code}）",
                    ),
                    (
                        form.text("label_visit_date"),
                        "、".join(format_date(d, lang) for d in group.visit_dates)
                        if lang == "ja"
                        else ", ".join(format_date(d, lang) for d in group.visit_dates),
                    ),
                ],
                width,
                styles,
            ),
        ]
        if group.not_independent:
            story.append(marked(form.text("not_independent"), styles.body))
        for kind, heading_key in _HEADINGS.items():
            heading = form.text(heading_key)
            story.append(para(heading, styles.section))
            entries = [e for e in group.findings if e.finding.kind is kind]
            if not entries:
                story.append(para(form.text("none"), styles.body))
                continue
            headed = [c.model_copy(update={"heading": c.text_heading(heading)}) for c in columns]
            rows = []
            for entry in entries:
                values: dict[str, object] = {
                    "finding": para(finding_cell_text(entry.finding), styles.cell),
                    "measures": _measures_cell(form, entry, styles, lang, data.issue_date),
                }
                rows.append([values.get(c.key, "") for c in headed])
            story.append(grid_table(headed, rows, width, styles))
        story += finding_layout_figures(
            [(form.text(_HEADINGS[e.finding.kind]), e.finding) for e in group.findings],
            lang,
            width,
            para(form.text("section_layout"), styles.section),
            styles.body,
        )
    block, slot = signature_block(form, payload, styles, width)
    story += [block, Spacer(1, 3 * mm), para(form.text("end"), styles.right)]
    scope = data.organization.name if data.organization else form.text("scope_all")
    return render(
        story,
        form,
        doc_id=data.doc_id,
        title=f"{form.title} {scope}",
        author=data.office,
        keywords=payload,
        slot=slot,
        invariant=invariant,
    )


__all__ = ["build_followup"]

"""改善計画書 (improvement plan form): PlanFormData in, PDF bytes out.

One row per finding with measures, owner and deadline, and blank columns (keys starting
with "blank") for the head to fill in on paper.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector.domain.deadlines import plan_deadline_problem, shown_deadline
from inspector.domain.documents import PlanFormData
from inspector.domain.era import format_date
from inspector.i18n import Translator
from inspector.reports.forms import Form, load_form
from inspector.reports.layout_common import (
    RenderedPdf,
    Styles,
    content_width,
    grid_table,
    marked,
    para,
    render,
)
from inspector.reports.notice import kind_label, notice_finding_text


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
    # the department's form: its number, date and sender are the department's to write
    department = (
        f"{data.division.name}　{data.organization.name}"
        if data.division is not None and lang == "ja"
        else data.organization.name
    )
    story: list[Flowable] = [
        para(form.optional("form_number", "第　　　　号" if lang == "ja" else "No."), styles.right),
        para(
            form.optional("form_date", "令和　　年　　月　　日" if lang == "ja" else "Date:"),
            styles.right,
        ),
        Spacer(1, 3 * mm),
        para(form.text("addressee", office=data.office), styles.left),
        para(
            form.text("sender", organization=data.organization.name, department=department),
            styles.right,
        ),
        Spacer(1, 4 * mm),
        para(form.title, styles.title),
        para(_intro(form, data, lang), styles.body),
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
                "finding": notice_finding_text(entry),  # the deficiency, not the norm
                "measures": "\n".join(p.measures for p in plans) if plans else "",
                "owner": "\n".join(p.responsible_person for p in plans),
                "deadline": "\n".join(
                    shown_deadline(p.deadline, entry.visit_date, lang, entry.notice_date)
                    for p in plans
                ),
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
        if any(
            plan_deadline_problem(p.deadline, e.visit_date, e.notice_date, lang)
            for e in data.findings
            for p in e.plans
        ):
            story += [
                Spacer(1, 2 * mm),
                para(Translator(lang)("docs9.plan_flag_note"), styles.body),
            ]
        if any(e.not_independent for e in data.findings):
            story += [Spacer(1, 2 * mm), marked(form.text("not_independent"), styles.body)]
    # never the auditor's signature: the head of the department signs what it submits
    head = form.optional(
        "head_sign", "所属長　職・氏名" if lang == "ja" else "Head: name and title"
    )
    story += [
        Spacer(1, 8 * mm),
        para(f"{head}{'　' * 16 if lang == 'ja' else ' ' + '_' * 30}", styles.right),
        Spacer(1, 3 * mm),
        para(form.text("end"), styles.right),
    ]
    return render(
        story,
        form,
        doc_id="",
        title=f"{form.title} {data.organization.name}",
        author=data.office,
        keywords="",
        slot=None,
        invariant=invariant,
        stamp=form.optional("form_stamp", "様式（所属記入用）" if lang == "ja" else "FORM"),
    )


def _intro(form: Form, data: PlanFormData, lang: str) -> str:
    """The intro naming the notices it answers (令和8年12月4日付け監第1号), when issued."""
    if not data.notices or "intro_answers" not in form.texts:
        return form.text("intro")
    refs = [
        form.text("notice_ref", number=number, date=format_date(day, lang))
        for number, day in data.notices
    ]
    return form.text("intro_answers", notices=("、" if lang == "ja" else ", ").join(refs))


__all__ = ["build_plan_form"]

"""措置状況報告 (follow-up report): FollowupData in, PDF bytes out.

As seed 001 publishes it: a heading with the fiscal year (令和8年度), the audit type and
theme, the target with its division (総務部 ICT戦略課); then per kind (指摘, 意見, リスク) and
within it per checklist section (着眼点), each numbered finding (subject, the auditor's text,
the measure requested) beside every dated measure entry in date order (【 措置済 】 令和8年
11月13日 ...). The internal edition adds the layouts attached to findings and is marked
取扱注意 on every page; the public one (the default) has neither (`followup_content`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector.domain.deadlines import plan_deadline_problem, shown_deadline
from inspector.domain.documents import (
    FindingOnPaper,
    FollowupData,
    FollowupEdition,
    FollowupGroup,
    content_hash,
    document_payload,
)
from inspector.domain.era import format_date
from inspector.domain.findings import FindingKind
from inspector.i18n import Translator
from inspector.reports.followup_content import fiscal_year_label, section_groups
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
from inspector.reports.notice import notice_finding_text
from inspector.reports.typesetting import phrased

_HEADINGS = {
    FindingKind.FINDING: "heading_finding",
    FindingKind.OPINION: "heading_opinion",
    FindingKind.RISK: "heading_risk",
}
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def _text(form: Form, key: str, **params: object) -> str:
    """A text of the form; one an office's older forms file lacks comes from the shipped
    file (the heading lines of seed 001 were added later)."""
    if key in form.texts:
        return form.text(key, **params)
    return load_form(form.kind, form.lang).text(key, **params)


def _number(n: int) -> str:
    return _CIRCLED[n - 1] if n <= len(_CIRCLED) else f"({n})"


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
            # before the visit or the notice, or on a closed day: marked 要確認 (docs9)
            deadline=shown_deadline(plan.deadline, entry.visit_date, lang, entry.notice_date),
        )
        flow.append(para(line, styles.small))
        if plan.is_overdue(today):
            flow.append(marked(form.text("overdue"), styles.cell))
        if not plan.entries:
            flow.append(para(form.text("no_entries"), styles.cell))
        # every dated entry, oldest first (the history as it happened)
        for e in sorted(plan.entries, key=lambda e: (e.entry_date, e.recorded_at, e.id)):
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


def _sender(form: Form, data: FollowupData, styles: Styles) -> list[Flowable]:
    """文書番号 (the report's own, 監報第1号; （案） unsigned), the date, then the municipality
    and the office, and the 職名 and name of who issues it."""
    lang = form.lang
    if data.number:
        number = form.text("doc_number", number=data.number, doc_id=data.doc_id)
        if data.copy:
            number += form.optional("copy_mark", "（写し）" if lang == "ja" else " (copy)")
    else:
        number = form.optional("draft_number", "（案）" if lang == "ja" else "(Draft)")
    office = form.text("issuer", office=data.office, municipality=data.municipality)
    flow = [
        para(number, styles.right),
        para(form.text("issue_date", date=format_date(data.issue_date, lang)), styles.right),
        para(office.strip(" ,、　"), styles.right),
    ]
    if data.issuer and "issuer_person" in form.texts:
        person = form.text("issuer_person", title=data.issuer_title, name=data.issuer)
        flow.append(para(person.strip(" 　:："), styles.right))
    return flow


def _finding_cell(number: int, entry: FindingOnPaper, styles: Styles) -> Flowable:
    """The number, the auditor's text (the deficiency; a title that only restates the
    checklist's norm is left out), then the measure requested: one paragraph, so that a
    row split by a page break is split like any other cell."""
    finding = entry.finding
    text = notice_finding_text(entry)
    parts = [f"{_number(number)}　{text}"]
    measure = finding.requested_measure.strip()
    if measure and measure not in finding.text:
        parts.append(measure)
    return para("\n".join(parts), styles.cell)


def _target(group: FollowupGroup) -> str:
    """総務部 ICT戦略課: the division, then the organization."""
    org = group.organization
    return f"{group.division.name}　{org.name}" if group.division is not None else org.name


def _dates(dates: Sequence[date], lang: str) -> str:
    return ("、" if lang == "ja" else ", ").join(format_date(d, lang) for d in dates)


def _kind_story(
    form: Form,
    group: FollowupGroup,
    styles: Styles,
    lang: str,
    width: float,
    issue_date: date,
) -> list[Flowable]:
    """Per kind (指摘, 意見, リスク): per section (着眼点), the numbered findings."""
    story: list[Flowable] = []
    columns = form.columns["followup"]
    for kind, heading_key in _HEADINGS.items():
        heading = form.text(heading_key)
        story.append(para(heading, styles.section))
        entries = [e for e in group.findings if e.finding.kind is kind]
        if not entries:
            story.append(para(form.text("none"), styles.body))
            continue
        headed = [c.model_copy(update={"heading": c.text_heading(heading)}) for c in columns]
        for index, (section, papers) in enumerate(section_groups(entries), start=1):
            title = section or _text(form, "section_other")
            line = _text(form, "section_line", n=index, title=title)
            story.append(para(line, styles.subheading))  # never alone at a page's foot
            rows = []
            for number, entry in enumerate(papers, start=1):
                values: dict[str, object] = {
                    "finding": _finding_cell(number, entry, styles),
                    "measures": _measures_cell(form, entry, styles, lang, issue_date),
                }
                rows.append([values.get(c.key, "") for c in headed])
            story.append(grid_table(headed, rows, width, styles))
    return story


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
    payload = document_payload(data, content_hash(data))
    internal = data.edition is FollowupEdition.INTERNAL
    year = data.fiscal_year if data.fiscal_year is not None else data.issue_date.year
    story: list[Flowable] = [
        *_sender(form, data, styles),
        Spacer(1, 4 * mm),
        # broken between phrases, never inside a word (リスク発 / 現)
        phrased(
            _text(form, "heading", year=fiscal_year_label(year, lang), audit_type=data.audit_type),
            styles.title,
            width,
        ),
    ]
    overview = [
        (_text(form, "label_audit_type"), data.audit_type),
        (_text(form, "label_theme"), data.theme),
    ]
    single = data.groups[0] if data.organization is not None and data.groups else None
    if data.organization is None:
        overview.append((form.text("label_target"), _text(form, "target_all")))
    elif single is not None:
        overview.append((form.text("label_target"), _target(single)))
        overview.append((form.text("label_visit_date"), _dates(single.visit_dates, lang)))
    else:
        overview.append((form.text("label_target"), data.organization.name))
    story.append(label_table(overview, width, styles))
    for group in data.groups:
        if single is None:
            target = label_table(
                [
                    (form.text("label_target"), _target(group)),
                    (form.text("label_visit_date"), _dates(group.visit_dates, lang)),
                ],
                width,
                styles,
            )
            target.keepWithNext = 1  # the organization's heading: never alone at a page's foot
            story += [Spacer(1, 3 * mm), target]
        if group.not_independent:
            story.append(marked(form.text("not_independent"), styles.subheading))
        story += _kind_story(form, group, styles, lang, width, data.issue_date)
        if internal:  # floor plans are for the office only
            story += finding_layout_figures(
                [(form.text(_HEADINGS[e.finding.kind]), e.finding) for e in group.findings],
                lang,
                width,
                para(form.text("section_layout"), styles.section),
                styles.body,
            )
    if any(
        plan_deadline_problem(p.deadline, e.visit_date, e.notice_date, lang)
        for g in data.groups
        for e in g.findings
        for p in e.plans
    ):  # what 要確認 means, once
        story += [Spacer(1, 2 * mm), para(Translator(lang)("docs9.plan_flag_note"), styles.body)]
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
        stamp=_text(form, "internal_mark") if internal else "",
    )


__all__ = ["build_followup"]

"""監査結果通知書 (findings notice): NoticeData in, PDF bytes out."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector.domain.deadlines import plan_deadline_problem
from inspector.domain.documents import (
    FindingOnPaper,
    NoticeData,
    content_hash,
    document_payload,
)
from inspector.domain.era import format_date
from inspector.domain.finding_text import deficiency_text, finding_cell_text, sentences
from inspector.domain.findings import Finding, FindingKind
from inspector.i18n import Translator
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


def _layout_figures(
    numbered: list[tuple[str, Finding]],
    lang: str,
    width: float,
    heading: Flowable,
    label_style: ParagraphStyle,
) -> list[Flowable]:
    """The layouts attached to findings; the diagram's modules (the layout rules, reportlab's
    graphics) load only when a finding has one."""
    if not any(finding.layout for _label, finding in numbered):
        return []
    from inspector.reports.layout_diagram import finding_layout_figures

    return finding_layout_figures(numbered, lang, width, heading, label_style)


def kind_label(form: Form, kind: FindingKind) -> str:
    return form.text(f"kind_{kind.value}")


def notice_finding_text(entry: FindingOnPaper) -> str:
    """The deficiency as the auditor states it (「…していなかった。」), its reasons line a
    sentence. A title that only restates a related checklist item (the norm) is left out:
    the 関連項目 column names the item; a subject of the inspector's own is kept."""
    return deficiency_text(entry.finding, entry.item_texts)


def build_notice(
    data: NoticeData,
    *,
    lang: str = "ja",
    forms_dirs: Iterable[Path] = (),
    invariant: bool = False,
    draft: bool = False,
    root_fingerprint: str | None = None,
) -> RenderedPdf:
    """`draft`: marked 案 on every page, no number, no QR code, no signature block."""
    form = load_form("notice", lang, forms_dirs)
    styles = Styles(lang)
    width = content_width(form)
    digest = content_hash(data)
    payload = document_payload(data, digest)
    day = format_date(data.visit_date, lang)

    story: list[Flowable] = [
        *_header(form, data, styles, draft),
        para(form.title, styles.title),
        para(form.text("intro", visit_date=day), styles.body),
    ]
    if form.text("note_heading"):
        story.append(para(form.text("note_heading"), styles.center))

    target = data.organization.name
    if data.division is not None:
        target = (
            f"{data.division.name}　{target}" if lang == "ja" else f"{target}, {data.division.name}"
        )
    story += [
        para(form.text("section_overview"), styles.section),
        label_table(
            [
                (form.text("label_target"), f"{target}（{data.organization.code}）"),
                (form.text("label_visit_date"), day),
                (form.text("label_inspector"), data.inspector),
                (form.text("label_kind"), form.text("kind_value")),
            ],
            width,
            styles,
        ),
    ]
    if data.not_independent:
        story += [Spacer(1, 2 * mm), marked(form.text("not_independent"), styles.body)]

    story.append(para(form.text("section_counts"), styles.section))
    counts_columns = form.columns["counts"]
    count_rows = []
    for c in data.counts:
        counts_values: dict[str, object] = {
            "checklist": c.title,
            "applicable": c.applicable,
            "compliant": c.compliant,
            "noncompliant": c.noncompliant,
            "not_applicable": c.not_applicable,
            "unanswered": c.unanswered,
        }
        count_rows.append(
            [
                para(
                    str(counts_values.get(col.key, "")),
                    styles.cell if i == 0 else styles.cell_center,
                )
                for i, col in enumerate(counts_columns)
            ]
        )
    story.append(grid_table(counts_columns, count_rows, width, styles))

    story.append(para(form.text("section_findings"), styles.section))
    if not data.findings:
        story.append(para(form.text("none"), styles.body))
    else:
        columns = form.columns["findings"]
        rows = []
        for number, entry in enumerate(data.findings, start=1):
            f = entry.finding
            finding_text = notice_finding_text(entry)
            values = {
                "number": str(number),
                "kind": kind_label(form, f.kind),
                "finding": finding_text,
                "items": "\n".join(entry.item_labels or f.items),  # id（section）, not the norm
                "measure": f.requested_measure,
                "deadline": _deadline(entry, data.issue_date, lang),
            }
            rows.append(
                [
                    ""
                    if col.blank
                    else para(
                        values.get(col.key, ""),
                        styles.cell_center if col.key in ("number", "kind") else styles.cell,
                    )
                    for col in columns
                ]
            )
        story.append(grid_table(columns, rows, width, styles))
        if any(_flagged(e, data.issue_date) for e in data.findings):
            story += [
                Spacer(1, 2 * mm),
                para(Translator(lang)("docs9.notice_flag_note"), styles.body),
            ]
        story += _layout_figures(
            [(str(n), e.finding) for n, e in enumerate(data.findings, start=1)],
            lang,
            width,
            para(form.text("section_layout"), styles.section),
            styles.body,
        )

    if data.findings:  # a notice without findings asks for no improvement plan
        story += [
            para(form.text("section_plan"), styles.section),
            para(form.text("plan_request", reply_by=format_date(data.reply_by, lang)), styles.body),
        ]
    slot = None
    if draft:
        story.append(marked(form.optional("draft_note", DRAFT_NOTE[lang]), styles.body))
    else:
        block, slot = signature_block(form, payload, styles, width)
        story.append(block)
    if root_fingerprint:  # part of the signature: before 以上, which ends the document
        fingerprint = form.optional("root_fingerprint", ROOT_NOTE[lang], sha256=root_fingerprint)
        story += [Spacer(1, 2 * mm), para(fingerprint, styles.small)]
    story += [Spacer(1, 4 * mm), para(form.text("end"), styles.right)]
    return render(
        story,
        form,
        doc_id="" if draft else data.doc_id,
        title=f"{form.title} {data.organization.name} {data.visit_date.isoformat()}",
        author=data.inspector,
        keywords="" if draft else payload,
        slot=slot,
        invariant=invariant,
        stamp=form.optional("draft_stamp", "案" if lang == "ja" else "DRAFT") if draft else None,
    )


def _flagged(entry: FindingOnPaper, issue_date: date) -> bool:
    """A deadline only a re-issue prints (older data: before the notice date or the visit,
    or on a closed day; a new notice refuses it, `notice_rules.with_requested_deadlines`)."""
    deadline = entry.deadline
    return deadline is not None and (
        plan_deadline_problem(deadline, entry.visit_date, issue_date, "ja") is not None
    )


def _deadline(entry: FindingOnPaper, issue_date: date, lang: str) -> str:
    """期限 as printed: marked 要確認 when it cannot stand (`_flagged`), never silently."""
    shown = format_date(entry.deadline, lang)
    if entry.deadline is None or not _flagged(entry, issue_date):
        return shown
    return Translator(lang)("docs8a.plan_flag", deadline=shown)


DRAFT_NOTE = {
    "ja": "（案）この文書は案です。文書番号はなく、電子署名は付されていません。",
    "en": "(Draft) This document is a draft: it has no number and carries no signature.",
}
ROOT_NOTE = {
    "ja": "発行元ルート証明書のSHA-256フィンガープリント：{sha256}",
    "en": "SHA-256 fingerprint of the office root certificate: {sha256}",
}


def department_name(data: NoticeData, lang: str) -> str:
    """The audited department as the roster names it: 市民部　市民課."""
    if data.division is None:
        return data.organization.name
    if lang == "ja":
        return f"{data.division.name}　{data.organization.name}"
    return f"{data.organization.name}, {data.division.name}"


def _header(form: Form, data: NoticeData, styles: Styles, draft: bool) -> list[Flowable]:
    """Number and date, addressee, sender (municipality, office, 職名 and name)."""
    lang = form.lang
    if draft:
        number = form.optional("draft_number", "（案）" if lang == "ja" else "(Draft)")
    else:
        number = form.text("doc_number", number=data.number or data.doc_id, doc_id=data.doc_id)
        if data.reissue:
            number += form.optional("reissue", "（再発行）" if lang == "ja" else " (re-issued)")
    # the 職名 as configured, never an invented one: unset, the line names the person only
    # (the CLI and the interface say where to set it: `sender_title_missing`)
    title = data.title
    if data.issuer:  # the office head issues it (form: signed_by: office_head)
        title = data.issuer_title
    return [
        para(number, styles.right),
        para(form.text("issue_date", date=format_date(data.issue_date, lang)), styles.right),
        Spacer(1, 4 * mm),
        para(
            form.text(
                "addressee",
                organization=data.organization.name,
                department=department_name(data, lang),
            ),
            styles.left,
        ),
        Spacer(1, 2 * mm),
        para(
            form.text("issuer", office=data.office, municipality=data.municipality).strip(" ,、　"),
            styles.right,
        ),
        para(
            form.text("inspector", inspector=data.signer_name, title=title).strip(" 　:："),
            styles.right,
        ),
        Spacer(1, 6 * mm),
    ]


__all__ = ["build_notice", "finding_cell_text", "kind_label", "notice_finding_text", "sentences"]

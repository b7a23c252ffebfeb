"""督促状 (reminder): ReminderData in, PDF bytes out.

A letter to one department head (one PDF per department: each head receives their own
letter, with its own number, signature and reply-by date, and the register records what
each was reminded of): 文書番号 and 令和 date top right, the addressee (市民部　市民課長　様)
left, the office and who issues it right, the title (督促, or 再督促 when any of its plans or
forms was reminded before), the request in です・ます, 記, then the overdue plans (finding,
plan deadline, days overdue, status), the unreturned self-check forms (form id,
checklist, handed out on), the reply-by date, the signature block and 以上. A draft (no
key) is marked 案 and has no number and no signature.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Spacer

from inspector.domain.documents import verification_payload
from inspector.domain.era import format_date
from inspector.reports.forms import Form, load_form
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
from inspector.reports.reminder_data import ReminderData, department_name, reminder_hash


def _header(form: Form, data: ReminderData, styles: Styles) -> list[Flowable]:
    lang = form.lang
    if data.number:
        number = form.text("doc_number", number=data.number)
    else:
        number = form.text("draft_number")
    flow: list[Flowable] = [
        para(number, styles.right),
        para(form.text("issue_date", date=format_date(data.issue_date, lang)), styles.right),
        Spacer(1, 4 * mm),
        para(form.text("addressee", department=department_name(data, lang)), styles.left),
        Spacer(1, 2 * mm),
        para(
            form.text("issuer", office=data.office, municipality=data.municipality).strip(" ,、　"),
            styles.right,
        ),
    ]
    if data.issuer:
        person = form.text("issuer_person", title=data.issuer_title, name=data.issuer)
        flow.append(para(person.strip(" 　:："), styles.right))
    flow.append(Spacer(1, 6 * mm))
    return flow


def _intro(form: Form, data: ReminderData) -> str:
    lang = form.lang
    dates = {"as_of": format_date(data.as_of, lang), "reply_by": format_date(data.reply_by, lang)}
    if not data.again:
        return form.text("intro", **dates)
    sep = "、" if lang == "ja" else ", "
    earlier = sep.join(
        form.text("earlier", number=n, date=format_date(d, lang)) for n, d in data.earlier
    )
    return form.text("intro_again", earlier=earlier, **dates)


def _status(form: Form, status: str | None) -> str:
    return form.text(f"status_{status}" if status else "status_none")


def _tables(form: Form, data: ReminderData, styles: Styles, width: float) -> list[Flowable]:
    lang = form.lang
    again = form.text("again_mark")
    story: list[Flowable] = []
    n = 0
    if data.plans or not data.forms:
        n += 1
        story.append(para(form.text("section_plans"), styles.section))
        if not data.plans:
            story.append(para(form.text("none"), styles.body))
        else:
            rows = []
            for i, p in enumerate(data.plans, start=1):
                values = {
                    "number": f"{i}{again if p.reminded_before else ''}",
                    "finding": para(p.finding, styles.cell),
                    "deadline": format_date(p.deadline, lang),
                    "overdue": str(p.days_overdue),
                    "status": _status(form, p.status),
                }
                rows.append([values.get(c.key, "") for c in form.columns["plans"]])
            story.append(grid_table(form.columns["plans"], rows, width, styles))
    if data.forms:
        n += 1
        story.append(para(form.text("section_forms", n=n), styles.section))
        rows = []
        for i, f in enumerate(data.forms, start=1):
            values = {
                "number": f"{i}{again if f.reminded_before else ''}",
                "form": f.form_id,
                "checklist": para(f.checklist, styles.cell),
                "handed_out": format_date(f.handed_out, lang),
                "due": (
                    format_date(f.due, lang)
                    if f.due is not None
                    else form.optional("no_due", "定めなし" if lang == "ja" else "None set")
                ),
            }
            rows.append([values.get(c.key, "") for c in form.columns["forms"]])
        story.append(grid_table(form.columns["forms"], rows, width, styles))
    n += 1
    story.append(para(form.text("section_reply", n=n), styles.section))
    story.append(
        para(form.text("reply_line", reply_by=format_date(data.reply_by, lang)), styles.body)
    )
    return story


def build_reminder(
    data: ReminderData,
    *,
    lang: str = "ja",
    forms_dirs: Iterable[Path] = (),
    invariant: bool = False,
) -> RenderedPdf:
    """The PDF; a draft (no number) has no signature block and is marked 案 on every page."""
    form = load_form("reminder", lang, forms_dirs)
    styles = Styles(lang)
    width = content_width(form)
    draft = data.number is None
    payload = verification_payload(data.doc_id, reminder_hash(data), "")
    title = form.text("title_again") if data.again else form.title
    story: list[Flowable] = [
        *_header(form, data, styles),
        para(title, styles.title),
        para(_intro(form, data), styles.body),
    ]
    if form.text("note_heading"):
        story.append(para(form.text("note_heading"), styles.center))
    story += _tables(form, data, styles, width)
    slot = None
    if draft:
        story += [Spacer(1, 4 * mm), marked(form.text("draft_note"), styles.body)]
    else:
        block, slot = signature_block(form, payload, styles, width)
        story.append(block)
    story += [Spacer(1, 4 * mm), para(form.text("end"), styles.right)]
    return render(
        story,
        form,
        doc_id=data.doc_id,
        title=f"{title} {data.organization.name}",
        author=data.office,
        keywords=payload,
        slot=slot,
        invariant=invariant,
        stamp=form.text("draft_stamp") if draft else None,
    )


__all__ = ["build_reminder"]

"""The printed documents' wording and layout, loaded from `forms/<kind>.yaml`.

An office adapts a document by copying the shipped file into its own forms folder
(settings `forms_dir`) and editing the words: titles, fixed sentences, column headings
and relative widths. Missing texts or columns are reported with the file's path.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from inspector.domain import strict_yaml
from inspector.domain.doc_numbers import NumberFormatProblem, check_number_format
from inspector.domain.pydantic_errors import pydantic_explanation
from inspector.i18n import Message, joined, message_of
from inspector.reports.errors import ReportProblem
from inspector.resources import shipped_forms_dir


class FormError(ReportProblem, ValueError):
    """A forms file is missing, unreadable or lacks a text the document needs."""


class Column(BaseModel):
    model_config = ConfigDict(extra="forbid")

    key: str
    heading: str
    width: float = Field(gt=0)

    @property
    def blank(self) -> bool:
        return self.key.startswith("blank")

    def text_heading(self, kind: str) -> str:
        """The heading with {kind} filled (the follow-up report's first column)."""
        return self.heading.replace("{kind}", kind)


class Wording(BaseModel):
    model_config = ConfigDict(extra="forbid")

    title: str
    texts: dict[str, str]
    columns: dict[str, list[Column]]


class FormFile(BaseModel):
    model_config = ConfigDict(extra="forbid")

    kind: str
    orientation: Literal["portrait", "landscape"] = "portrait"
    reply_days: int = Field(default=30, ge=1)
    number_format: str = "{prefix}第{n}号"
    """文書番号 of an issued notice: {prefix}, {n} (serial within the fiscal year), {fy},
    {era_fy} (令和8年度's 8)."""
    number_prefix: str = ""
    signed_by: Literal["inspector", "office_head"] = "inspector"
    """Who issues and signs the notice: the visit's inspector, or the office head
    (settings `office_head`, `office_head_title`)."""
    ja: Wording
    en: Wording


# What each document needs from its file: texts, and tables with their column keys.
REQUIRED: dict[str, tuple[set[str], dict[str, set[str]]]] = {
    "notice": (
        {
            "doc_number",
            "issue_date",
            "addressee",
            "issuer",
            "inspector",
            "intro",
            "note_heading",
            "section_overview",
            "label_target",
            "label_visit_date",
            "label_inspector",
            "label_kind",
            "kind_value",
            "not_independent",
            "section_counts",
            "section_findings",
            "none",
            "section_plan",
            "plan_request",
            "kind_finding",
            "kind_opinion",
            "kind_risk",
            "signature_heading",
            "signature_note",
            "signature_placeholder",
            "end",
            "page",
        },
        {"counts": set(), "findings": set()},
    ),
    "plan_form": (
        {
            "doc_number",
            "issue_date",
            "addressee",
            "sender",
            "intro",
            "note_heading",
            "not_independent",
            "mark_not_independent",
            "none",
            "no_plan",
            "kind_finding",
            "kind_opinion",
            "kind_risk",
            "signature_heading",
            "signature_note",
            "signature_placeholder",
            "end",
            "page",
        },
        {"plans": set()},
    ),
    "followup": (
        {
            "doc_number",
            "issue_date",
            "issuer",
            "scope_all",
            "label_target",
            "label_visit_date",
            "not_independent",
            "heading_finding",
            "heading_opinion",
            "heading_risk",
            "none",
            "status_done",
            "status_ongoing",
            "status_considering",
            "entry",
            "no_entries",
            "plan_line",
            "no_plan",
            "overdue",
            "signature_heading",
            "signature_note",
            "signature_placeholder",
            "end",
            "page",
        },
        {"followup": {"finding", "measures"}},
    ),
}


class _Keep(dict[str, object]):
    """Leaves an unknown {placeholder} as it is instead of failing."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Form:
    """One document's wording in one language."""

    kind: str
    lang: str
    orientation: str
    reply_days: int
    number_format: str
    number_prefix: str
    signed_by: str
    title: str
    texts: Mapping[str, str]
    columns: Mapping[str, list[Column]]
    path: Path

    def optional(self, key: str, default: str = "", **params: object) -> str:
        """A text an office's older copy of the form may lack: `default` then."""
        if key not in self.texts:
            return string.Formatter().vformat(default, (), _Keep(params))
        return self.text(key, **params)

    def text(self, key: str, **params: object) -> str:
        template = self.texts[key]
        if not params:
            return template
        return string.Formatter().vformat(template, (), _Keep(params))


def form_path(kind: str, folders: Iterable[Path]) -> Path:
    """The first `<kind>.yaml` in the office's folders, else the shipped one."""
    for folder in [*folders, shipped_forms_dir()]:
        candidate = Path(folder) / f"{kind}.yaml"
        if candidate.is_file():
            return candidate
    raise FormError(
        Message("more.forms.no_file", kind=kind, folders=", ".join(str(f) for f in folders) or "-")
    )


_CACHE: dict[tuple[Path, float, str], Form] = {}


def load_form(kind: str, lang: str = "ja", folders: Iterable[Path] = ()) -> Form:
    path = form_path(kind, folders)
    key = (path, path.stat().st_mtime, lang)
    cached = _CACHE.get(key)
    if cached is not None:
        return cached
    try:
        raw = strict_yaml.load(path.read_text(encoding="utf-8"))
        parsed = FormFile.model_validate(raw)
    except (OSError, yaml.YAMLError) as exc:
        raise FormError(
            Message("more.forms.cannot_read", path=path, problem=message_of(exc))
        ) from exc
    except ValidationError as exc:
        problems = joined(
            [
                Message(
                    "more.checklist.field",
                    field=".".join(str(p) for p in e["loc"]),
                    what=pydantic_explanation(e["type"], e["msg"], e.get("ctx") or {}),
                )
                for e in exc.errors()
            ]
        )
        raise FormError(Message("errors.in_file", file=path, problem=problems)) from exc
    if parsed.kind != kind:
        raise FormError(Message("more.forms.wrong_kind", path=path, found=parsed.kind, kind=kind))
    try:
        check_number_format(parsed.number_format)
    except NumberFormatProblem as exc:
        raise FormError(
            Message("more.forms.number_format", path=path, problem=message_of(exc))
        ) from None
    wording: Wording = parsed.ja if lang == "ja" else parsed.en
    needed_texts, needed_tables = REQUIRED.get(kind, (set(), {}))
    missing = sorted(needed_texts - set(wording.texts))
    for table, keys in needed_tables.items():
        columns = wording.columns.get(table)
        if not columns:
            missing.append(f"columns.{table}")
            continue
        missing.extend(f"columns.{table}.{k}" for k in sorted(keys - {c.key for c in columns}))
    if missing:
        raise FormError(
            Message("more.forms.missing", path=path, lang=lang, names=", ".join(missing))
        )
    form = Form(
        kind=kind,
        lang=lang,
        orientation=parsed.orientation,
        reply_days=parsed.reply_days,
        number_format=parsed.number_format,
        number_prefix=parsed.number_prefix,
        signed_by=parsed.signed_by,
        title=wording.title,
        texts=dict(wording.texts),
        columns={k: list(v) for k, v in wording.columns.items()},
        path=path,
    )
    _CACHE[key] = form
    return form


__all__ = ["Column", "Form", "FormError", "form_path", "load_form"]

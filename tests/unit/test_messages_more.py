"""The messages of the lower layers (errors_more.toml): each formats in both languages,
pydantic's errors are explained in Japanese, and no English sentence is raised from a
lower layer without its catalogue key."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

from inspector.domain.checklist_loader import validate_files
from inspector.i18n import Message, Translator, catalogue, render

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parents[2] / "inspector"


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_every_more_message_formats(lang: str) -> None:
    messages = catalogue(lang)
    for key in (k for k in messages if k.startswith("more.")):
        names = _fields(catalogue("ja")[key]) | _fields(catalogue("en")[key])
        text = Translator(lang)(key, **{name: "X" for name in names})
        assert "{" not in text.replace("{{", "").replace("{n}", ""), (key, text)
        own = re.sub(r"`[^`]*`", "", messages[key])  # a command quoted is not a sentence
        if lang == "ja" and re.search(r"[a-z]{3,} [a-z]{3,} [a-z]{3,}", own):
            # a Japanese message holds no English sentence of its own
            pytest.fail(f"{key}: {messages[key]}")


def test_a_broken_checklist_is_explained_in_japanese(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text(
        "id: bad-list\ntitle: {ja: 試し}\nversion: 1\nunit: organization\nextra: 1\n"
        "sections:\n  - id: s1\n    title: {ja: 区分}\n"
        "items:\n  - id: a1\n    section: s1\n    text: 5\n    answer: compliance\n"
        "  - id: a2\n    section: s1\n    text: {ja: 問い}\n    answer: maybe\n",
        encoding="utf-8",
    )
    problems = validate_files([path])
    ja = [render(p, Translator("ja")) for p in problems]
    en = [render(p, Translator("en")) for p in problems]
    assert len(ja) == 3
    assert all(JAPANESE.search(line.split("]")[-1]) for line in ja), ja
    # the field path stays, what is wrong is said in Japanese
    assert any("items.0.text" in line and "マッピング" in line for line in ja), ja
    assert any("キー「extra」は使えません" in line for line in ja), ja
    assert any("回答の種類が正しくありません" in line and "compliance" in line for line in ja)
    # English keeps pydantic's own words
    assert any("Input should be a valid dictionary" in line for line in en), en
    assert any("unknown key 'extra'" in line for line in en), en


def test_a_message_is_english_as_text_and_japanese_when_rendered() -> None:
    message = Message("more.org.cycle", code="901", cycle="901 -> 902 -> 901")
    assert (
        str(message) == "organization '901' would be its own parent or ancestor (901 -> 902 -> 901)"
    )
    assert render(message, Translator("ja")).startswith("組織「901」が自分自身の親または祖先")


# Raised with English text on purpose: a program's own mistake (a wrong argument from
# code), never a user's input; the user sees the interface's message for it instead.
PROGRAMMER_ERRORS = {
    ("domain/consolidation/summary.py", "the consolidation is not split by staff type"),
    ("domain/layout/rules.py", "a rule that is not checked, and only that, names its reason"),
    ("domain/layout/text.py", "rule  is , not broken"),
    ("domain/strict_yaml.py", "while constructing a mapping"),
    ("reports/ltv_check.py", "the trailer's /Root is not an indirect reference"),
    ("store/types.py", "naive datetime given; store timezone-aware times only"),
    ("store/plain_notice.py", "naive datetime given; store timezone-aware times only"),
    ("store/plain_notice.py", "a notice lists no plans across organizations"),
    ("store/repositories/backup.py", "not editable: "),
    ("store/repositories/findings.py", "not editable: "),
    ("store/repositories/finding_fields.py", "deadline must be a date, not "),
    ("store/repositories/finding_fields.py", " must be text, not "),
    (
        "store/repositories/finding_fields.py",
        "responsible_organization_id must be an organization id",
    ),
    ("store/repositories/findings.py", "a withdrawal needs a reason"),
}
RAISED = re.compile(r"(Error|Problem|Exception|Refused|Invalid)$")


def _english_raises() -> set[tuple[str, str]]:
    found = set()
    for package in ("domain", "store", "exchange", "reports", "services"):
        for path in sorted((ROOT / package).rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if not isinstance(node, ast.Call):
                    continue
                func = node.func
                name = getattr(func, "id", None) or getattr(func, "attr", "")
                if not RAISED.search(name) or not node.args:
                    continue
                first = node.args[0]
                if isinstance(first, ast.JoinedStr):
                    text = "".join(v.value for v in first.values if isinstance(v, ast.Constant))
                elif isinstance(first, ast.Constant) and isinstance(first.value, str):
                    text = first.value
                else:
                    continue
                if re.search(r"[a-z]{2,} [a-z]{2,}", text) and not JAPANESE.search(text):
                    found.add((str(path.relative_to(ROOT)), text))
    return found


def test_lower_layers_raise_catalogue_messages() -> None:
    """An English literal raised from a lower layer reaches a Japanese user as English:
    each must be a `Message` (a key in errors_more.toml or another catalogue)."""
    found = _english_raises()
    assert found - PROGRAMMER_ERRORS == set()
    assert found >= PROGRAMMER_ERRORS  # the scan sees them (and the list is not stale)


def test_english_document_kinds_carry_no_article() -> None:
    """The messages put their own article before a document's kind ("the document is a
    {kind}", "the {kind}, which the office sends"): "a reminder" printed "is a a reminder"."""
    from inspector.i18n import catalogue

    kinds = {k: v for k, v in catalogue("en").items() if k.startswith("forge4.kind.")}
    assert kinds and all(not v.lower().startswith(("a ", "an ", "the ")) for v in kinds.values())

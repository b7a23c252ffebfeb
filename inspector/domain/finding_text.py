"""A finding as documents print it: the deficiency as seen (「…していなかった。」), not the
checklist's norm a proposed finding is titled with; the reasons line as a sentence."""

from __future__ import annotations

from collections.abc import Sequence

from inspector.domain.findings import Finding

_REASONS = ("要因：", "要因:", "Reasons: ")
_ENDS = "。．.！？!?）)」"


def finding_cell_text(finding: Finding) -> str:
    """The title, then the text, without repeating the title when the text begins with it."""
    head = finding.title.split("（")[0].strip()
    if not finding.text or finding.text == finding.title:
        return finding.title
    if head and finding.text.startswith(head):
        return finding.text
    return f"{finding.title}\n{finding.text}"


def deficiency_text(finding: Finding, item_texts: Sequence[str]) -> str:
    """The deficiency as the auditor states it. A title that only restates one of the
    finding's checklist items (`item_texts`, the norm) is left out; a subject of the
    inspector's own (a layout rule, an edited title) is kept."""
    if restates_norm(finding.title, item_texts) and finding.text.strip():
        return sentences(finding.text)
    return sentences(finding_cell_text(finding))


def restates_norm(title: str, item_texts: Sequence[str]) -> bool:
    """Whether the title only restates a checklist item: one of its texts or proposed
    titles (`item_texts`, see `findings.norm_texts`), or the start of one (a shortened
    norm). A title with words of the inspector's own after the norm does not: those words
    are printed (「…返却している。ただし3名分は未回収」)."""
    head = title.strip()
    return bool(head) and any(text and text.startswith(head) for text in item_texts)


def sentences(text: str) -> str:
    """The reasons line of a proposed finding (「要因：…」) ends as a sentence (。), as it
    does for findings recorded before it did."""
    lines = []
    for line in text.split("\n"):
        stripped = line.rstrip()
        if stripped.startswith(_REASONS) and stripped[-1] not in _ENDS:
            line = stripped + ("." if stripped.startswith("Reasons") else "。")
        lines.append(line)
    return "\n".join(lines)


__all__ = ["deficiency_text", "finding_cell_text", "restates_norm", "sentences"]

"""Every shipped checklist item carries the finding an auditor writes and the measure the
office requests (issue 13); user checklists may leave them out."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist_loader import load_checklist
from inspector.domain.findings import insert_note, propose_finding
from inspector.domain.model import AnswerState

SHIPPED = sorted((Path(__file__).parents[2] / "checklists").glob("*.yaml"))


def test_every_shipped_item_has_a_finding_and_a_measure(shipped_catalog: ChecklistCatalog) -> None:
    items = [item for path in SHIPPED for item in load_checklist(path).items]
    assert len(items) == 171
    missing = [i.id for i in items if i.finding is None or i.measure is None]
    assert missing == []
    for item in items:
        assert item.finding is not None and item.measure is not None
        finding, measure = item.finding.ja, item.measure.ja
        # the deficiency is stated in the past as observed; the measure asks for one
        assert finding.endswith("た。"), item.id
        assert measure.endswith("こと。"), item.id
        # not the norm restated: neither text is the item's text
        assert finding != item.text.ja and measure != item.text.ja
        assert item.text.ja not in finding and item.text.ja not in measure
        assert item.finding.en and item.measure.en, item.id
        assert item.finding.en.endswith(".") and item.measure.en.endswith("."), item.id


def test_the_proposed_finding_states_the_deficiency_and_the_measure(
    shipped_catalog: ChecklistCatalog,
) -> None:
    server = shipped_catalog.get("backup-media")
    item = server.item("b-02")
    state = AnswerState(value="noncompliant", reasons=(), note="鍵は机上のトレイ（私見）")
    draft = propose_finding(server, item, state, organization_id=1, session_id=1)
    assert item.finding is not None and item.measure is not None
    assert draft.text == item.finding.ja
    assert draft.requested_measure == item.measure.ja
    # the norm appears once (the subject), not three times
    norm = item.text.ja.rstrip("。")
    assert (draft.title + draft.text + draft.requested_measure).count(norm) == 1
    assert "トレイ" not in draft.text + draft.title + draft.requested_measure
    english = propose_finding(server, item, state, 1, 1, lang="en")
    assert english.text == item.finding.en and english.requested_measure == item.measure.en


def test_a_checklist_in_japanese_only_proposes_the_requirement_in_english(
    mini_catalog: ChecklistCatalog,
) -> None:
    mini = mini_catalog.get("mini")
    item = mini.item("c2")
    english = propose_finding(mini, item, AnswerState(value="noncompliant"), 1, 1, lang="en")
    assert english.text == "Not met: An entry log is kept."


def test_the_note_is_inserted_only_on_request() -> None:
    assert insert_note("鍵を近接して置いていた。", "机上のトレイ") == (
        "鍵を近接して置いていた。\n状況：机上のトレイ"
    )
    assert insert_note("本文", "  ") == "本文"
    once = insert_note("本文", "メモ")
    assert insert_note(once, "メモ") == once  # inserted twice is inserted once
    assert insert_note("text", "seen", "en") == "text\nObserved: seen"


@pytest.mark.parametrize("key", ["finding", "measure"])
def test_a_user_checklist_may_leave_them_out_but_not_leave_them_empty(
    tmp_path: Path, key: str
) -> None:
    text = (Path(__file__).parents[1] / "fixtures" / "mini.yaml").read_text(encoding="utf-8")
    assert load_checklist(_write(tmp_path, text)).items[0].finding is None
    broken = text.replace("    text:", f"    {key}: {{ja: ''}}\n    text:", 1)
    from inspector.domain.errors import ChecklistLoadError

    with pytest.raises(ChecklistLoadError) as caught:
        load_checklist(_write(tmp_path, broken))
    assert key in str(caught.value)


def _write(folder: Path, text: str) -> Path:
    path = folder / "user.yaml"
    path.write_text(text, encoding="utf-8")
    return path

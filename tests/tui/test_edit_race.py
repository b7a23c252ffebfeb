"""Two people editing one finding at once (the edit screen open on one computer, another
person's edit committed meanwhile): an edit of the same field is refused, the form keeps
what was typed and the other person's text stands; an edit of another field is saved and
keeps theirs."""

from __future__ import annotations

from textual.widgets import Input, Label

from inspector.domain.findings import Finding, FindingDraft, FindingKind
from inspector.tui.screens.finding_edit import FindingEditScreen

from .conftest import ACTOR, World, settle

SIZE = (80, 24)


def _finding(world: World) -> Finding:
    draft = FindingDraft(FindingKind.FINDING, "元の件名", "元の本文", world.org_ids["110"])
    return world.context.findings.add_finding(draft, ACTOR)


def _draft(finding: Finding) -> dict[str, object]:
    return {
        "kind": finding.kind,
        "title": finding.title,
        "text": finding.text,
        "organization_id": finding.organization_id,
    }


def _other_person_sets_title(world: World, finding_id: int) -> None:
    other = world.new_context()
    try:
        other.findings.update_finding(finding_id, {"title": "二郎の件名"}, "監査 二郎")
    finally:
        other.close()


async def test_the_same_field_edited_meanwhile_is_refused_and_the_typing_kept(
    world: World,
) -> None:
    finding = _finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        edit = FindingEditScreen(app.context, FindingDraft(**_draft(finding)), finding)  # type: ignore[arg-type]
        app.push_screen(edit)
        await settle(pilot)
        edit.query_one("#finding-title", Input).value = "一郎の件名"
        _other_person_sets_title(world, finding.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is edit  # not closed: nothing saved
        assert edit.query_one("#finding-title", Input).value == "一郎の件名"
        assert "同じときにほかの人" in str(edit.query_one("#finding-error", Label).render())
    assert world.context.findings.finding(finding.id).title == "二郎の件名"
    assert [c[3] for c in world.context.findings.finding_changes(finding.id)] == [
        ACTOR,
        "監査 二郎",
    ]


async def test_another_field_edited_meanwhile_is_saved_and_theirs_kept(world: World) -> None:
    finding = _finding(world)
    app = world.app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        edit = FindingEditScreen(app.context, FindingDraft(**_draft(finding)), finding)  # type: ignore[arg-type]
        app.push_screen(edit)
        await settle(pilot)
        edit.query_one("#finding-text").text = "一郎の本文"  # type: ignore[attr-defined]
        _other_person_sets_title(world, finding.id)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is not edit
    now = world.context.findings.finding(finding.id)
    assert (now.title, now.text) == ("二郎の件名", "一郎の本文")

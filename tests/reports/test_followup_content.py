"""The follow-up report's content: fiscal year, sections, date order, the public edition."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from pathlib import Path

from _report_samples import followup
from pypdf import PdfReader

from inspector.domain.documents import FollowupEdition, content_hash
from inspector.reports.followup import build_followup
from inspector.reports.followup_content import (
    fiscal_year,
    fiscal_year_label,
    mask,
    public_paper,
    section_groups,
)


def flat_text(data: bytes) -> str:
    return "".join(
        "".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages
    )


def test_fiscal_year_runs_april_to_march() -> None:
    assert fiscal_year(date(2026, 4, 1)) == 2026
    assert fiscal_year(date(2027, 3, 31)) == 2026
    assert fiscal_year(date(2021, 2, 10)) == 2020
    assert fiscal_year_label(2026) == "令和8年度"
    assert fiscal_year_label(2020) == "令和2年度"
    assert fiscal_year_label(2019) == "令和元年度"  # April 2019 was still 平成31年
    assert fiscal_year_label(2018) == "平成30年度"
    assert fiscal_year_label(2026, "en") == "FY2026"


def test_secrets_are_masked_longest_first() -> None:
    text = "鍵（サーバ室 作業机の上（保管箱の横））が保管箱（サーバ室 作業机の上）と同じ場所"
    masked = mask(text, ["サーバ室 作業机の上（保管箱の横）", " ", ""], "ja")
    assert masked == "鍵（（非公開））が保管箱（サーバ室 作業机の上）と同じ場所"


def test_public_paper_drops_layout_note_and_cells() -> None:
    paper = followup(1).groups[0].findings[0]
    finding = replace(
        paper.finding,
        text="作業机がラックに近接していた。\n該当箇所: F3, H3\n状況：鍵は缶の中",
        layout={"width": 3, "height": 3},
    )
    public = public_paper(replace(paper, finding=finding), ["缶"], "ja")
    assert public.finding.layout is None
    assert public.finding.text == "作業机がラックに近接していた。"


def test_sections_group_in_rank_order_and_entries_print_oldest_first() -> None:
    data = followup(3)
    group = data.groups[0]
    papers = [
        replace(group.findings[0], section="入退室管理", section_rank=3),
        replace(group.findings[1], section="レイアウト", section_rank=1),
        replace(group.findings[2], section="入退室管理", section_rank=3),
    ]
    assert [(s, len(p)) for s, p in section_groups(papers)] == [
        ("レイアウト", 1),
        ("入退室管理", 2),
    ]
    # entries stored newest first still print oldest first
    first = papers[0]
    plan = first.plans[0]
    reversed_plan = replace(plan, entries=tuple(reversed(plan.entries)))
    papers[0] = replace(first, plans=(reversed_plan,))
    kinds = {p.finding.kind for p in papers}
    same_kind = [replace(p, finding=replace(p.finding, kind=next(iter(kinds)))) for p in papers]
    data = replace(data, groups=(replace(group, findings=tuple(same_kind)),), fiscal_year=2026)
    text = flat_text(build_followup(data).data)
    assert text.index("【検討中】令和3年9月30日") < text.index("【措置済】令和4年3月31日")
    assert text.index("（1）レイアウト") < text.index("（2）入退室管理")
    assert "令和8年度" in text


def test_the_edition_is_part_of_the_content_hash() -> None:
    data = followup(2)
    internal = replace(data, edition=FollowupEdition.INTERNAL)
    assert content_hash(data) != content_hash(internal)
    assert "取扱注意" in flat_text(build_followup(internal).data)
    assert "取扱注意" not in flat_text(build_followup(data).data)


def test_an_office_followup_form_written_before_the_heading_still_builds(tmp_path: Path) -> None:
    from inspector.reports.forms import load_form

    shipped = load_form("followup", "ja").path.read_text(encoding="utf-8")
    older = "\n".join(
        line
        for line in shipped.splitlines()
        if not line.strip().startswith(
            ("heading:", "label_audit_type:", "label_theme:", "audit_type_default:")
        )
    )
    (tmp_path / "followup.yaml").write_text(older, encoding="utf-8")
    data = replace(followup(1), fiscal_year=2026, audit_type="行政監査", theme="情報資産の管理")
    text = flat_text(build_followup(data, forms_dirs=[tmp_path]).data)
    # the missing texts come from the shipped form
    assert "令和8年度行政監査の結果" in text and "監査の種類行政監査" in text

"""Checklist validation: one clear message per problem, with file, line and item id."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.domain.checklist_loader import ChecklistLoadError, load_checklist, validate_files

GOOD = """\
id: t
title: {ja: 点検}
version: "1"
unit: organization
sections:
  - id: s
    title: {ja: 節}
items:
  - id: a
    section: s
    text: {ja: 項目エー}
    answer: compliance
  - id: b
    section: s
    text: {ja: 項目ビー}
    answer: yes_no
    depends_on: {item: a, answer: compliant}
"""


def write(tmp_path: Path, text: str, name: str = "t.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, text: str) -> list[str]:
    return [str(p) for p in validate_files([write(tmp_path, text)])]


def test_good_file_loads(tmp_path: Path) -> None:
    checklist = load_checklist(write(tmp_path, GOOD))
    assert [i.id for i in checklist.items] == ["a", "b"]
    assert checklist.item("b").depends_on is not None


def test_malformed_yaml_names_the_line(tmp_path: Path) -> None:
    text = GOOD.replace("    answer: yes_no", "    answer: [yes_no")
    (found,) = problems(tmp_path, text)
    assert "malformed YAML" in found
    assert found.startswith(f"{tmp_path / 't.yaml'}:")
    assert ":16:" in found or ":17:" in found or ":18:" in found


def test_duplicate_item_id_reported_with_line_and_id(tmp_path: Path) -> None:
    text = GOOD.replace("  - id: b\n", "  - id: a\n").replace(
        "{item: a, answer: compliant}", "{item: s, answer: x}"
    )
    found = problems(tmp_path, text)
    assert any("duplicate item id 'a'" in p and ":13:" in p and "[item a]" in p for p in found), (
        found
    )


def test_depends_on_unknown_item(tmp_path: Path) -> None:
    text = GOOD.replace("{item: a, answer: compliant}", "{item: zz, answer: compliant}")
    (found,) = problems(tmp_path, text)
    assert "[item b]" in found and "unknown item 'zz'" in found and ":13:" in found


def test_depends_on_answer_must_be_valid_for_the_item(tmp_path: Path) -> None:
    text = GOOD.replace("{item: a, answer: compliant}", "{item: a, answer: maybe}")
    (found,) = problems(tmp_path, text)
    assert "'maybe' is not a valid answer of 'a'" in found


def test_missing_japanese_text(tmp_path: Path) -> None:
    text = GOOD.replace("text: {ja: 項目ビー}", "text: {en: Item B}")
    (found,) = problems(tmp_path, text)
    assert "[item b]" in found and "missing 'ja'" in found and ":15:" in found


def test_english_only_in_ja_field_is_refused(tmp_path: Path) -> None:
    text = GOOD.replace("text: {ja: 項目ビー}", "text: {ja: Item B}")
    (found,) = problems(tmp_path, text)
    assert "no Japanese characters" in found


def test_unknown_answer_type(tmp_path: Path) -> None:
    text = GOOD.replace("answer: yes_no", "answer: boolean")
    (found,) = problems(tmp_path, text)
    assert "[item b]" in found and "unknown answer type" in found and ":16:" in found


def test_several_problems_each_reported(tmp_path: Path) -> None:
    text = GOOD.replace("answer: yes_no", "answer: boolean").replace(
        "text: {ja: 項目エー}", "text: {en: A}"
    )
    found = problems(tmp_path, text)
    assert len(found) == 2
    assert any("[item a]" in p for p in found) and any("[item b]" in p for p in found)


def test_load_raises_with_all_problems(tmp_path: Path) -> None:
    with pytest.raises(ChecklistLoadError) as info:
        load_checklist(write(tmp_path, "just text"))
    assert "must be a mapping" in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    (found,) = [str(p) for p in validate_files([tmp_path / "nope.yaml"])]
    assert "file not found" in found


def test_same_checklist_id_in_two_files(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD, "a.yaml")
    second = write(tmp_path, GOOD, "b.yaml")
    (found,) = [str(p) for p in validate_files([first, second])]
    assert "also used by" in found


def test_cycle_in_depends_on(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    answer: compliance\n",
        '    answer: compliance\n    depends_on: {item: b, answer: "yes"}\n',
        1,
    )
    found = problems(tmp_path, text)
    assert any("cycle" in p for p in found)


def test_distribution_edges_must_ascend(tmp_path: Path) -> None:
    (found,) = problems(tmp_path, GOOD + "distribution: [0, 3, 1]\n")
    assert "ascending" in found

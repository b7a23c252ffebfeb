"""Long `depends_on` chains are evaluated in linear time, without recursion, and cycles are
refused at load with file, line and the items of the cycle (issue 10, point 12)."""

from __future__ import annotations

import random
from collections.abc import Iterator, Mapping
from pathlib import Path

from inspector.domain.checklist import Checklist
from inspector.domain.checklist_loader import load_checklist, validate_files
from inspector.domain.consolidation import UnitRecord, summarize, tally_units

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def chain_yaml(length: int, cycle_to: int | None = None, checklist_id: str = "chain") -> str:
    """A checklist of `length` yes/no items, each depending on the one before; with
    `cycle_to`, the first item depends on item `cycle_to` (a cycle)."""
    lines = [
        f"id: {checklist_id}",
        "title: {ja: 連鎖の点検表}",
        'version: "1"',
        "unit: organization",
        "sections:",
        "  - {id: s, title: {ja: 区分}}",
        "items:",
    ]
    for i in range(length):
        lines += [f"  - id: i{i}", "    section: s", f"    text: {{ja: 項目{i}}}"]
        lines.append("    answer: yes_no")
        parent = i - 1 if i else cycle_to
        if parent is not None:
            lines.append(f'    depends_on: {{item: i{parent}, answer: "yes"}}')
    return "\n".join(lines) + "\n"


def write(tmp_path: Path, text: str, name: str = "chain.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


class CountingAnswers(Mapping[str, str | None]):
    """Answers that count how often they are looked up."""

    def __init__(self, values: dict[str, str | None]) -> None:
        self.values = values
        self.lookups = 0

    def __getitem__(self, key: str) -> str | None:
        self.lookups += 1
        return self.values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.values)

    def __len__(self) -> int:
        return len(self.values)


def test_a_3000_item_chain_loads_and_is_evaluated_in_linear_time(tmp_path: Path) -> None:
    checklist = load_checklist(write(tmp_path, chain_yaml(3000)))
    answers = CountingAnswers({f"i{i}": "yes" for i in range(1500)} | {"i1500": "no"})
    applicable = checklist.applicability(answers, frozenset())
    # one look-up per item with a parent: no walking up the chain again for each item
    assert answers.lookups <= 3000
    assert [i for i in range(3000) if applicable[f"i{i}"]] == list(range(1501))
    assert len(checklist.applicable_items(answers, frozenset())) == 1501
    # one item far down the chain, alone, without recursion
    assert checklist.applies(checklist.item("i1500"), answers, frozenset())
    assert not checklist.applies(checklist.item("i1501"), answers, frozenset())
    assert not checklist.applies(checklist.item("i2999"), answers, frozenset())


def test_consolidation_of_a_3000_item_chain(tmp_path: Path) -> None:
    checklist = load_checklist(write(tmp_path, chain_yaml(3000)))
    units = [
        UnitRecord("all", {f"i{i}": "yes" for i in range(3000)}),
        UnitRecord("half", {f"i{i}": "yes" for i in range(1500)} | {"i1500": "no"}),
    ]
    result = summarize(checklist, tally_units(checklist, units))
    assert result.item("i2999").applicable == 1
    assert result.item("i1501").applicable == 1
    assert result.item("i1500").applicable == 2
    assert result.item("i1500").noncompliant == 1  # "no" to a survey question


def test_applicability_agrees_with_applies_item_by_item() -> None:
    """The one-pass evaluation decides exactly as the item-by-item rule (mini checklist,
    random answers and tags)."""
    checklist = load_checklist(FIXTURES / "mini.yaml")
    rng = random.Random(10)
    for _ in range(200):
        answers: dict[str, str | None] = {}
        for item in checklist.items:
            allowed = item.allowed_values() or ("x",)
            if rng.random() < 0.8:
                answers[item.id] = rng.choice(allowed)
        tags = frozenset(t for t in ("employs_temporary",) if rng.random() < 0.5)
        at_once = checklist.applicability(answers, tags)
        assert at_once == {i.id: checklist.applies(i, answers, tags) for i in checklist.items}


def test_a_cycle_is_refused_with_file_line_and_its_items(tmp_path: Path) -> None:
    path = write(tmp_path, chain_yaml(5, cycle_to=2))
    found = [str(p) for p in validate_files([path])]
    # one problem for the one cycle, at its first item (i0, line 8), naming its items
    assert found == [f"{path}:8: [item i0] depends_on forms a cycle: i0 -> i2 -> i1 -> i0"]


def test_a_long_cycle_is_named_briefly_and_found_quickly(tmp_path: Path) -> None:
    path = write(tmp_path, chain_yaml(3000, cycle_to=2999))
    (found,) = [str(p) for p in validate_files([path])]
    assert "[item i0] depends_on forms a cycle: i0 -> i2999 -> i2998" in found
    assert "(3000 items) -> i0" in found


def test_an_item_below_a_cycle_is_not_a_second_problem(tmp_path: Path) -> None:
    text = chain_yaml(2, cycle_to=1)  # i0 <-> i1
    text += "  - id: x\n    section: s\n    text: {ja: 下の項目}\n    answer: yes_no\n"
    text += '    depends_on: {item: i1, answer: "yes"}\n'
    found = [str(p) for p in validate_files([write(tmp_path, text)])]
    assert len(found) == 1 and "i0 -> i1 -> i0" in found[0]


def test_a_self_dependency_is_a_cycle(tmp_path: Path) -> None:
    text = chain_yaml(1, cycle_to=0)
    (found,) = [str(p) for p in validate_files([write(tmp_path, text)])]
    assert "[item i0] depends_on forms a cycle: i0 -> i0" in found


def test_checklist_built_without_validation_never_loops() -> None:
    """A cycle that bypassed validation (model_construct) is not applicable, not a hang."""
    good = load_checklist(FIXTURES / "mini.yaml")
    y1, y2 = good.item("y1"), good.item("y2")
    assert y2.depends_on is not None
    looped = y1.model_copy(update={"depends_on": y2.depends_on.model_copy(update={"item": "y2"})})
    items = [looped if i.id == "y1" else i for i in good.items]
    broken = Checklist.model_construct(**{**dict(good), "items": items})
    answers = {"y1": "yes", "y2": "yes"}
    assert not broken.applies(broken.item("y2"), answers, frozenset())
    assert not broken.applicability(answers, frozenset())["y1"]

"""Answer spellings folded to canonical values."""

from __future__ import annotations

import pytest

from inspector.domain.answers import InvalidAnswer, normalize_answer, parse_staff_type
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import StaffType


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("compliant", "compliant"),
        ("遵守", "compliant"),
        ("○", "compliant"),
        ("不遵守", "noncompliant"),
        ("×", "noncompliant"),
        ("NONCOMPLIANT", "noncompliant"),
        ("該当なし", "not_applicable"),
        ("－", "not_applicable"),
        ("", None),
    ],
)
def test_compliance_spellings(
    mini_catalog: ChecklistCatalog, raw: str, expected: str | None
) -> None:
    assert normalize_answer(mini_catalog.get("mini").item("c1"), raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"), [("はい", "yes"), ("いいえ", "no"), ("Yes", "yes"), ("ｙｅｓ", "yes")]
)
def test_yes_no_spellings(mini_catalog: ChecklistCatalog, raw: str, expected: str) -> None:
    assert normalize_answer(mini_catalog.get("mini").item("y1"), raw) == expected


def test_choice_by_key_or_label(mini_catalog: ChecklistCatalog) -> None:
    item = mini_catalog.get("mini").item("ch")
    assert normalize_answer(item, "weekly") == "weekly"
    assert normalize_answer(item, "毎日") == "daily"
    with pytest.raises(InvalidAnswer, match="daily, weekly"):
        normalize_answer(item, "hourly")


def test_numbers_full_width_and_bounds(mini_catalog: ChecklistCatalog) -> None:
    item = mini_catalog.get("mini").item("n1")
    assert normalize_answer(item, "１２") == "12"
    assert normalize_answer(item, "1,600") == "1600"
    assert normalize_answer(item, "2.5") == "2.5"
    with pytest.raises(InvalidAnswer, match="minimum"):
        normalize_answer(item, "-1")
    with pytest.raises(InvalidAnswer, match="not a number"):
        normalize_answer(item, "many")


def test_invalid_compliance_answer_names_the_accepted_values(
    mini_catalog: ChecklistCatalog,
) -> None:
    with pytest.raises(InvalidAnswer, match="遵守/不遵守/該当なし"):
        normalize_answer(mini_catalog.get("mini").item("c1"), "maybe")


def test_staff_types_in_japanese() -> None:
    assert parse_staff_type("非常勤嘱託員") is StaffType.PART_TIME
    assert parse_staff_type("派遣労働者") is StaffType.DISPATCHED
    assert parse_staff_type("temporary") is StaffType.TEMPORARY
    with pytest.raises(ValueError, match="unknown staff type"):
        parse_staff_type("intern")


@pytest.mark.parametrize("raw", ["1_000", "٣", "१२", "1__0", "0x10", "1 000", "+-1"])
def test_a_number_is_ascii_digits_after_full_width_folding(
    mini_catalog: ChecklistCatalog, raw: str
) -> None:
    """Decimal() takes underscores and other scripts' digits; an answer does not."""
    with pytest.raises(InvalidAnswer, match="not a number"):
        normalize_answer(mini_catalog.get("mini").item("n1"), raw)

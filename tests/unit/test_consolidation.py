"""The consolidation maths on hand-built data: the tables of 002 and 000, edges, unions,
staff types, items that do not apply."""

from __future__ import annotations

from typing import Any

import pytest

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import (
    Outcome,
    UnitRecord,
    classify,
    consolidate,
    distribution,
)

JA = {"ja": "項目"}


def make_checklist(
    items: list[dict[str, Any]],
    *,
    unit: str = "organization",
    edges: list[int] | None = None,
    unions: list[dict[str, Any]] | None = None,
) -> Checklist:
    data: dict[str, Any] = {
        "id": "t",
        "title": {"ja": "試験"},
        "version": "1",
        "unit": unit,
        "sections": [{"id": "s", "title": {"ja": "節"}}],
        "items": [{"section": "s", "text": JA, "answer": "compliance", **i} for i in items],
        "distribution": edges or [0, 1],
        "unions": unions or [],
    }
    return Checklist.model_validate(data)


def compliance_units(
    n_items: int, broken_by: list[int], n_units: int, prefix: str = "i"
) -> list[UnitRecord]:
    """Units where item k is noncompliant for the first broken_by[k] units."""
    units = []
    for u in range(n_units):
        values: dict[str, str | None] = {
            f"{prefix}{k:02d}": ("noncompliant" if u < broken_by[k] else "compliant")
            for k in range(n_items)
        }
        units.append(UnitRecord(unit=str(u), values=values))
    return units


# -- distribution ---------------------------------------------------------------------------


def test_the_site_table_of_002() -> None:
    """11 sites, 57 items: 24 items broken by none, 13 by 1-2, 6 by 3-5, 14 by 6 or more."""
    broken_by = [0] * 24 + [1] * 7 + [2] * 6 + [3, 4, 5, 5, 4, 3] + [6] * 5 + [11] * 9
    assert len(broken_by) == 57
    checklist = make_checklist([{"id": f"i{k:02d}"} for k in range(57)], edges=[0, 1, 3, 6])
    result = consolidate(checklist, compliance_units(57, broken_by, 11))
    table = [(b.label, b.min, b.max, b.items, round(b.share * 100, 1)) for b in result.distribution]
    assert table == [
        ("0", 0, 0, 24, 42.1),
        ("1-2", 1, 2, 13, 22.8),
        ("3-5", 3, 5, 6, 10.5),
        ("6+", 6, None, 14, 24.6),
    ]
    assert result.population == 11
    assert sum(b.items for b in result.distribution) == 57


def test_the_operator_table_of_002() -> None:
    """86 operators, 29 items: 14 / 6 / 2 / 4 / 3 items broken by 0 / 1-10 / 11-20 / 21-40 / 41+."""
    broken_by = [0] * 14 + [1, 5, 10, 10, 2, 7] + [11, 20] + [21, 30, 40, 25] + [41, 60, 86]
    checklist = make_checklist(
        [{"id": f"i{k:02d}"} for k in range(29)], unit="respondent", edges=[0, 1, 11, 21, 41]
    )
    result = consolidate(checklist, compliance_units(29, broken_by, 86))
    table = [(b.label, b.items, round(b.share * 100, 1)) for b in result.distribution]
    assert table == [
        ("0", 14, 48.3),
        ("1-10", 6, 20.7),
        ("11-20", 2, 6.9),
        ("21-40", 4, 13.8),
        ("41+", 3, 10.3),
    ]
    assert result.to_json()["distribution"][-1]["max"] is None


def test_buckets_at_their_edges_and_empty_buckets() -> None:
    checklist = make_checklist([{"id": f"i{k:02d}"} for k in range(6)], edges=[0, 1, 3, 6])
    # Each item exactly on an edge or one below it.
    buckets = distribution(checklist, {"i00": 0, "i01": 1, "i02": 2, "i03": 3, "i04": 5, "i05": 6})
    assert [b.item_ids for b in buckets] == [
        ("i00",),
        ("i01", "i02"),
        ("i03", "i04"),
        ("i05",),
    ]
    # Nothing broken: every item in the first bucket, the others empty with share 0.
    buckets = distribution(checklist, {})
    assert [(b.items, b.share) for b in buckets] == [(6, 1.0), (0, 0.0), (0, 0.0), (0, 0.0)]
    # A huge count lands in the open bucket.
    assert distribution(checklist, {"i00": 10_000})[-1].item_ids == ("i00",)


def test_single_value_bucket_label_and_no_units() -> None:
    checklist = make_checklist([{"id": "a"}], edges=[0, 1, 2])
    result = consolidate(checklist, [], missing=3)
    assert [b.label for b in result.distribution] == ["0", "1", "2+"]
    assert result.population == 0 and result.missing == 3
    only = result.item("a")
    assert (only.applicable, only.rate, only.not_applicable) == (0, 0.0, 0)


# -- applicability ----------------------------------------------------------------------------


def measures_checklist() -> Checklist:
    return make_checklist(
        [
            {"id": "patrol", "answer": "yes_no"},
            {"id": "memo-ban", "answer": "yes_no", "applies_when": ["handles_personal_data"]},
            {
                "id": "memo-paper",
                "answer": "yes_no",
                "depends_on": {"item": "memo-ban", "answer": "yes"},
            },
            {"id": "other", "answer": "text"},
        ]
    )


def test_the_measures_survey_of_004() -> None:
    """150 departments; 76 handle personal data; 62 of those ban memos; 42 of the 62
    designate memo paper; 144 of 150 patrol."""
    checklist = measures_checklist()
    units = []
    for n in range(150):
        handles = n < 76
        values: dict[str, str | None] = {"patrol": "yes" if n < 144 else "no"}
        if handles:
            values["memo-ban"] = "yes" if n < 62 else "no"
            if n < 62:
                values["memo-paper"] = "yes" if n < 42 else "no"
        else:
            values["memo-ban"] = "yes"  # a stale answer to an item that does not apply
        if n % 3 == 0:
            values["other"] = "朝礼で注意喚起"
        tags = frozenset({"handles_personal_data"}) if handles else frozenset()
        units.append(UnitRecord(unit=str(n), values=values, org_tags=tags))
    result = consolidate(checklist, units)
    patrol, ban, paper, other = result.items
    assert (patrol.compliant, patrol.noncompliant, patrol.applicable) == (144, 6, 150)
    assert (ban.compliant, ban.applicable, ban.not_applicable) == (62, 76, 74)
    assert (paper.compliant, paper.noncompliant, paper.applicable) == (42, 20, 62)
    assert paper.not_applicable == 88
    assert round(paper.noncompliant / paper.applicable, 4) == paper.to_json()["rate"]
    assert (other.answered, other.unanswered, other.compliant) == (50, 100, 0)
    # Only judged items are in the distribution.
    assert sum(b.items for b in result.distribution) == 3


def test_not_applicable_answers_and_unanswered() -> None:
    checklist = make_checklist([{"id": "a"}, {"id": "b"}])
    units = [
        UnitRecord("1", {"a": "not_applicable", "b": "noncompliant"}),
        UnitRecord("2", {"a": "compliant"}),
        UnitRecord("3", {"a": "noncompliant", "b": None}),
    ]
    result = consolidate(checklist, units)
    a, b = result.items
    assert (a.compliant, a.noncompliant, a.not_applicable, a.unanswered, a.applicable) == (
        1,
        1,
        1,
        0,
        2,
    )
    assert a.rate == 0.5
    assert (b.noncompliant, b.unanswered, b.applicable, b.not_applicable) == (1, 2, 3, 0)


def test_dependent_item_of_an_unanswered_parent_does_not_apply() -> None:
    checklist = measures_checklist()
    tags = frozenset({"handles_personal_data"})
    paper = checklist.item("memo-paper")
    assert classify(checklist, paper, {}, tags) is Outcome.NOT_APPLICABLE
    assert classify(checklist, paper, {"memo-ban": "no", "memo-paper": "yes"}, tags) is (
        Outcome.NOT_APPLICABLE
    )
    assert classify(checklist, paper, {"memo-ban": "yes"}, tags) is Outcome.UNANSWERED
    assert classify(checklist, paper, {"memo-ban": "yes"}, frozenset()) is Outcome.NOT_APPLICABLE
    assert classify(checklist, paper, {"memo-ban": "yes", "memo-paper": "no"}, tags) is (
        Outcome.NONCOMPLIANT
    )


# -- unions and staff types -----------------------------------------------------------------

STAFF = {"regular": 1248, "part_time": 296, "temporary": 45, "dispatched": 6}
# People answering yes, by staff type, from the table of 000.
YES = {
    "q1": {"regular": 110, "part_time": 38, "temporary": 1, "dispatched": 0},
    "q2": {"regular": 93, "part_time": 22, "temporary": 0, "dispatched": 0},
    "q3": {"regular": 12, "part_time": 5, "temporary": 5, "dispatched": 0},
    "q4": {"regular": 29, "part_time": 4, "temporary": 0, "dispatched": 0},
}
BOTH_Q2_Q4 = {"regular": 13, "part_time": 2}  # 15 answered yes to both


def hearing() -> Checklist:
    return make_checklist(
        [{"id": f"q{k}", "answer": "yes_no"} for k in range(1, 5)]
        + [{"id": "q2-system", "answer": "text", "depends_on": {"item": "q2", "answer": "yes"}}],
        unit="respondent",
        unions=[
            {"id": "let-another-act", "label": {"ja": "設問②又は④"}, "items": ["q2", "q4"]},
            {"id": "any", "label": {"ja": "いずれか"}, "items": ["q1", "q2", "q3", "q4"]},
        ],
    )


def hearing_units() -> list[UnitRecord]:
    units = []
    for staff_type, size in STAFF.items():
        both = BOTH_Q2_Q4.get(staff_type, 0)
        q2 = YES["q2"][staff_type]
        q4 = YES["q4"][staff_type]
        for n in range(size):
            values: dict[str, str | None] = {
                "q1": "yes" if n < YES["q1"][staff_type] else "no",
                "q3": "yes" if n < YES["q3"][staff_type] else "no",
                # q2: people 0..q2-1; q4: the last `both` of those, then after them.
                "q2": "yes" if n < q2 else "no",
                "q4": "yes" if q2 - both <= n < q2 - both + q4 else "no",
            }
            units.append(UnitRecord(unit=f"{staff_type}{n}", values=values, group=staff_type))
    return units


def test_the_hearing_table_of_000_by_staff_type() -> None:
    result = consolidate(hearing(), hearing_units(), by="staff_type")
    assert result.population == 1595
    assert result.unions["let-another-act"] == 133  # 115 + 33 - 15
    assert round(result.unions["let-another-act"] / result.population * 100, 1) == 8.3
    groups = result.groups
    assert groups is not None
    assert list(groups) == ["regular", "part_time", "temporary", "dispatched"]
    for q, row in YES.items():
        assert {g: groups[g].items[q] for g in groups} == row
        assert result.item(q).noncompliant == sum(row.values())
    assert {g: c.population for g, c in groups.items()} == STAFF
    assert groups["regular"].unions["let-another-act"] == 93 + 29 - 13
    assert groups["part_time"].unions["let-another-act"] == 22 + 4 - 2
    assert sum(c.unions["let-another-act"] for c in groups.values()) == 133
    # The text item only applies to those who said yes to q2.
    system = result.item("q2-system")
    assert (system.applicable, system.unanswered, system.not_applicable) == (115, 115, 1480)
    data = result.to_json()
    assert data["groups"]["temporary"]["items"] == {"q1": 1, "q2": 0, "q3": 5, "q4": 0}
    assert "q2-system" not in data["groups"]["regular"]["items"]


def test_union_counts_a_person_once_and_only_with_its_answer() -> None:
    checklist = hearing()
    units = [
        UnitRecord("a", {"q2": "yes", "q4": "yes"}),
        UnitRecord("b", {"q2": "no", "q4": "yes"}),
        UnitRecord("c", {"q2": "no", "q4": "no", "q1": "yes"}),
        UnitRecord("d", {}),
    ]
    result = consolidate(checklist, units)
    assert result.unions == {"let-another-act": 2, "any": 3}
    assert result.groups is None and "groups" not in result.to_json()


def test_union_with_another_answer_and_a_dependent_item() -> None:
    checklist = make_checklist(
        [
            {"id": "a", "answer": "yes_no"},
            {"id": "b", "answer": "yes_no", "depends_on": {"item": "a", "answer": "yes"}},
        ],
        unit="respondent",
        unions=[{"id": "no-b", "label": {"ja": "否"}, "items": ["b"], "answer": "no"}],
    )
    units = [
        UnitRecord("1", {"a": "yes", "b": "no"}),
        UnitRecord("2", {"a": "no", "b": "no"}),  # b does not apply: not counted
        UnitRecord("3", {"a": "yes", "b": "yes"}),
    ]
    assert consolidate(checklist, units).unions == {"no-b": 1}


def test_yes_breaks_hearing_items_and_no_breaks_survey_items() -> None:
    person = make_checklist([{"id": "a", "answer": "yes_no"}], unit="respondent")
    org = make_checklist([{"id": "a", "answer": "yes_no"}])
    units = [
        UnitRecord("1", {"a": "yes"}),
        UnitRecord("2", {"a": "no"}),
        UnitRecord("3", {"a": "no"}),
    ]
    assert consolidate(person, units).item("a").noncompliant == 1
    assert consolidate(org, units).item("a").noncompliant == 2


# -- reasons ----------------------------------------------------------------------------------


def test_reasons_of_the_most_broken_items_ranked() -> None:
    checklist = make_checklist(
        [
            {
                "id": "card",
                "reasons": [
                    {"id": "busy", "ja": "窓口混雑のため"},
                    {"id": "unskilled", "ja": "操作方法の未熟"},
                ],
            },
            {"id": "log"},
            {"id": "never"},
        ]
    )
    units = [
        UnitRecord(
            "1",
            {"card": "noncompliant", "log": "noncompliant"},
            {"card": ("busy",), "log": ("台帳がない",)},
        ),
        UnitRecord(
            "2",
            {"card": "noncompliant", "log": "compliant"},
            {"card": ("busy", "unskilled"), "log": ("stale",)},
        ),
        UnitRecord("3", {"card": "noncompliant", "log": "compliant"}, {"card": ("来客対応",)}),
        UnitRecord("4", {"card": "compliant", "log": "compliant"}, {"card": ("busy",)}),
    ]
    result = consolidate(checklist, units, top=5)
    assert [r.item for r in result.reasons] == ["card", "log"]
    card = result.reasons[0]
    assert card.noncompliant == 3
    assert [(r.reason, r.label, r.count) for r in card.reasons] == [
        ("busy", "窓口混雑のため", 2),
        ("unskilled", "操作方法の未熟", 1),
        ("来客対応", "来客対応", 1),
    ]
    # Reasons given with a compliant answer are not counted.
    assert [(r.reason, r.count) for r in result.reasons[1].reasons] == [("台帳がない", 1)]
    assert [r.item for r in consolidate(checklist, units, top=1).reasons] == ["card"]


@pytest.mark.parametrize("top", [0, 10])
def test_no_broken_items_no_reasons(top: int) -> None:
    checklist = make_checklist([{"id": "a"}])
    assert consolidate(checklist, [UnitRecord("1", {"a": "compliant"})], top=top).reasons == ()

"""該当なし for every compliance and yes/no item (issue 15): accepted in CSV and by the
runner's key, refused where the checklist forbids it, and kept out of `applicable`."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.domain.answers import InvalidAnswer, normalize_answer
from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist import Checklist, Item
from inspector.exchange.answers_csv import COLUMNS, import_answers
from inspector.exchange.csvfile import CsvProblems
from inspector.store.repositories.consolidation import ConsolidationRepository
from inspector.store.repository import Repository


def _item(**extra: object) -> Item:
    base: dict[str, object] = {
        "id": "y9",
        "section": "s",
        "text": {"ja": "メモを禁止している"},
        "answer": "yes_no",
    }
    return Item.model_validate({**base, **extra})


@pytest.mark.parametrize("raw", ["該当なし", "not_applicable", "－", "n/a", "ＮＡ"])
def test_yes_no_accepts_not_applicable(raw: str) -> None:
    assert normalize_answer(_item(), raw) == "not_applicable"
    assert "not_applicable" in (_item().allowed_values() or ())


def test_a_checklist_may_forbid_it_per_item() -> None:
    item = _item(allow_not_applicable=False)
    assert item.allowed_values() == ("yes", "no")
    with pytest.raises(InvalidAnswer, match="may not be answered not_applicable"):
        normalize_answer(item, "該当なし")
    strict = _item(answer="compliance", allow_not_applicable=False)
    with pytest.raises(InvalidAnswer):
        normalize_answer(strict, "－")
    assert normalize_answer(strict, "遵守") == "compliant"


def test_only_compliance_and_yes_no_items_can_forbid_it() -> None:
    with pytest.raises(ValueError, match="allow_not_applicable"):
        _item(answer="text", allow_not_applicable=False)


def _csv(tmp: Path, rows: list[str]) -> Path:
    path = tmp / "na.csv"
    path.write_text("\n".join([",".join(COLUMNS), *rows]) + "\n", encoding="utf-8")
    return path


def test_csv_not_applicable_for_yes_no_is_kept_out_of_applicable(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    rows = [
        "GEN,,,mini,y1,該当なし,,,",
        "TAX,,,mini,y1,はい,,,",
        "TAX,,,mini,y2,いいえ,,,",
    ]
    report = import_answers(city, mini_catalog, _csv(tmp_path, rows))
    assert report.counts.answers_added == 3
    checklist: Checklist = mini_catalog.get("mini")
    result = ConsolidationRepository(city.engine).consolidate(checklist, ("GEN", "TAX"))
    y1 = result.item("y1")
    assert (y1.not_applicable, y1.applicable) == (1, 1)
    # y2 depends on y1 = yes: 該当なし leaves it out for GEN as applies_when would
    assert result.item("y2").applicable == 1


def test_csv_refuses_not_applicable_where_forbidden(
    city: Repository, tmp_path: Path, mini_catalog: ChecklistCatalog
) -> None:
    data = mini_catalog.get("mini").model_dump()
    for item in data["items"]:
        if item["id"] == "c2":
            item["allow_not_applicable"] = False
    strict = Checklist.model_validate(data)
    catalog = ChecklistCatalog([strict])
    with pytest.raises(CsvProblems, match="row 2: item 'c2'"):
        import_answers(city, catalog, _csv(tmp_path, ["GEN,,,mini,c2,該当なし,,,"]))

"""The roster imports: a column they do not know is an error (a misspelt `staff_type` or
`status` made everyone regular and active without a word), naming the option that leaves
such columns out; with it, an HR export's other columns are left out and named."""

from __future__ import annotations

from pathlib import Path

import pytest

from inspector.domain.model import PersonStatus, StaffType
from inspector.exchange.csvfile import CsvProblems
from inspector.exchange.rosters import (
    IGNORE_EXTRA_OPTION,
    import_organizations,
    import_people,
    read_known_rows,
)
from inspector.store.repository import Repository


def _file(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _messages(info: pytest.ExceptionInfo[CsvProblems]) -> list[str]:
    return [p.message for p in info.value.problems]


def test_a_misspelt_status_column_is_refused_not_read_as_active(
    city: Repository, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        "staff_number,name,organization,staff_typ,statsu\n"
        "S1,退職 一郎,GEN,非常勤嘱託員,退職\n"
        "S2,休職 二子,GEN,臨時的任用職員,休職\n",
    )
    with pytest.raises(CsvProblems) as info:
        import_people(city, path)
    messages = _messages(info)
    assert {p.row for p in info.value.problems} == {1}
    assert len(messages) == 2
    assert messages[0].startswith("unknown column 'staff_typ' (did you mean 'staff_type'?)")
    assert messages[1].startswith("unknown column 'statsu' (did you mean 'status'?)")
    assert all(IGNORE_EXTRA_OPTION in m for m in messages)
    assert city.people() == []


def test_an_unknown_organization_column_is_refused(city: Repository, tmp_path: Path) -> None:
    before = city.organizations()
    path = _file(tmp_path, "code,name,parent,tag\nX1,監査課,,employs_temporary\n")
    with pytest.raises(CsvProblems) as info:
        import_organizations(city, path)
    assert _messages(info)[0].startswith("unknown column 'tag' (did you mean 'tags'?)")
    assert IGNORE_EXTRA_OPTION in _messages(info)[0]
    assert city.organizations() == before


def test_values_past_the_header_are_refused(city: Repository, tmp_path: Path) -> None:
    """An unquoted comma in a name pushes the status past the last column."""
    path = _file(
        tmp_path, "staff_number,name,organization,staff_type,status\nS1,山田,太郎,GEN,,在職\n"
    )
    with pytest.raises(CsvProblems) as info:
        import_people(city, path)
    assert any("outside the named columns" in m for m in _messages(info))
    assert city.people() == []


def test_the_known_columns_alone_and_in_any_order_are_read(
    city: Repository, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        "status,name,staff_number,organization\n退職,退職 一郎,S1,GEN\n,在職 二郎,S2,TAX\n",
    )
    counts = import_people(city, path)
    assert counts.added == 2
    statuses = {p.staff_number: p.status for p in city.people()}
    assert statuses == {"S1": PersonStatus.RETIRED, "S2": PersonStatus.ACTIVE}


def test_an_hr_export_with_other_columns_is_read_with_ignore_extra(
    city: Repository, tmp_path: Path
) -> None:
    path = _file(
        tmp_path,
        "staff_number,name,organization,staff_type,status,生年月日,内線\n"
        "S1,非常勤 花子,GEN,非常勤嘱託員,休職,1980-01-01,1234\n",
    )
    warnings: list[str] = []
    counts = import_people(city, path, ignore_extra=True, warn=warnings.append)
    assert counts.added == 1
    (person,) = city.people()
    assert (person.staff_type, person.status) == (StaffType.PART_TIME, PersonStatus.ON_LEAVE)
    assert warnings == [f"{path}: column(s) left out: 生年月日, 内線"]

    orgs = _file(tmp_path, "code,name,parent,tags,所属長\nX1,監査課,,,監査 太郎\n", "o.csv")
    warnings.clear()
    assert import_organizations(city, orgs, ignore_extra=True, warn=warnings.append).added == 1
    assert warnings == [f"{orgs}: column(s) left out: 所属長"]


def test_ignore_extra_still_needs_the_required_columns(tmp_path: Path) -> None:
    path = _file(tmp_path, "staff_number,氏名,organization\nS1,山田,GEN\n")
    with pytest.raises(CsvProblems) as info:
        read_known_rows(path, ["staff_number", "name", "organization"], [], ignore_extra=True)
    assert _messages(info)[0].startswith("missing column(s): name")

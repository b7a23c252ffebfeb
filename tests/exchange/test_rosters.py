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
from inspector.store.repository import PersonInput, Repository


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


def test_ignore_extra_still_refuses_a_misspelt_known_column(
    city: Repository, tmp_path: Path
) -> None:
    """`statsu` is not an HR column to leave out: read without it, a retired person was
    made active."""
    city.upsert_people(
        [PersonInput("S1", "退職 一郎", "GEN", StaffType.REGULAR, PersonStatus.RETIRED)]
    )
    path = _file(
        tmp_path,
        "staff_number,name,organization,staff_type,statsu,dept_phone\n"
        "S1,退職 一郎,GEN,regular,retired,123\n",
    )
    warnings: list[str] = []
    with pytest.raises(CsvProblems) as info:
        import_people(city, path, ignore_extra=True, warn=warnings.append)
    (message,) = _messages(info)
    assert message.startswith("unknown column 'statsu' (did you mean 'status'?)")
    assert IGNORE_EXTRA_OPTION in message
    assert [p.status for p in city.people()] == [PersonStatus.RETIRED]


def test_people_without_the_optional_columns_keep_their_type_and_status(
    city: Repository, tmp_path: Path
) -> None:
    city.upsert_people(
        [PersonInput("S1", "退職 一郎", "GEN", StaffType.PART_TIME, PersonStatus.RETIRED)]
    )
    path = _file(tmp_path, "staff_number,name,organization\nS1,退職 一郎,TAX\nS2,新人 二郎,GEN\n")
    counts = import_people(city, path)
    assert (counts.added, counts.updated, counts.unchanged) == (1, 1, 0)
    got = {p.staff_number: (p.staff_type, p.status) for p in city.people()}
    assert got == {
        "S1": (StaffType.PART_TIME, PersonStatus.RETIRED),
        "S2": (StaffType.REGULAR, PersonStatus.ACTIVE),
    }
    # only status given, its cell empty: the stored type and status stay (imports r16 #3)
    path = _file(tmp_path, "staff_number,name,organization,status\nS1,退職 一郎,TAX,\n", "s.csv")
    assert import_people(city, path).unchanged == 1
    s1 = city.find_person("S1")
    assert s1 is not None
    assert (s1.staff_type, s1.status) == (StaffType.PART_TIME, PersonStatus.RETIRED)
    path = _file(
        tmp_path, "staff_number,name,organization,status\nS1,退職 一郎,TAX,在職\n", "a.csv"
    )
    assert import_people(city, path).updated == 1
    s1 = city.find_person("S1")
    assert s1 is not None
    assert (s1.staff_type, s1.status) == (StaffType.PART_TIME, PersonStatus.ACTIVE)


def _parents_and_tags(repo: Repository) -> dict[str, tuple[str | None, list[str]]]:
    items = repo.organizations()
    code_of = {o.id: o.code for o in items}
    return {o.code: (code_of[o.parent_id] if o.parent_id else None, sorted(o.tags)) for o in items}


def test_organizations_without_parent_or_tags_columns_keep_them(
    city: Repository, tmp_path: Path
) -> None:
    before = _parents_and_tags(city)
    assert before["GEN"] == ("D1", ["employs_temporary"])
    counts = import_organizations(city, _file(tmp_path, "code,name\nGEN,総務課\nX1,監査課\n"))
    assert (counts.added, counts.updated, counts.unchanged) == (1, 0, 1)
    assert _parents_and_tags(city) == before | {"X1": (None, [])}

    # only tags given: the parent stays
    path = _file(tmp_path, "code,name,tags\nGEN,総務課,server_room\n", "t.csv")
    assert import_organizations(city, path).updated == 1
    assert _parents_and_tags(city)["GEN"] == ("D1", ["server_room"])

    # present and empty: no parent, no tags
    path = _file(tmp_path, "code,name,parent,tags\nGEN,総務課,,\n", "e.csv")
    assert import_organizations(city, path).updated == 1
    assert _parents_and_tags(city)["GEN"] == (None, [])


def test_a_change_of_parent_alone_counts_as_updated(city: Repository, tmp_path: Path) -> None:
    path = _file(
        tmp_path,
        "code,name,parent,tags\nD2,総務部,,\nGEN,総務課,D2,employs_temporary\nTAX,税務課,D1,\n",
    )
    counts = import_organizations(city, path)
    assert (counts.added, counts.updated, counts.unchanged) == (1, 1, 1)
    assert _parents_and_tags(city)["GEN"] == ("D2", ["employs_temporary"])
    counts = import_organizations(city, path)
    assert (counts.added, counts.updated, counts.unchanged) == (0, 0, 3)

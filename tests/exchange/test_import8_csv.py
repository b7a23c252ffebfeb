"""A cut or short CSV row never overwrites what is stored (import8): a row with fewer cells
than the header is refused with its row, its count and the missing columns, and the
whole import with it; a UTF-8 file cut inside a character is not read as CP932; the
problems of a file are listed up to `LISTED` and counted; answered_at is read by the
project's date parser; a free-text cell keeps the tab or line break it starts with."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.exchange.answers_csv import COLUMNS, JST, export_answers, import_answers
from inspector.exchange.csvfile import LISTED, CsvProblems, read_rows
from inspector.exchange.rosters import import_organizations, import_people
from inspector.store.repository import Repository
from tests.db_rows import dump

HEADER = ",".join(COLUMNS)


def _write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def _refused(repo: Repository, run: object, path: Path) -> list[str]:
    before = dump(repo)
    with pytest.raises(CsvProblems) as info:
        run(path)  # type: ignore[operator]
    assert dump(repo) == before
    return [str(p) for p in info.value.problems]


def _notes(repo: Repository) -> dict[str, str]:
    gen = repo.find_organization("GEN")
    assert gen is not None
    (session,) = repo.sessions(organization_id=gen.id)
    return {item: a.state.note for item, a in repo.answers(session.id).items()}


def test_a_file_cut_inside_a_note_does_not_overwrite_the_stored_note(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    stored = "GEN,,,mini,c1,遵守,,棚の上に置かれていた,2025-06-01T10:00:00+09:00\n"
    import_answers(city, mini_catalog, _write(tmp_path, HEADER + "\n" + stored, "first.csv"))
    # the export of a later day, cut in the middle of the note of its last row
    later = stored.replace("2025-06-01", "2025-07-01")
    cut = HEADER + "\n" + later[: later.index("置")]
    (problem,) = _refused(
        city, lambda p: import_answers(city, mini_catalog, p), _write(tmp_path, cut)
    )
    assert problem.startswith("row 2:")
    assert "the file ends in the middle of a row (file line 2)" in problem
    assert "only 8 of 9 columns (missing: answered_at)" in problem
    assert _notes(city) == {"c1": "棚の上に置かれていた"}


def test_a_short_row_in_the_middle_is_refused_with_the_missing_columns(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    text = HEADER + "\nGEN,,,mini,c1,遵守,,,\nGEN,,,mini,c2\nGEN,,,mini,n1,5,,,\n"
    problems = _refused(
        city, lambda p: import_answers(city, mini_catalog, p), _write(tmp_path, text)
    )
    assert problems == [
        "row 3: only 5 of 9 columns (missing: answer, reason, note, answered_at; file line 3)."
        " Missing cells are not taken as empty: check that the row is not cut short, and"
        " write an empty value between its commas"
    ]


def test_a_complete_last_row_without_a_line_end_is_imported(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    text = HEADER + "\nGEN,,,mini,c1,遵守,,メモ,2025-06-01T10:00:00+09:00"
    report = import_answers(city, mini_catalog, _write(tmp_path, text))
    assert report.counts.answers_added == 1
    assert _notes(city) == {"c1": "メモ"}


def test_a_row_may_end_before_a_column_the_header_leaves_unnamed(tmp_path: Path) -> None:
    # Excel sometimes writes an empty header cell after the last column
    path = _write(tmp_path, "code,name,\n120,情報政策課\n")
    assert read_rows(path, ["code", "name"]) == [{"code": "120", "name": "情報政策課"}]


def test_a_utf8_file_cut_inside_a_character_is_not_read_as_cp932(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    data = (HEADER + "\nGEN,,,mini,c1,compliant,,途中で切れた").encode()
    path = tmp_path / "cut.csv"
    path.write_bytes(data[: data.index("中".encode()) + 1])
    (problem,) = _refused(city, lambda p: import_answers(city, mini_catalog, p), path)
    assert problem == (
        "the file ends in the middle of a character (file line 2). The UTF-8 file may be"
        " cut off: import the original file again"
    )


def test_a_real_cp932_file_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "cp932.csv"
    path.write_bytes("code,name\n120,情報政策課\n".encode("cp932"))
    assert read_rows(path, ["code", "name"]) == [{"code": "120", "name": "情報政策課"}]


def test_a_short_people_row_leaves_the_staff_type_and_organization_alone(
    city: Repository, tmp_path: Path
) -> None:
    head = "staff_number,name,organization,staff_type,status\n"
    import_people(city, _write(tmp_path, head + "T1,臨時 一郎,GEN,temporary,active\n", "a.csv"))
    problems = _refused(
        city, lambda p: import_people(city, p), _write(tmp_path, head + "T1,臨時 一郎\n")
    )
    assert len(problems) == 1
    assert "only 2 of 5 columns (missing: organization, staff_type, status" in problems[0]
    (person,) = [p for p in city.people() if p.staff_number == "T1"]
    assert person.staff_type.value == "temporary" and person.organization_id is not None


def test_a_short_organization_row_keeps_its_tags(city: Repository, tmp_path: Path) -> None:
    text = "code,name,parent,tags\nGEN,総務課,D1\n"
    (problem,) = _refused(city, lambda p: import_organizations(city, p), _write(tmp_path, text))
    assert problem.startswith("row 2:") and "(missing: tags;" in problem
    gen = city.find_organization("GEN")
    assert gen is not None and gen.tags == {"employs_temporary"}


def test_a_file_ending_just_after_a_comma_is_refused(city: Repository, tmp_path: Path) -> None:
    text = "code,name,parent,tags\nGEN,総務課,D1,"
    (problem,) = _refused(city, lambda p: import_organizations(city, p), _write(tmp_path, text))
    assert "ends just after a comma" in problem


def test_problems_are_listed_up_to_the_limit_and_all_counted(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    rows = "".join("999,,,mini,c1,遵守,,,\n" for _ in range(LISTED + 150))
    path = _write(tmp_path, HEADER + "\n" + rows)
    with pytest.raises(CsvProblems) as info:
        import_answers(city, mini_catalog, path)
    assert len(info.value.problems) == LISTED
    assert info.value.total == LISTED + 150
    assert [p.row for p in info.value.problems] == list(range(2, LISTED + 2))


@pytest.mark.parametrize(
    "given",
    ["令和7年6月1日 10:00", "R7.6.1 10:00", "２０２５－０６－０１　１０：００", "2025/6/1 10:00"],
)
def test_answered_at_is_read_as_the_other_dates_are(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path, given: str
) -> None:
    import_answers(
        city, mini_catalog, _write(tmp_path, f"{HEADER}\nGEN,,,mini,c1,遵守,,,{given}\n")
    )
    gen = city.find_organization("GEN")
    assert gen is not None
    (session,) = city.sessions(organization_id=gen.id)
    answered = city.answers(session.id)["c1"].answered_at
    assert answered == datetime(2025, 6, 1, 10, 0, tzinfo=JST)


def test_a_tab_typed_before_a_note_is_kept_and_round_trips(
    city: Repository, mini_catalog: ChecklistCatalog, tmp_path: Path
) -> None:
    text = f'{HEADER}\nGEN,,,mini,c1,遵守,,"\t=1",\nGEN,,,mini,c2,遵守,, 　空白　 ,\n'
    import_answers(city, mini_catalog, _write(tmp_path, text))
    assert _notes(city) == {"c1": "\t=1", "c2": "空白"}
    exported = export_answers(city, mini_catalog)
    assert ",'\t=1," in exported  # our own escape: never a formula in Excel
    before = dump(city)
    report = import_answers(city, mini_catalog, _write(tmp_path, exported, "again.csv"))
    assert report.counts.answers_updated == 0 and dump(city) == before

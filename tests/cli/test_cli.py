"""The command line, driven as a user would, against real files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.i18n import Translator

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--lang", "en", *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_validate_good_and_bad_files(tmp_path: Path) -> None:
    code, out, _ = run("checklists", "validate", str(FIXTURES / "mini.yaml"))
    assert code == 0 and "1 checklist file(s) valid" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        (FIXTURES / "mini.yaml")
        .read_text(encoding="utf-8")
        .replace("answer: text", "answer: essay"),
        encoding="utf-8",
    )
    code, out, err = run("checklists", "validate", str(bad))
    assert code == 1
    assert f"{bad}:" in err and "[item tx]" in err and "unknown answer type" in err
    assert "Traceback" not in err


def test_validate_missing_file(tmp_path: Path) -> None:
    code, _, err = run("checklists", "validate", str(tmp_path / "none.yaml"))
    assert code == 1 and "file not found" in err


def test_list_and_show_json_use_the_yaml_keys(tmp_path: Path) -> None:
    code, out, _ = run("--db", str(tmp_path / "x.db"), "checklists", "list", "--json")
    assert code == 0
    listed = {c["id"]: c for c in json.loads(out)}
    assert len(listed["juki-department"]["items"]) == 57
    assert listed["juki-operator"]["unit"] == "respondent"
    hearing = listed["id-password-hearing"]
    assert {"id": "let-another-act", "items": ["q2", "q4"]}.items() <= next(
        u for u in hearing["unions"] if u["id"] == "let-another-act"
    ).items()
    follow_up = next(i for i in hearing["items"] if i["id"] == "q1-system")
    assert follow_up["depends_on"] == {"item": "q1", "answer": "yes"}
    code, out, _ = run("checklists", "show", "juki-department", "--json")
    shown = json.loads(out)
    assert {"id", "title", "version", "unit", "sections", "items", "distribution", "unions"} <= set(
        shown
    )
    assert shown["distribution"] == [0, 1, 3, 6]
    assert all({"id", "text", "answer"} <= set(item) for item in shown["items"])


def test_show_unknown_checklist() -> None:
    code, _, err = run("checklists", "show", "nope")
    assert code == 1 and "unknown checklist 'nope'" in err


def test_a_broken_office_checklist_stops_with_a_message(
    tmp_path: Path, monkeypatch: object
) -> None:
    import pytest

    office = tmp_path / "office"
    office.mkdir()
    (office / "x.yaml").write_text("id: [", encoding="utf-8")
    mp = pytest.MonkeyPatch()
    mp.setenv("INSPECTOR_CHECKLIST_DIRS", json.dumps([str(office)]))
    try:
        code, _, err = run("checklists", "list")
    finally:
        mp.undo()
    assert code == 1 and "office/x.yaml:" in err and "malformed YAML" in err


def test_rosters_import_and_list(tmp_path: Path, db_arg: str) -> None:
    db = db_arg
    orgs = tmp_path / "orgs.csv"
    orgs.write_text(
        "code,name,parent,tags\n100,総務部,,\n110,総務課,100,handles_personal_data employs_temporary\n",
        encoding="utf-8",
    )
    people = tmp_path / "people.csv"
    people.write_text(
        "staff_number,name,organization,staff_type,status\n"
        "S1,佐藤 花子,総務課,職員,active\nS2,鈴木 一郎,110,派遣労働者,退職\n",
        encoding="cp932",
    )
    assert run("--db", db, "orgs", "import", str(orgs))[0] == 0
    code, out, _ = run("--db", db, "people", "import", str(people))
    assert code == 0 and "2 added" in out
    code, out, _ = run("--db", db, "orgs", "list", "--json")
    assert json.loads(out)[1] == {
        "code": "110",
        "name": "総務課",
        "parent": "100",
        "tags": ["employs_temporary", "handles_personal_data"],
    }
    code, out, _ = run("--db", db, "people", "list", "--json")
    assert [(p["staff_number"], p["staff_type"], p["status"]) for p in json.loads(out)] == [
        ("S1", "regular", "active"),
        ("S2", "dispatched", "retired"),
    ]
    code, out, _ = run("--db", db, "people", "list")
    assert "佐藤 花子" in out


def test_people_import_bad_rows_exit_nonzero_and_write_nothing(tmp_path: Path, db_arg: str) -> None:
    db = db_arg
    people = tmp_path / "people.csv"
    people.write_text(
        "staff_number,name,organization,staff_type,status\nS1,佐藤,NOWHERE,職員,active\nS2,鈴木,,intern,active\n",
        encoding="utf-8",
    )
    code, _, err = run("--db", db, "people", "import", str(people))
    assert code == 1
    assert (
        "row 2: unknown organization 'NOWHERE'" in err
        and "row 3: unknown staff type 'intern'" in err
    )
    assert "nothing was written" in err
    if "://" in db:
        assert json.loads(run("--db", db, "people", "list", "--json")[1]) == []
    else:  # the refused import made no database file (hunt10 M4)
        assert not Path(db).exists()


def test_import_and_export_csv_through_the_cli(tmp_path: Path, db_arg: str) -> None:
    db = db_arg
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("code,name,parent,tags\n210,市民課,,\n", encoding="utf-8")
    run("--db", db, "orgs", "import", str(orgs))
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "\ufefforganization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"
        "市民課,,,juki-department,d-01,遵守,,,2025-03-31T09:00:00+09:00\n"
        "市民課,,,juki-department,d-02,×,,机上に放置,2025-03-31T09:01:00+09:00\n",
        encoding="utf-8",
    )
    code, out, _ = run("--db", db, "import-csv", str(answers))
    assert code == 0 and "1 session(s) added, 2 answer(s) added" in out
    code, out, _ = run("--db", db, "import-csv", str(answers))
    assert "0 answer(s) added, 0 updated, 2 unchanged" in out
    code, out, _ = run("--db", db, "export-csv", "--checklist", "juki-department")
    assert out.splitlines()[2].startswith("210,,,juki-department,d-02,noncompliant,,机上に放置,")
    code, out, _ = run("--db", db, "sessions", "list", "--json")
    (session,) = json.loads(out)
    assert (
        session["answered"] == 2
        and session["noncompliant"] == 1
        and session["status"] == "completed"
    )


def test_import_csv_with_bad_rows(tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n市民課,,,juki-department,d-01,遵守,,,\n",
        encoding="utf-8",
    )
    code, _, err = run("--db", str(tmp_path / "c.db"), "import-csv", str(answers))
    assert code == 1 and "row 2: unknown organization '市民課' (use --create-missing" in err


def test_demo_builds_a_populated_database(tmp_path: Path) -> None:
    db = str(tmp_path / "demo.db")
    code, out, _ = run("demo", "--db", db)
    assert code == 0 and "みどり市" in out
    sessions = json.loads(run("--db", db, "sessions", "list", "--json")[1])
    assert len(sessions) >= 10
    assert {s["checklist"] for s in sessions} >= {"juki-department", "juki-operator"}
    assert any(s["noncompliant"] for s in sessions)
    people = json.loads(run("--db", db, "people", "list", "--json")[1])
    assert {p["staff_type"] for p in people} == {"regular", "part_time", "temporary", "dispatched"}
    code, out, _ = run("demo", "--db", db)
    assert code == 0 and "already has data" in out


def test_unwritable_database_is_a_message(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run("--db", str(blocker / "sub" / "x.db"), "orgs", "list")
    assert code == 1 and "error:" in err and "Traceback" not in err


def test_office_folder_adds_and_replaces_checklists(tmp_path: Path) -> None:
    office = tmp_path / "office"
    office.mkdir()
    text = (FIXTURES / "mini.yaml").read_text(encoding="utf-8")
    (office / "mini.yaml").write_text(text, encoding="utf-8")
    (office / "juki-operator.yaml").write_text(
        text.replace("id: mini\n", "id: juki-operator\n").replace(
            'version: "1.0"', 'version: "office-2"'
        ),
        encoding="utf-8",
    )
    code, out, _ = run("--checklist-dir", str(office), "checklists", "list", "--json")
    listed = {c["id"]: c for c in json.loads(out)}
    assert code == 0
    assert "mini" in listed and "juki-department" in listed
    assert listed["juki-operator"]["version"] == "office-2"


def test_every_subcommand_loads_and_has_help() -> None:
    from inspector.cli.main import COMMANDS

    for name in COMMANDS:
        code, out, _ = run(name, "--help")
        assert code == 0 and "Usage:" in out, name


def test_the_first_screen_imports_nothing_it_does_not_draw() -> None:
    """Until the home screen is drawn, only Textual, click and the standard library are
    loaded: the store, PDF and crypto stacks, pydantic (the checklist models) and PyYAML
    load after the first frame (issue #3's start-up goal; bench/bench_tui.py)."""
    import subprocess
    import sys

    heavy = ("sqlalchemy", "sqlmodel", "alembic", "reportlab", "pyhanko", "pydantic", "yaml")
    code = (
        "import sys, inspector.cli.main, inspector.tui.app, inspector.tui.screens.home; "
        "from inspector.config import load_settings; from inspector.context import AppContext; "
        "AppContext(load_settings()).t('tui.app.title'); "
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_a_broken_config_file_is_a_message_not_a_traceback(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    config.write_text('lang = "en\n', encoding="utf-8")
    # no --lang: the broken file is the language's own source (Japanese, the default)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "orgs", "list"])
    code, err = result.exit_code, result.stderr
    assert code == 1 and f"エラー: {config}: TOML として正しくありません" in err
    assert "Traceback" not in err
    config.write_text('lang = "fr"\n', encoding="utf-8")
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db")])  # no interface
    code, err = result.exit_code, result.stderr
    assert code == 1 and f"エラー: {config}: lang: " in err
    assert not (tmp_path / "x.db").exists()


def test_import_csv_refuses_an_unknown_column_and_writes_nothing(
    tmp_path: Path, db_arg: str
) -> None:
    db = db_arg
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("code,name,parent,tags\n210,市民課,,\n", encoding="utf-8")
    run("--db", db, "orgs", "import", str(orgs))
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "organization,respondent,staff_type,checklist,item,anwser,reason,note,answered_at\n"
        "市民課,,,juki-department,d-01,遵守,,,\n",
        encoding="utf-8",
    )
    code, _, err = run("--db", db, "import-csv", str(answers))
    assert code == 1 and "Traceback" not in err
    assert "row 1: missing column(s): answer " in err
    assert "row 1: unknown column 'anwser' (did you mean 'answer'?)" in err
    assert "nothing was written" in err
    assert json.loads(run("--db", db, "sessions", "list", "--json")[1]) == []


def test_import_csv_reports_people_created_without_organizations(
    tmp_path: Path, db_arg: str
) -> None:
    db = db_arg
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("code,name,parent,tags\n210,市民課,,\n", encoding="utf-8")
    run("--db", db, "orgs", "import", str(orgs))
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"
        "210,S1,part_time,juki-operator,o-01,遵守,,,\n",
        encoding="utf-8",
    )
    code, out, _ = run("--db", db, "import-csv", "--create-missing", str(answers))
    first, *rest = out.splitlines()
    assert code == 0 and first.endswith("0 unchanged; created 1 person(s)")
    assert rest == [Translator("en")("imports16.undated", count=1)]  # the row gave no time


def test_db_in_a_folder_that_does_not_exist_is_an_error(tmp_path: Path) -> None:
    """A mistyped --db must not leave a new folder with an empty database behind."""
    missing = tmp_path / "typo"
    answers = tmp_path / "answers.csv"
    answers.write_text(
        "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n",
        encoding="utf-8",
    )
    for args in (["orgs", "list"], ["import-csv", str(answers)], ["db", "info"], []):
        code, _, err = run("--db", str(missing / "x.db"), *args)
        assert code == 1, args
        assert f"folder does not exist: {missing}" in err and "Traceback" not in err
        assert not missing.exists()


def test_the_default_database_folder_is_made_on_first_use(tmp_path: Path) -> None:
    from inspector.config import default_data_dir

    assert not default_data_dir().exists()  # the isolated XDG_DATA_HOME of the test
    code, out, _ = run("orgs", "list", "--json")
    assert code == 0 and json.loads(out) == []
    assert (default_data_dir() / "inspector.db").is_file()


def test_demo_may_make_the_folder_of_its_new_database(tmp_path: Path) -> None:
    db = tmp_path / "new" / "demo.db"
    code, out, _ = run("demo", "--db", str(db))
    assert code == 0 and "みどり市" in out and db.is_file()


def test_roster_imports_keep_what_the_file_does_not_say_and_count_what_changed(
    tmp_path: Path,
    db_arg: str,
) -> None:
    db = db_arg
    orgs = tmp_path / "orgs.csv"
    orgs.write_text(
        "code,name,parent,tags\n100,総務部,,\n200,市民部,,\n210,市民課,200,juki\n",
        encoding="utf-8",
    )
    people = tmp_path / "people.csv"
    people.write_text(
        "staff_number,name,organization,staff_type,status\nS1,退職 節子,210,派遣労働者,退職\n",
        encoding="utf-8",
    )
    assert run("--db", db, "orgs", "import", str(orgs))[0] == 0
    assert run("--db", db, "people", "import", str(people))[0] == 0

    def stored_people() -> list[tuple[str, str]]:
        out = run("--db", db, "people", "list", "--json")[1]
        return [(p["staff_type"], p["status"]) for p in json.loads(out)]

    # a misspelt status is not an HR column to leave out
    misspelt = tmp_path / "misspelt.csv"
    misspelt.write_text(
        "staff_number,name,organization,staff_type,statsu,dept_phone\n"
        "S1,退職 節子,210,regular,retired,123\n",
        encoding="utf-8",
    )
    code, _, err = run("--db", db, "people", "import", "--ignore-extra-columns", str(misspelt))
    assert code == 1 and "did you mean 'status'?" in err
    assert stored_people() == [("dispatched", "retired")]

    # no staff_type/status columns: the stored ones stay
    short = tmp_path / "short.csv"
    short.write_text("staff_number,name,organization\nS1,退職 節子,100\n", encoding="utf-8")
    code, out, _ = run("--db", db, "people", "import", str(short))
    assert code == 0 and "0 added, 1 updated, 0 unchanged" in out
    assert stored_people() == [("dispatched", "retired")]

    # no parent/tags columns: the stored ones stay
    names = tmp_path / "names.csv"
    names.write_text("code,name\n210,市民課\n", encoding="utf-8")
    code, out, _ = run("--db", db, "orgs", "import", str(names))
    assert code == 0 and "0 added, 0 updated, 1 unchanged" in out
    listed = {o["code"]: o for o in json.loads(run("--db", db, "orgs", "list", "--json")[1])}
    assert (listed["210"]["parent"], listed["210"]["tags"]) == ("200", ["juki"])

    # a new parent alone is a change
    moved = tmp_path / "moved.csv"
    moved.write_text("code,name,parent,tags\n210,市民課,100,juki\n", encoding="utf-8")
    code, out, _ = run("--db", db, "orgs", "import", str(moved))
    assert code == 0 and "0 added, 1 updated, 0 unchanged" in out
    listed = {o["code"]: o for o in json.loads(run("--db", db, "orgs", "list", "--json")[1])}
    assert listed["210"]["parent"] == "100"


def test_a_checklist_folder_that_does_not_exist_is_reported(tmp_path: Path) -> None:
    missing = tmp_path / "offcie-checklists"
    code, _, err = run(
        "--db", str(tmp_path / "x.db"), "--checklist-dir", str(missing), "checklists", "list"
    )
    assert code == 1 and f"error: {missing}: checklist folder not found" in err

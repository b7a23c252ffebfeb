"""`inspector cards|layout|backup|forms`, driven as a user would, against real files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from inspector.cli.main import cli
from inspector.demo_site import demo_layout
from inspector.domain.model import Role, SessionKind
from inspector.store.database import open_database
from inspector.store.repositories.site import SiteRepository
from inspector.store.repository import Repository

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def _roster(tmp_path: Path, db: str) -> None:
    orgs = tmp_path / "orgs.csv"
    orgs.write_text("code,name,parent,tags\n210,市民課,,\n", encoding="utf-8")
    people = tmp_path / "people.csv"
    people.write_text(
        "staff_number,name,organization,staff_type,status\n"
        "S1,在職 一郎,210,regular,active\n"
        "S2,退職 二郎,210,regular,retired\n"
        "S3,休職 三子,210,regular,on_leave\n"
        "S4,異動 四郎,210,regular,transferred\n"
        "S5,窓口 五郎,210,regular,active\n",
        encoding="utf-8",
    )
    assert run("--db", db, "orgs", "import", str(orgs))[0] == 0
    assert run("--db", db, "people", "import", str(people))[0] == 0


def test_cards_import_and_reconcile_every_kind(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    _roster(tmp_path, db)
    cards = tmp_path / "cards.csv"
    cards.write_text(
        "organization,number,kind,use,holder,group,members,issued,note\n"
        "210,OP-01,operator,personal,S1,,,2025-04-01,\n"
        "210,OP-02,操作者,個人貸与,S2,,,2025-04-01,\n"
        "210,OP-03,operator,personal,S3,,,2025-04-01,\n"
        "210,OP-04,operator,personal,S4,,,2025-04-01,\n"
        "210,OP-05,operator,personal,,,,2025-04-01,holder unknown\n"
        "210,G-01,operator,group,,窓口班,S5,2025-04-01,\n"
        "210,SR-01,server_room,personal,S1,,,2025-04-01,\n",
        encoding="utf-8",
    )
    code, out, err = run("--db", db, "cards", "import", str(cards))
    assert code == 0, err
    assert "7 added" in out
    usage = tmp_path / "usage.csv"
    usage.write_text(
        "organization,card,used_at,staff_number,name,purpose\n"
        "210,G-01,2025-05-20 10:00,,応援 花子,繁忙期\n",
        encoding="utf-8",
    )
    assert run("--db", db, "cards", "import-usage", str(usage))[0] == 0
    code, out, _ = run(
        "--db", db, "cards", "reconcile", "--organization", "210", "--date", "2025-06-01", "--json"
    )
    assert code == 0
    report = json.loads(out)
    kinds = sorted((m["kind"], m["card"]) for m in report["mismatches"])
    assert kinds == [
        ("holder_on_leave", "OP-03"),
        ("holder_retired", "OP-02"),
        ("holder_transferred", "OP-04"),
        ("no_holder", "OP-05"),
        ("usage_by_non_member", "G-01"),
    ]
    code, out, _ = run(
        "--db", db, "cards", "reconcile", "--organization", "210", "--date", "2025-12-01"
    )
    assert code == 0
    assert "退職者（退職 二郎）" in out
    assert "group_card_unused" in out  # the one usage line is older than 90 days by then


def test_cards_import_is_all_or_nothing_with_row_numbers(tmp_path: Path) -> None:
    db = str(tmp_path / "c.db")
    _roster(tmp_path, db)
    cards = tmp_path / "bad.csv"
    cards.write_text(
        "organization,number,kind,use,holder\n"
        "210,OP-01,operator,personal,S1\n"
        "999,OP-02,operator,personal,S1\n"
        "210,OP-03,sofa,personal,S9\n",
        encoding="utf-8",
    )
    code, _, err = run("--db", db, "cards", "import", str(cards))
    assert code == 1
    assert "row 3: unknown organization '999'" in err
    assert "row 4: unknown kind 'sofa'" in err
    assert "nothing was written" in err
    code, out, _ = run("--db", db, "cards", "list", "--organization", "210", "--json")
    assert json.loads(out) == []


def test_layout_show_renders_grid_and_rules(tmp_path: Path) -> None:
    db = tmp_path / "l.db"
    engine = open_database(f"sqlite:///{db}")
    repo = Repository(engine)
    from inspector.domain.catalog import ChecklistCatalog
    from inspector.domain.checklist_loader import load_checklist
    from inspector.store.repository import OrganizationInput

    repo.upsert_organizations([OrganizationInput("120", "情報政策課")])
    checklist = ChecklistCatalog([load_checklist(FIXTURES / "mini.yaml")]).get("mini")
    org = repo.find_organization("120")
    assert org is not None
    session = repo.start_session(
        checklist,
        org.id,
        role=Role.INSPECTOR,
        kind=SessionKind.INSPECTION,
        session_date=date(2025, 6, 1),
    )
    SiteRepository(engine).save_layout(session.id, demo_layout(), "tester")
    engine.dispose()
    code, out, _ = run("--db", str(db), "layout", "show", "--session", str(session.id))
    assert code == 0
    assert "本庁舎 サーバ室" in out
    assert "  3 . . RvRvR!R!. P!" in out
    assert "[NG] 保管箱と鍵の分離" in out and "(H8, I8)" in out
    code, out, _ = run(
        "--db", str(db), "--lang", "en", "layout", "show", "--session", str(session.id), "--json"
    )
    rules = {r["rule"]: r for r in json.loads(out)["rules"]}
    assert not rules["entrances_controlled"]["ok"] and rules["entrances_controlled"]["cells"] == [
        "K7"
    ]
    code, _, err = run("--db", str(db), "layout", "show", "--session", "999")
    assert code == 1 and err.startswith("error:")


def test_forms_print_writes_a_pdf_and_prints_its_path(tmp_path: Path) -> None:
    target = tmp_path / "ledger.pdf"
    code, out, _ = run(
        "--db", str(tmp_path / "f.db"), "forms", "print", "card-ledger", "-o", str(target)
    )
    assert code == 0
    assert out.strip() == str(target.resolve())
    text = PdfReader(str(target)).pages[0].extract_text()
    assert "カード管理台帳" in text and "確認印" in text
    code, _, err = run("--db", str(tmp_path / "f.db"), "forms", "print", "nonsense")
    assert code == 1 and "card-ledger" in err

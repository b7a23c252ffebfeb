"""`inspector cards|layout|backup|forms`, driven as a user would, against real files."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from click.testing import CliRunner
from pypdf import PdfReader

from inspector.cli.main import cli
from inspector.demo.site import demo_layout
from inspector.domain.backup import StorageKind
from inspector.domain.layout import CellKind, Direction, Layout
from inspector.domain.model import Role, SessionKind
from inspector.store.database import open_database
from inspector.store.repositories.site import SiteRepository
from inspector.store.repository import Repository
from tests.db_rows import database_url_of

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


def test_cards_import_and_reconcile_every_kind(tmp_path: Path, db_arg: str) -> None:
    db = db_arg
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
    assert "7 件を追加しました" in out
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
    assert "グループカードの利用なし" in out  # the one usage line is older than 90 days by then


def test_cards_import_is_all_or_nothing_with_row_numbers(tmp_path: Path, db_arg: str) -> None:
    db = db_arg
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
    assert "3 行目: 組織「999」は登録されていません" in err
    assert "4 行目: 種類「sofa」は使えません" in err
    assert "何も書き込みませんでした" in err
    code, out, _ = run("--db", db, "cards", "list", "--organization", "210", "--json")
    assert json.loads(out) == []


def _session_with_layout(db: Path | str, layout: Layout) -> int:
    engine = open_database(database_url_of(str(db)))
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
    SiteRepository(engine).save_layout(session.id, layout, "tester")
    engine.dispose()
    return session.id


def test_layout_show_renders_grid_and_rules(db_arg: str) -> None:
    db = db_arg
    session_id = _session_with_layout(db, demo_layout())
    code, out, _ = run("--db", str(db), "layout", "show", "--session", str(session_id))
    assert code == 0  # every rule judged (all five broken: results, not errors)
    assert "本庁舎 サーバ室" in out
    assert "  3 . . RvRvR!R!. P!" in out
    assert "[NG] 保管箱と鍵の分離" in out and "(H8, I8)" in out
    assert "点検ルール: 適合 0・不適合 5・未確認 0" in out
    code, out, _ = run(
        "--db", str(db), "--lang", "en", "layout", "show", "--session", str(session_id), "--json"
    )
    assert code == 0
    rules = {r["rule"]: r for r in json.loads(out)["rules"]}
    assert not rules["entrances_controlled"]["ok"] and rules["entrances_controlled"]["cells"] == [
        "K7"
    ]
    code, _, err = run("--db", str(db), "layout", "show", "--session", "999")
    assert code == 1 and err.startswith("エラー: 見つかりません")


def test_layout_show_says_which_rules_could_not_be_checked(tmp_path: Path) -> None:
    # racks with a free exhaust, nothing else: no door, no backup box, no key cabinet
    room = Layout("別館 サーバ室", 6, 4).place((0, 0), CellKind.RACK, Direction.S)
    db = tmp_path / "n.db"
    session_id = _session_with_layout(db, room)
    code, out, _ = run("--db", str(db), "layout", "show", "--session", str(session_id))
    assert code == 3  # complete output, but not every rule could be judged
    assert "[ok] 人・プリンタとサーバの分離" in out
    assert "[??] サーバ区域の入退室管理: 未確認: 扉が配置されていない" in out
    assert "[??] 保管箱と鍵の分離: 未確認: バックアップ保管箱も鍵の保管場所も" in out
    assert "[ok] サーバ区域の入退室管理" not in out and "[ok] 保管箱と鍵の分離" not in out
    assert "点検ルール: 適合 3・不適合 0・未確認 2" in out
    code, out, _ = run(
        "--db", str(db), "--lang", "en", "layout", "show", "--session", str(session_id), "--json"
    )
    assert code == 3
    data = json.loads(out)
    rules = {r["rule"]: r for r in data["rules"]}
    assert rules["entrances_controlled"]["state"] == "not_checked"
    assert rules["entrances_controlled"]["ok"] is False
    assert rules["entrances_controlled"]["reason"] == "no_door"
    assert rules["entrances_controlled"]["message"].startswith("Not checked: no door")
    assert rules["exhaust_clear"] | {"cells": []} == {
        "rule": "exhaust_clear",
        "state": "passed",
        "ok": True,
        "reason": None,
        "message": "No rack's exhaust side is blocked",
        "cells": [],
    }
    assert data["counts"] == {"passed": 3, "broken": 0, "not_checked": 2}
    # placing the door and the key apart from the box: every rule judged, exit 0
    room = room.place((5, 2), CellKind.DOOR_CONTROLLED)
    room = room.place((0, 3), CellKind.BACKUP_BOX).place((5, 0), CellKind.KEY_CABINET)
    db2 = tmp_path / "n2.db"
    session_id = _session_with_layout(db2, room)
    code, out, _ = run("--db", str(db2), "layout", "show", "--session", str(session_id))
    assert code == 0
    assert "[??]" not in out and "未確認 0" in out


def _register(tmp_path: Path, db: str) -> tuple[str, SiteRepository, int]:
    _roster(tmp_path, db)
    engine = open_database(database_url_of(db))
    org = Repository(engine).find_organization("210")
    assert org is not None
    return db, SiteRepository(engine), org.id


def test_backup_check_an_empty_register_is_not_checked_not_ok(tmp_path: Path, db_arg: str) -> None:
    db, _site, _org = _register(tmp_path, db_arg)
    code, out, _ = run("--db", db, "backup", "check", "--organization", "210")
    assert code == 3
    assert out.count("[??]") == 4 and "[ok]" not in out
    assert "未確認: 台帳に保管箱・金庫が登録されていません" in out
    assert "すべてのルールに適合" not in out
    assert "ルール: 適合 0・不適合 0・未確認 4" in out
    code, out, _ = run("--db", db, "--lang", "en", "backup", "check", "--organization", "210")
    assert code == 3 and "Not checked: no box or safe is in the register" in out
    code, out, _ = run("--db", db, "backup", "check", "--organization", "210", "--json")
    assert code == 3
    data = json.loads(out)
    assert (data["storages"], data["issues"]) == (0, [])
    assert {(r["state"], r["reason"]) for r in data["rules"]} == {("not_checked", "no_storage")}


def test_backup_check_judges_what_the_register_holds(tmp_path: Path, db_arg: str) -> None:
    db, site, org = _register(tmp_path, db_arg)
    box = site.add_storage(
        org,
        name="保管箱A",
        kind=StorageKind.BOX,
        box_location="サーバ室",
        key_location="総務課 キーボックス",
        actor="tester",
    )
    code, out, _ = run("--db", db, "backup", "check", "--organization", "210")
    assert code == 3  # the box is kept right, but no transport was recorded
    assert "[ok] バックアップ保管箱の鍵の保管" in out
    assert out.count("[??]") == 3 and "未確認: 運搬の記録がありません" in out
    site.add_transport(
        box.id,
        transport_date=date(2025, 6, 2),
        from_place="サーバ室",
        to_place="別館 金庫",
        carrier="山田",
        box_locked=True,
        key_separate=False,
        receiver="佐藤",
        actor="tester",
    )
    code, out, _ = run("--db", db, "backup", "check", "--organization", "210")
    assert code == 0  # every rule judged; one broken
    assert "[NG] バックアップ媒体の運搬（鍵の分離）" in out
    assert "保管箱A: 2025-06-02 の運搬" in out
    assert "[??]" not in out and "ルール: 適合 3・不適合 1・未確認 0" in out
    code, out, _ = run("--db", db, "backup", "check", "--organization", "210", "--json")
    assert code == 0
    data = json.loads(out)
    assert [r["state"] for r in data["rules"]] == ["passed", "passed", "broken", "passed"]
    assert [i["rule"] for i in data["issues"]] == ["transport_key_separate"]


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


def test_card_imports_refuse_unknown_columns_unless_told_to_leave_them_out(
    tmp_path: Path, db_arg: str
) -> None:
    """A misspelt `use` column would make a group card personal: the file is refused with
    the option that leaves other columns out named; with it, the others are left out and
    named on standard error. The same for the usage log and the roster imports."""
    db = db_arg
    _roster(tmp_path, db)
    cards = tmp_path / "cards.csv"
    cards.write_text(
        "organization,number,kind,usage,group,members,issued,台帳番号\n"
        "210,G-01,operator,group,窓口班,S5,2025-04-01,17\n",
        encoding="utf-8",
    )
    code, _, err = run("--db", db, "cards", "import", str(cards))
    assert code == 1
    assert "列「usage」は使えません（「use」の誤りではありませんか）" in err
    assert "列「台帳番号」は使えません" in err
    assert "--ignore-extra-columns" in err and "何も書き込みませんでした" in err
    code, out, _ = run("--db", db, "cards", "list", "--organization", "210", "--json")
    assert json.loads(out) == []

    cards.write_text(
        "organization,number,kind,use,group,members,issued,台帳番号\n"
        "210,G-01,operator,group,窓口班,S5,2025-04-01,17\n",
        encoding="utf-8",
    )
    code, out, err = run("--db", db, "cards", "import", str(cards), "--ignore-extra-columns")
    assert code == 0, err
    assert "1 件を追加しました" in out and "読み込まなかった列: 台帳番号" in err
    code, out, _ = run("--db", db, "cards", "list", "--organization", "210", "--json")
    assert [(c["number"], c["use"]) for c in json.loads(out)] == [("G-01", "group")]

    usage = tmp_path / "usage.csv"
    usage.write_text(
        "organization,card,used_at,staff_number,purpose,端末名\n"
        "210,G-01,2025-05-20 10:00,S5,窓口,PC-3\n",
        encoding="utf-8",
    )
    code, _, err = run("--db", db, "cards", "import-usage", str(usage))
    assert code == 1 and "列「端末名」は使えません" in err and "--ignore-extra-columns" in err
    code, out, err = run("--db", db, "cards", "import-usage", str(usage), "--ignore-extra-columns")
    assert code == 0, err
    assert "1 件を追加しました" in out and "読み込まなかった列: 端末名" in err

    people = tmp_path / "hr.csv"
    people.write_text(
        "staff_number,name,organization,staff_type,statsu\nS6,退職 六郎,210,regular,retired\n",
        encoding="utf-8",
    )
    code, _, err = run("--db", db, "people", "import", str(people))
    assert code == 1
    assert "列「statsu」は使えません（「status」の誤りではありませんか）" in err
    assert "--ignore-extra-columns" in err
    code, out, _ = run("--db", db, "people", "list", "--json")
    assert "S6" not in {p["staff_number"] for p in json.loads(out)}
    orgs = tmp_path / "orgs2.csv"
    orgs.write_text("code,name,parent,tags,所属長\n220,税務課,,,税務 太郎\n", encoding="utf-8")
    code, _, err = run("--db", db, "orgs", "import", str(orgs))
    assert code == 1 and "列「所属長」は使えません" in err
    code, out, err = run("--db", db, "orgs", "import", str(orgs), "--ignore-extra-columns")
    assert code == 0 and "追加 1 件" in out and "読み込まなかった列: 所属長" in err

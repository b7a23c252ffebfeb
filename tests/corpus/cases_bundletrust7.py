"""Bundles that would change what the office already has (hunt7 H1, H2, M1, M3, L1, L3),
crafted with the project's own API and a valid key, as the tester did: a self-check that
takes the uid of a visit, a finding carried with another organization than its visit's,
a finding of 監査 太郎's visit withdrawn in a bundle signed by another inspector, bundles
signed with the office's document key, a header time moved ahead, a missing file. Each
refused with what and where, the database unchanged."""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import PASSPHRASE, run_inspector

VISIT = 1  # the demo's visit to 210 by 監査 太郎
SELF_CHECK = 4  # the demo's open self-check of 110
FINDING = 2  # a finding of that visit
OTHER = "悪意 次郎"
CLERK = "事務 花子"


def _uid(places: Placeholders, table: str, row: int) -> str:
    conn = sqlite3.connect(places["db"])
    try:
        return str(conn.execute(f"select uid from {table} where id = ?", (row,)).fetchone()[0])
    finally:
        conn.close()


def _crafted(
    organization: str, change: Callable[[dict[str, Any], Placeholders], None], signer: str
) -> Callable[[Placeholders], None]:
    """Setup: the demo's rows of `organization` as a bundle, changed by `change` and
    sealed with `signer`'s key for the office, in {tmp}/c.bundle."""

    def setup(places: Placeholders) -> None:
        from inspector.exchange.bundle import collect, load_encryption_cert, load_signer, seal
        from inspector.store.database import open_database

        if signer != "監査 太郎":
            role = ["--role", "office"] if signer == CLERK else []
            run_inspector(places, "keys", "issue", signer, "--organization", "130", *role)
        laptop = Path(places["tmp"]) / "laptop.db"
        shutil.copyfile(places["db"], laptop)
        engine = open_database(f"sqlite:///{laptop}")
        try:
            payload = collect(engine, organization)
        finally:
            engine.dispose()
        laptop.unlink()
        change(payload, places)
        keys = Path(places["keys"])
        ident = load_signer(keys, signer, PASSPHRASE.encode())
        data = seal(payload, ident.key, ident.certificate, load_encryption_cert(keys))
        (Path(places["tmp"]) / "c.bundle").write_bytes(data)

    return setup


def _self_check_on_the_visit(payload: dict[str, Any], places: Placeholders) -> None:
    visit, own = (
        _uid(places, "inspection_session", VISIT),
        _uid(places, "inspection_session", SELF_CHECK),
    )
    tables = payload["tables"]
    tables["inspection_session"] = [r for r in tables["inspection_session"] if r["uid"] == own]
    tables["inspection_session"][0]["uid"] = visit
    for rows in tables.values():  # only the self-check's rows, now on the visit's uid
        rows[:] = [r for r in rows if "session_id" not in r or r["session_id"] == own]
        for r in rows:
            if "session_id" in r:
                r["session_id"] = visit
    for name in ("finding", "finding_change", "improvement_plan", "improvement_plan_change"):
        tables[name] = []
    tables["measure_entry"] = []


def _finding_of_another_organization(payload: dict[str, Any], places: Placeholders) -> None:
    uid = _uid(places, "finding", FINDING)
    (finding,) = [r for r in payload["tables"]["finding"] if r["uid"] == uid]
    finding["organization_id"] = "220"


def _withdrawn_by_another(payload: dict[str, Any], places: Placeholders) -> None:
    uid = _uid(places, "finding", FINDING)
    (finding,) = [r for r in payload["tables"]["finding"] if r["uid"] == uid]
    finding["withdrawn_at"] = "2026-01-05T01:02:03+00:00"
    finding["withdrawn_by"] = "監査 太郎"  # the laptop's words: the signer is 悪意 次郎
    finding["withdrawn_reason"] = "誤記のため"
    payload["tables"]["finding_change"].append(
        {
            "finding_id": uid,
            "action": "withdraw",
            "old": {"withdrawn_at": None},
            "new": {"withdrawn_at": "2026-01-05T01:02:03+00:00"},
            "changed_by": "監査 太郎",
            "changed_at": "2026-01-05T01:02:03+00:00",
        }
    )


def _unchanged(_payload: dict[str, Any], _places: Placeholders) -> None:
    return None


def _header_moved_ahead(places: Placeholders) -> None:
    _crafted("200", _unchanged, "監査 太郎")(places)
    path = Path(places["tmp"]) / "c.bundle"
    data = path.read_bytes()
    start = data.index(b'"created_at":"') + len(b'"created_at":"')
    year = int(data[start : start + 4])
    path.write_bytes(data[:start] + str(year + 1).encode() + data[start + 4 :])


def _office_key(places: Placeholders) -> None:
    run_inspector(places, "keys", "issue", CLERK, "--organization", "130", "--role", "office")


IMPORT = ["bundle", "import", "{tmp}/c.bundle", "--passphrase-file", "{pass}"]

CASES = [
    Case(
        id="bt7-bundle-self-check-takes-the-uid-of-a-visit",
        args=IMPORT,
        keys=True,
        setup=_crafted("100", _self_check_on_the_visit, "監査 太郎"),
        expect=["c.bundle", "表 inspection_session の 1 行目", "210 の訪問点検", "110 の自己点検"],
        exit_code=1,
    ),
    Case(
        id="bt7-bundle-finding-of-another-organization",
        args=IMPORT,
        keys=True,
        setup=_crafted("200", _finding_of_another_organization, "監査 太郎"),
        expect=["c.bundle", "表 finding の", "項目 organization_id", "指摘の組織 220", "組織 210"],
        exit_code=1,
    ),
    Case(
        id="bt7-bundle-another-inspector-withdraws-a-finding",
        args=IMPORT,
        keys=True,
        setup=_crafted("200", _withdrawn_by_another, OTHER),
        expect=["c.bundle", f"{OTHER} の鍵で署名", "監査 太郎 の訪問点検", "指摘 "],
        exit_code=1,
    ),
    Case(
        id="bt7-bundle-another-inspector-withdraws-a-finding-en",
        args=IMPORT,
        keys=True,
        setup=_crafted("200", _withdrawn_by_another, OTHER),
        expect=[f"signed with the key of {OTHER}", "監査 太郎's inspection visit"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="bt7-bundle-signed-with-the-office-key",
        args=IMPORT,
        keys=True,
        setup=_crafted("200", _unchanged, CLERK),
        expect=["c.bundle", f"事務局の文書用の鍵（{CLERK}）", "監査員の鍵だけ"],
        exit_code=1,
    ),
    Case(
        id="bt7-bundle-export-with-the-office-key",
        args=[
            *("bundle", "export", "--organization", "200", "-o", "{tmp}/x.bundle"),
            *("--signer", CLERK, "--passphrase-file", "{pass}"),
        ],
        keys=True,
        setup=_office_key,
        expect=[f"「{CLERK}」の鍵は事務局の文書用です", "監査員の鍵で署名してください"],
        exit_code=1,
    ),
    Case(
        id="bt7-bundle-header-time-moved-ahead",
        args=IMPORT,
        keys=True,
        setup=_header_moved_ahead,
        expect=["c.bundle", "署名が一致しません"],
        exit_code=1,
    ),
    Case(
        id="bt7-bundle-missing-file-before-the-passphrase",
        args=["bundle", "import", "{tmp}/nope.bundle"],
        keys=True,
        env={"INSPECTOR_KEY_PASSPHRASE": ""},
        expect=["nope.bundle: ファイルがありません", "何も取り込んでいません"],
        exit_code=1,
    ),
]

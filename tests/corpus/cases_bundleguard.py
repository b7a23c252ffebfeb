"""Bundles signed by one inspector that would change what another person recorded, outside
the answers too (bundleguard), crafted with the project's own API and a valid key: a
measure entry added to a plan of 監査 太郎's visit in a bundle signed by another
inspector, a backup storage updated in a third person's name and a card event appended in
監査 太郎's name by a bundle of another inspector. Each refused naming the row and the person, the database unchanged."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from tests.corpus.case import Case, Placeholders
from tests.corpus.cases_bundletrust7 import IMPORT, OTHER, _crafted

PLAN = 2  # a plan of a finding of the demo's visit to 210 by 監査 太郎
ENTRY = "bundleguard-entry-1"


def _uid(places: Placeholders, table: str, row: int) -> str:
    conn = sqlite3.connect(places["db"])
    try:
        return str(conn.execute(f"select uid from {table} where id = ?", (row,)).fetchone()[0])
    finally:
        conn.close()


def _measure_entry_added(payload: dict[str, Any], places: Placeholders) -> None:
    payload["tables"]["measure_entry"].append(
        {
            "uid": ENTRY,
            "plan_id": _uid(places, "improvement_plan", PLAN),
            "status": "done",
            "entry_date": "2026-01-05",
            "text": "完了した",
            "recorded_by": "市民課長",
            "recorded_at": "2026-01-05T01:02:03+00:00",
        }
    )


def _storage_overwritten(payload: dict[str, Any], _places: Placeholders) -> None:
    (box,) = [r for r in payload["tables"]["backup_storage"] if r["name"] == STORAGE]
    box["key_location"] = "別の場所"
    box["updated_by"] = FORGED  # the signer is 悪意 次郎: the change pinned on another
    box["updated_at"] = datetime.now(UTC).isoformat()  # newer than the demo's


def _card_event_in_another_name(payload: dict[str, Any], _places: Placeholders) -> None:
    payload["tables"]["card_event"].append(
        {
            "card_id": ["120", "SR-01"],
            "kind": "seen",
            "at": "2026-01-05T01:02:03+00:00",
            "person_id": None,
            "place": "",
            "note": "",
            "session_id": None,
            "recorded_by": "監査 太郎",  # the signer is 悪意 次郎
            "recorded_at": "2026-01-05T01:02:03+00:00",
        }
    )


def _self_check_reopened(payload: dict[str, Any], places: Placeholders) -> None:
    uid = _uid(places, "inspection_session", SELF_CHECK)
    (check,) = [r for r in payload["tables"]["inspection_session"] if r["uid"] == uid]
    check["status"], check["completed_at"] = "open", None
    payload["tables"]["session_event"].append(
        {
            "session_id": uid,
            "action": "reopen",
            "actor": OTHER,
            "at": datetime.now(UTC).isoformat(),
            "note": "書き換え",
        }
    )


def _declared_elsewhere(payload: dict[str, Any], _places: Placeholders) -> None:
    payload["organization"] = "220"  # the receipt would show 220; the rows are 210's


SELF_CHECK = 5  # the demo's completed self-check of 210
STORAGE = "バックアップ保管箱A"  # the demo's storage of 120, recorded by 監査 太郎
FORGED = "情報政策課長"

CASES = [
    Case(
        id="bundleguard-another-inspector-adds-a-measure-entry",
        args=IMPORT,
        keys=True,
        setup=_crafted("210", _measure_entry_added, OTHER),
        expect=["c.bundle", f"{OTHER} の鍵で署名", "監査 太郎 の訪問点検", f"措置の記録 {ENTRY}"],
        exit_code=1,
    ),
    Case(
        id="bundleguard-another-inspector-adds-a-measure-entry-en",
        args=IMPORT,
        keys=True,
        setup=_crafted("210", _measure_entry_added, OTHER),
        expect=[f"signed with the key of {OTHER}", f"measure entry {ENTRY} of plan"],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="bundleguard-backup-storage-updated-in-another-name",
        args=IMPORT,
        keys=True,
        setup=_crafted("120", _storage_overwritten, OTHER),
        expect=[
            "c.bundle",
            f"表 backup_storage の行 120/{STORAGE}",
            f"{FORGED} の名前で記録",
            "updated_by",
        ],
        exit_code=1,
    ),
    Case(
        id="bundleguard-card-event-in-another-name",
        args=IMPORT,
        keys=True,
        setup=_crafted("120", _card_event_in_another_name, OTHER),
        expect=[
            "c.bundle",
            "表 card_event の行 120/SR-01",
            "監査 太郎 の名前で記録",
            "recorded_by",
        ],
        exit_code=1,
    ),
    Case(
        id="bundleguard-another-inspector-reopens-a-completed-self-check",
        args=IMPORT,
        keys=True,
        setup=_crafted("210", _self_check_reopened, OTHER),
        expect=["c.bundle", "210 の自己点検", "完了しています", "--accept-reopen"],
        exit_code=1,
    ),
    Case(
        id="bundleguard-rows-outside-the-declared-organization",
        args=IMPORT,
        keys=True,
        setup=_crafted("210", _declared_elsewhere, "監査 太郎"),
        expect=["c.bundle", "表 inspection_session の 1 行目", "210 は 220 でもその下の組織でも"],
        exit_code=1,
    ),
]

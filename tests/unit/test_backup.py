"""Backup register rules: the key apart from its box, transports locked, key apart, received."""

from __future__ import annotations

from datetime import date

from inspector.domain.backup import (
    BackupStorage,
    BackupTransport,
    StorageKind,
    backup_finding,
    evaluate_backup,
    same_place,
)
from inspector.i18n import Translator


def storage(
    sid: int = 1, box: str = "サーバ室 金庫", key: str = "情報政策課 キーボックス", **kw: object
) -> BackupStorage:
    return BackupStorage(sid, 1, f"保管箱{sid}", StorageKind.BOX, box, key, "課長", **kw)  # type: ignore[arg-type]


def transport(tid: int, **kw: object) -> BackupTransport:
    values: dict[str, object] = {
        "storage_id": 1,
        "transport_date": date(2025, 4, tid),
        "from_place": "サーバ室",
        "to_place": "別館金庫",
        "carrier": "山田",
        "box_locked": True,
        "key_separate": True,
        "receiver": "佐藤",
    }
    values.update(kw)
    return BackupTransport(tid, **values)  # type: ignore[arg-type]


def test_a_well_kept_register_has_no_issue() -> None:
    assert evaluate_backup([storage()], [transport(1), transport(2)]) == []


def test_key_kept_with_the_box_is_an_issue() -> None:
    issues = evaluate_backup([storage(box="サーバ室　机の上", key="サーバ室 机の上")], [])
    assert [i.rule_id for i in issues] == ["key_apart"]


def test_key_observed_next_to_the_box_is_an_issue() -> None:
    issues = evaluate_backup([storage(key_next_to_box=True)], [])
    assert [i.rule_id for i in issues] == ["key_apart"]


def test_same_place_ignores_width_and_spaces_but_not_empty() -> None:
    assert same_place("ＳＥＲＶＥＲ 室", "server室")
    assert not same_place("", "")


def test_transport_rules_each_broken() -> None:
    issues = evaluate_backup(
        [storage()],
        [
            transport(3, box_locked=False),
            transport(1, key_separate=False),
            transport(2, receiver=" "),
        ],
    )
    assert [(i.rule_id, i.transport_id) for i in issues] == [
        ("transport_key_separate", 1),
        ("transport_received", 2),
        ("transport_locked", 3),
    ]


def test_issue_becomes_a_finding() -> None:
    issue = evaluate_backup([storage(key_next_to_box=True)], [])[0]
    draft = backup_finding(issue, 1, 5, Translator("ja"))
    assert draft.title == "バックアップ保管箱の鍵の保管"
    assert "保管箱1" in draft.text and "情報政策課 キーボックス" in draft.text
    assert draft.session_id == 5

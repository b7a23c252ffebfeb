"""Backup register rules: the key apart from its box, transports locked, key apart, received;
each rule kept, broken, or not checked when the register holds nothing to judge it on."""

from __future__ import annotations

from datetime import date

from inspector.domain.backup import (
    BACKUP_RULE_IDS,
    BackupStorage,
    BackupTransport,
    StorageKind,
    backup_finding,
    check_backup,
    evaluate_backup,
    same_place,
)
from inspector.domain.layout import RuleState
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


def _states(storages: list[BackupStorage], transports: list[BackupTransport]) -> dict[str, str]:
    return {r.rule_id: r.state.value for r in check_backup(storages, transports)}


def test_a_well_kept_register_keeps_every_rule() -> None:
    results = check_backup([storage()], [transport(1), transport(2)])
    assert [r.rule_id for r in results] == list(BACKUP_RULE_IDS)
    assert all(r.state is RuleState.PASSED and r.ok for r in results)
    assert [r.judged for r in results] == [1, 2, 2, 2]


def test_an_empty_register_checks_nothing() -> None:
    results = check_backup([], [])
    assert evaluate_backup([], []) == []  # no issue ...
    assert all(r.state is RuleState.NOT_CHECKED for r in results)  # ... but nothing kept
    assert not any(r.ok or r.broken for r in results)
    assert {r.reason for r in results} == {"no_storage"}
    assert results[0].reason_key == "site.backup.not_checked.no_storage"


def test_no_transport_leaves_the_transport_rules_not_checked() -> None:
    results = check_backup([storage()], [])
    assert _states([storage()], []) == {
        "key_apart": "passed",
        "transport_locked": "not_checked",
        "transport_key_separate": "not_checked",
        "transport_received": "not_checked",
    }
    assert {r.reason for r in results[1:]} == {"no_transport"}
    assert results[0].reason is None


def test_a_box_without_its_key_location_is_not_checked() -> None:
    results = check_backup([storage(key=" "), storage(2)], [transport(1)])
    key_apart = results[0]
    assert key_apart.state is RuleState.NOT_CHECKED
    assert key_apart.judged == 1  # the second box was judged
    assert [(g.storage_name, g.reason) for g in key_apart.gaps] == [("保管箱1", "no_key_location")]
    assert key_apart.gaps[0].message_key == "site.backup.not_checked.no_key_location"
    assert key_apart.reason is None
    no_box_place = check_backup([storage(box="")], [])[0]
    assert [g.reason for g in no_box_place.gaps] == ["no_box_location"]


def test_broken_wins_over_not_checked_and_key_seen_next_to_box_is_judged() -> None:
    results = check_backup([storage(key=""), storage(2, key_next_to_box=True, key="")], [])
    assert results[0].state is RuleState.BROKEN
    assert [i.storage_id for i in results[0].issues] == [2]
    assert [g.storage_id for g in results[0].gaps] == [1]
    assert _states([storage()], [transport(1, box_locked=False)])["transport_locked"] == "broken"


def test_rule_results_as_json() -> None:
    data = check_backup([storage(key="")], [])[0].to_json()
    assert data["state"] == "not_checked"
    assert data["not_checked"] == [
        {"rule": "key_apart", "storage": "保管箱1", "reason": "no_key_location"}
    ]


def test_every_reason_has_words_in_both_languages() -> None:
    from inspector.domain.backup import NO_BOX_LOCATION, NO_KEY_LOCATION, NO_STORAGE, NO_TRANSPORT

    for lang in ("ja", "en"):
        t = Translator(lang)
        for reason in (NO_STORAGE, NO_TRANSPORT, NO_BOX_LOCATION, NO_KEY_LOCATION):
            key = f"site.backup.not_checked.{reason}"
            assert t(key, name="x") != key, (lang, key)

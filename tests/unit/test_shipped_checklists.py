"""Facts about the checklists shipped in `checklists/`, taken from the source documents.

002 (resident-registry-network terminal sites): 57 organisation items tabulated by
0 / 1-2 / 3-5 / 6+ sites, 29 operator items by 0 / 1-10 / 11-20 / 21-40 / 41+ operators,
and the items it names. 004: the ward survey with items that apply only to some
departments. 000: the four-question ID/password hearing, whose headline count is the
people answering yes to question 2 or 4 (115 + 33 - 15 = 133).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from inspector.domain.checklist import AnswerType, Checklist, Item, LocalizedText, Unit
from inspector.domain.checklist_loader import checklist_files, load_checklist, validate_files

CHECKLISTS = Path(__file__).resolve().parents[2] / "checklists"
SEEDS = {
    "000_e820871865c8a511.txt",
    "001_2a59b68a694654f0.txt",
    "002_b889fd50a1fae5f2.txt",
    "003_3b78aac732c45306.txt",
    "004_2c49fb24e54202bd.txt",
}
EXPECTED_FILES = {
    "juki-department",
    "juki-operator",
    "server-room",
    "backup-media",
    "id-cards",
    "security-measures",
    "contractor-data",
    "id-password-hearing",
}


def load(checklist_id: str) -> Checklist:
    return load_checklist(CHECKLISTS / f"{checklist_id}.yaml")


def all_checklists() -> list[Checklist]:
    return [load_checklist(p) for p in checklist_files([CHECKLISTS])]


def items_matching(checklist: Checklist, *patterns: str) -> list[Item]:
    """Items whose Japanese text matches every regular expression given."""
    return [i for i in checklist.items if all(re.search(p, i.text.ja) for p in patterns)]


def texts_of(checklist: Checklist) -> list[LocalizedText]:
    texts = [
        checklist.title,
        *(s.title for s in checklist.sections),
        *(u.label for u in checklist.unions),
    ]
    if checklist.description:
        texts.append(checklist.description)
    for item in checklist.items:
        texts.append(item.text)
        texts.extend(t for t in (item.guidance, item.evidence, item.unit) if t is not None)
        texts.extend(c.label for c in item.choices)
    return texts


# -- all files ----------------------------------------------------------------------------


def test_every_shipped_file_validates() -> None:
    problems = validate_files(checklist_files([CHECKLISTS]))
    assert problems == [], "\n".join(map(str, problems))


def test_the_expected_checklists_are_shipped_with_matching_file_names() -> None:
    files = {p.stem for p in checklist_files([CHECKLISTS])}
    assert files >= EXPECTED_FILES
    for checklist in all_checklists():
        assert (CHECKLISTS / f"{checklist.id}.yaml").is_file()
        assert checklist.version == "1.0"


@pytest.mark.parametrize("checklist_id", sorted(EXPECTED_FILES))
def test_every_text_has_english(checklist_id: str) -> None:
    checklist = load(checklist_id)
    missing = [t.ja for t in texts_of(checklist) if not (t.en and t.en.strip())]
    assert missing == []
    for item in checklist.items:
        assert all(r.en and r.en.strip() for r in item.reasons), item.id


@pytest.mark.parametrize("checklist_id", sorted(EXPECTED_FILES))
def test_every_item_names_a_source_document(checklist_id: str) -> None:
    checklist = load(checklist_id)
    assert checklist.source in SEEDS
    for item in checklist.items:
        assert item.source in SEEDS, item.id


@pytest.mark.parametrize("checklist_id", sorted(EXPECTED_FILES))
def test_compliance_items_tell_the_inspector_how_to_verify(checklist_id: str) -> None:
    checklist = load(checklist_id)
    for item in checklist.items:
        if item.answer is not AnswerType.COMPLIANCE:
            continue
        assert item.guidance and item.guidance.ja, item.id
        assert item.evidence and item.evidence.ja, item.id
        assert 2 <= len(item.reasons) <= 4, item.id
        assert len({r.id for r in item.reasons}) == len(item.reasons), item.id


@pytest.mark.parametrize("checklist_id", sorted(EXPECTED_FILES))
def test_every_section_has_items(checklist_id: str) -> None:
    checklist = load(checklist_id)
    for section in checklist.sections:
        assert checklist.items_in(section.id), section.id


# -- 002: the terminal-site checklists ----------------------------------------------------


def test_department_checklist_has_57_compliance_items_and_the_sites_distribution() -> None:
    department = load("juki-department")
    assert department.unit is Unit.ORGANIZATION
    assert [i.id for i in department.items] == [f"d-{n:02d}" for n in range(1, 58)]
    assert all(i.answer is AnswerType.COMPLIANCE for i in department.items)
    assert department.distribution == [0, 1, 3, 6]
    assert department.distribution_buckets() == [(0, 0), (1, 2), (3, 5), (6, None)]


def test_operator_checklist_has_29_compliance_items_and_the_operators_distribution() -> None:
    operator = load("juki-operator")
    assert operator.unit is Unit.RESPONDENT
    assert [i.id for i in operator.items] == [f"o-{n:02d}" for n in range(1, 30)]
    assert all(i.answer is AnswerType.COMPLIANCE for i in operator.items)
    assert operator.distribution == [0, 1, 11, 21, 41]
    assert operator.distribution_buckets() == [(0, 0), (1, 10), (11, 20), (21, 40), (41, None)]


@pytest.mark.parametrize(
    ("what", "patterns"),
    [
        ("operation only by the designated operator", ("指定された操作者以外",)),
        ("form ledger", ("帳票管理簿",)),
        ("form handover log", ("帳票受渡簿",)),
        ("document ledger", ("ドキュメント管理簿",)),
        ("document handover log", ("ドキュメント受渡簿",)),
        ("magnetic disk ledger", ("磁気ディスク管理簿",)),
        ("magnetic disk handover log", ("磁気ディスク受渡簿",)),
        ("ledgers and logs checked", ("管理簿", "受渡簿", "確認")),
        ("terminal room entry log", ("入退室管理簿",)),
        ("operator present when others enter", ("操作者以外", "入室", "立ち会")),
        ("no cameras or camera phones", ("カメラ付き携帯",)),
        ("daily terminal checks", ("日次点検",)),
        ("daily checks recorded in a log", ("日次点検", "端末機管理簿", "記録")),
        ("manuals locked away", ("手引書", "施錠")),
        ("electronic copies erased", ("電子データ", "消去")),
        ("head's approval before forms are destroyed", ("帳票", "廃棄", "所属長の承認")),
        (
            "cards of retired / on-leave staff collected and returned",
            ("退職", "休職", "回収", "返却"),
        ),
        ("lost card reported and suspended", ("紛失", "資格停止")),
        ("card ledger", ("操作者識別カードの管理簿",)),
        ("group card with terminal usage log", ("グループ利用", "端末機利用簿")),
    ],
)
def test_department_checklist_contains_the_items_002_names(
    what: str, patterns: tuple[str, ...]
) -> None:
    found = items_matching(load("juki-department"), *patterns)
    assert found, what
    assert all(i.source == "002_b889fd50a1fae5f2.txt" for i in found)


@pytest.mark.parametrize(
    ("what", "patterns"),
    [
        ("never lending one's card", ("操作者識別カード", "貸与していない")),
        ("changing the card's password periodically", ("パスワード", "定期的に変更")),
        ("switching the terminal off when leaving the seat", ("離席", "電源を切")),
        ("pulling out the card when leaving the seat", ("離席", "カード", "抜")),
        ("closing the application when leaving the seat", ("離席", "アプリケーション", "終了")),
        ("head's prior approval before destroying forms", ("帳票", "廃棄", "事前に所属長の承認")),
    ],
)
def test_operator_checklist_contains_the_items_002_names(
    what: str, patterns: tuple[str, ...]
) -> None:
    found = items_matching(load("juki-operator"), *patterns)
    assert len(found) == 1, what


def test_002_reasons_are_offered_for_its_worst_items() -> None:
    department = load("juki-department")
    (designated,) = items_matching(department, "指定された操作者以外")
    assert {"counter-busy", "unskilled"} <= {r.id for r in designated.reasons}
    (entry_log,) = items_matching(department, "入退室管理簿")
    assert any("執務室" in r.ja for r in entry_log.reasons)
    operator = load("juki-operator")
    for patterns in (("離席", "電源"), ("離席", "抜"), ("離席", "アプリケーション")):
        (item,) = items_matching(operator, *patterns)
        assert any("来客" in r.ja for r in item.reasons), item.id


# -- 001: server room, backup key, cards ----------------------------------------------------


def test_server_room_keeps_servers_apart_from_people_printers_and_clutter() -> None:
    room = load("server-room")
    assert room.unit is Unit.ORGANIZATION
    assert 12 <= len(room.items) <= 18
    assert items_matching(room, "作業机", "分け")
    assert items_matching(room, "プリンタ")
    assert items_matching(room, "不用", "ダンボール")
    assert items_matching(room, "排気|通気", "ダンボール")
    assert items_matching(room, "機密情報", "ダンボール")
    assert items_matching(room, "入退室管理簿")
    assert items_matching(room, "カメラ")


def test_backup_key_is_never_kept_with_the_box() -> None:
    backup = load("backup-media")
    assert 8 <= len(backup.items) <= 12
    (key_item,) = items_matching(backup, "鍵", "同じ机|近接")
    assert key_item.source == "001_2a59b68a694654f0.txt"
    assert items_matching(backup, "運搬", "鍵", "別")
    assert items_matching(backup, "受領")
    assert items_matching(backup, "受渡簿")


def test_id_cards_cover_collection_drawers_group_use_and_suspension() -> None:
    cards = load("id-cards")
    assert 8 <= len(cards.items) <= 12
    assert items_matching(cards, "退職", "回収")
    (drawer,) = items_matching(cards, "引き出し")
    assert drawer.source == "001_2a59b68a694654f0.txt"
    assert items_matching(cards, "台帳", "照合")
    assert items_matching(cards, "グループ利用", "端末機利用簿")
    assert items_matching(cards, "紛失", "資格停止")
    assert items_matching(cards, "サーバ室")


# -- 003: contractors ---------------------------------------------------------------------


def test_contractor_checklist_carries_the_lessons_of_the_usb_loss() -> None:
    contractor = load("contractor-data")
    assert 10 <= len(contractor.items) <= 14
    assert all(i.answer is AnswerType.COMPLIANCE for i in contractor.items)
    for patterns in (
        ("持ち出し", "許可"),
        ("運搬", "承認された方法"),
        ("暗号化",),
        ("消去", "証明書"),
        ("再委託", "事前", "承認"),
        ("秘密保持",),
        ("議事録",),
        ("記録媒体", "接続"),
        ("ログ", "確認"),
    ):
        assert items_matching(contractor, *patterns), patterns


# -- 004: the survey with conditional items ------------------------------------------------


def test_security_measures_survey_applicability() -> None:
    survey = load("security-measures")
    assert survey.unit is Unit.ORGANIZATION
    (ban,) = items_matching(survey, "メモ", "禁止")
    (paper,) = items_matching(survey, "メモ用紙")
    (temporary,) = items_matching(survey, "臨時職員", "初日")
    (devices,) = items_matching(survey, "私物")
    (patrol,) = items_matching(survey, "職場を巡回")
    assert ban.answer is AnswerType.YES_NO and ban.applies_when == ["handles_personal_data"]
    assert paper.answer is AnswerType.YES_NO
    assert paper.depends_on is not None
    assert (paper.depends_on.item, paper.depends_on.answer) == (ban.id, "yes")
    assert temporary.answer is AnswerType.YES_NO and temporary.applies_when == ["employs_temporary"]
    assert devices.answer is AnswerType.YES_NO and not devices.applies_when
    assert patrol.answer is AnswerType.YES_NO and not patrol.applies_when
    assert any(i.answer is AnswerType.TEXT for i in survey.items)
    counts = [i for i in survey.items if i.answer is AnswerType.NUMBER]
    assert counts and all(i.minimum == 0 for i in counts)


def test_memo_paper_is_asked_only_after_a_yes_to_the_ban() -> None:
    survey = load("security-measures")
    (ban,) = items_matching(survey, "メモ", "禁止")
    (paper,) = items_matching(survey, "メモ用紙")
    (temporary,) = items_matching(survey, "臨時職員", "初日")
    tags = {"handles_personal_data"}
    assert not survey.applies(paper, {}, tags)
    assert not survey.applies(paper, {ban.id: "no"}, tags)
    assert survey.applies(paper, {ban.id: "yes"}, tags)
    assert not survey.applies(paper, {ban.id: "yes"}, set())
    assert not survey.applies(ban, {}, set())
    assert not survey.applies(temporary, {}, tags)
    assert survey.applies(temporary, {}, {"employs_temporary"})


# -- 000: the ID/password hearing ----------------------------------------------------------


def test_hearing_has_four_yes_no_questions_each_in_its_section() -> None:
    hearing = load("id-password-hearing")
    assert hearing.unit is Unit.RESPONDENT
    questions = [i for i in hearing.items if i.depends_on is None]
    assert [q.id for q in questions] == ["q1", "q2", "q3", "q4"]
    assert all(q.answer is AnswerType.YES_NO for q in questions)
    assert [q.section for q in questions] == ["q1", "q2", "q3", "q4"]
    assert "他者のID・パスワード" in hearing.item("q1").text.ja
    assert "自分のID・パスワードで他者に" in hearing.item("q2").text.ja
    assert "ログインされたまま" in hearing.item("q3").text.ja
    assert "他者に使わせた" in hearing.item("q4").text.ja


@pytest.mark.parametrize("question", ["q1", "q2", "q3", "q4"])
def test_hearing_follow_ups_depend_on_their_question(question: str) -> None:
    hearing = load("id-password-hearing")
    expected = {
        f"{question}-system": AnswerType.TEXT,
        f"{question}-purpose": AnswerType.TEXT,
        f"{question}-whose": AnswerType.TEXT,
        f"{question}-period": AnswerType.TEXT,
        f"{question}-frequency": AnswerType.CHOICE,
    }
    follow_ups = [i for i in hearing.items if i.depends_on and i.depends_on.item == question]
    assert {i.id: i.answer for i in follow_ups} == expected
    assert all(i.depends_on and i.depends_on.answer == "yes" for i in follow_ups)
    assert all(i.section == question for i in follow_ups)
    frequency = hearing.item(f"{question}-frequency")
    assert [c.key for c in frequency.choices] == ["once", "sometimes", "monthly", "weekly", "daily"]
    assert not hearing.applies(frequency, {question: "no"}, set())
    assert hearing.applies(frequency, {question: "yes"}, set())


def test_hearing_unions_follow_what_the_document_counts() -> None:
    hearing = load("id-password-hearing")
    unions = {u.id: u for u in hearing.unions}
    # 000 counts people who answered yes to question 2 or 4: 115 + 33 - 15 = 133.
    assert unions["let-another-act"].items == ["q2", "q4"]
    assert unions["let-another-act"].answer == "yes"
    assert "他人に自分として操作させた" in unions["let-another-act"].label.ja
    assert unions["acted-as-another"].items == ["q1", "q3"]
    assert sorted(unions["any"].items) == ["q1", "q2", "q3", "q4"]
    assert hearing.distribution == [0, 1]

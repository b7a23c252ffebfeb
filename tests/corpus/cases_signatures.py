"""Bad signatures, keys and bundle contents through the command line (issue 11 points 1, 2
and 5; issue 10 points 8, 11 and 14): bundles signed with the office encryption key, with
an expired certificate and a back-dated time, with malformed or future-dated content;
passphrase files that are not UTF-8; key files that are empty, truncated or readable by
others. Each is refused with what and where, the database and every file unchanged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from tests.corpus.case import Case, Placeholders
from tests.corpus.conftest import PASSPHRASE

INSPECTOR = "監査 太郎"
_IMPORT = ["bundle", "import", "--passphrase-file", "{pass}"]


def _row_payload(**changes: Any) -> dict[str, Any]:
    """A small bundle content: one organization, one session, one answer."""
    at = "2025-06-01T09:00:00+00:00"
    session = {
        "uid": "corpus-session-1",
        "checklist_id": "juki-department",
        "checklist_version": "1",
        "organization_id": "Z-CORPUS",
        "respondent_id": None,
        "role": "inspector",
        "kind": "inspection",
        "session_date": "2025-06-01",
        "status": "completed",
        "source": "local",
        "inspector_name": INSPECTOR,
        "inspector_organization_id": None,
        "created_at": at,
        "completed_at": at,
        "not_independent": False,
    }
    answer = {
        "session_id": "corpus-session-1",
        "item_id": "d-01",
        "value": "compliant",
        "reasons": [],
        "reason_text": "",
        "note": "",
        "evidence": [],
        "answered_by": INSPECTOR,
        "answered_at": at,
    }
    organization = {"code": "Z-CORPUS", "name": "コーパス課", "parent_id": None, "tags": []}
    session.update(changes.pop("session", {}))
    answer.update(changes.pop("answer", {}))
    for key, value in changes.pop("drop", {}).items():
        {"answer": answer, "session": session}[key].pop(value)
    return {
        "format": 2,
        "organization": "Z-CORPUS",
        "since": None,
        "exported_by": INSPECTOR,
        "exported_at": at,
        "tables": {
            "organization": [organization],
            "inspection_session": [session],
            "answer": [answer],
            **changes.pop("tables", {}),
        },
    }


def _bundle(
    name: str,
    payload: Callable[[], dict[str, Any]] = _row_payload,
    *,
    signer: str = "inspector",
    created_at: datetime | None = None,
) -> Callable[[Placeholders], None]:
    """A setup that writes a bundle signed as told, with the corpus office's keys."""

    def setup(places: Placeholders) -> None:
        from inspector.exchange.bundle import seal
        from inspector.reports import keys

        folder = Path(places["keys"])
        secret = PASSPHRASE.encode()
        encryption = keys.load_encryption_cert(folder)
        if signer == "encryption":
            key, cert = keys.load_encryption_key(folder, secret), encryption
        elif signer == "expired":
            past = datetime.now(UTC) - timedelta(days=400)
            keys.issue_inspector(
                folder,
                "期限切れ 三郎",
                "130",
                secret,
                not_before=past,
                not_after=past + timedelta(days=365),
            )
            old = keys.load_identity(folder, "期限切れ 三郎", secret, check=False)
            key, cert = old.key, old.certificate
        else:
            identity = keys.load_identity(folder, INSPECTOR, secret)
            key, cert = identity.key, identity.certificate
        data = seal(payload(), key, cert, encryption, now=created_at)
        (Path(places["tmp"]) / name).write_bytes(data)

    return setup


def _backdated() -> datetime:
    return datetime.now(UTC) - timedelta(days=390)


def _chmod(name: str, mode: int) -> Callable[[Placeholders], None]:
    def setup(places: Placeholders) -> None:
        from inspector.reports import keys

        keys.inspector_paths(Path(places["keys"]), INSPECTOR)[1].chmod(mode)

    return setup


def _damage(cut: Callable[[bytes], bytes]) -> Callable[[Placeholders], None]:
    def setup(places: Placeholders) -> None:
        from inspector.reports import keys

        path = keys.inspector_paths(Path(places["keys"]), INSPECTOR)[1]
        path.write_bytes(cut(path.read_bytes()))

    return setup


def _content_case(case_id: str, expect: str, **changes: Any) -> Case:
    return Case(
        id=f"bundle-content-{case_id}",
        args=[*_IMPORT, "{tmp}/b.bundle"],
        expect=["{tmp}/b.bundle", expect, "何も取り込んでいません"],
        exit_code=1,
        keys=True,
        setup=_bundle("b.bundle", lambda: _row_payload(**changes)),
    )


_NOT_UTF8 = b"\x82\xb1\x82\xf1\x82\xc9\x82\xbf\x82\xcd\n"  # こんにちは in CP932

CASES = [
    Case(
        id="bundle-signed-with-the-encryption-key",
        args=[*_IMPORT, "{tmp}/enc.bundle"],
        expect=["{tmp}/enc.bundle", "点検者の署名用証明書ではありません", "鍵共有専用"],
        exit_code=1,
        keys=True,
        setup=_bundle("enc.bundle", signer="encryption"),
    ),
    Case(
        id="bundle-expired-certificate-backdated",
        args=[*_IMPORT, "{tmp}/old.bundle"],
        expect=[
            "{tmp}/old.bundle",
            "期限切れ 三郎",
            "に有効期限が切れています",
            "--accept-expired",
        ],
        exit_code=1,
        keys=True,
        setup=_bundle("old.bundle", signer="expired", created_at=_backdated()),
    ),
    Case(
        id="bundle-expired-certificate-made-after-expiry-even-accepted",
        args=[*_IMPORT, "--accept-expired", "{tmp}/late.bundle"],
        expect=["{tmp}/late.bundle", "有効期間の外です"],
        exit_code=1,
        keys=True,
        setup=_bundle("late.bundle", signer="expired"),
    ),
    _content_case(
        "answered-at-not-a-date",
        "表 answer の 1 行目、項目 answered_at: 「gestern」は日時ではありません",
        answer={"answered_at": "gestern"},
    ),
    _content_case(
        "answered-at-2999",
        "表 answer の 1 行目、項目 answered_at: 2999-01-01T00:00:00+00:00 は未来の日時です",
        answer={"answered_at": "2999-01-01T00:00:00+00:00"},
    ),
    _content_case(
        "answered-at-0001",
        "項目 answered_at: 0001-01-01T00:00:00 は 1900 年より前です",
        answer={"answered_at": "0001-01-01T00:00:00"},
    ),
    _content_case(
        "answered-at-overflow",
        "項目 answered_at: 「9999-12-31T23:59:59-12:00」は日時ではありません",
        answer={"answered_at": "9999-12-31T23:59:59-12:00"},
    ),
    _content_case(
        "session-date-future",
        "表 inspection_session の 1 行目、項目 session_date: 2999-12-31 は未来の日時です",
        session={"session_date": "2999-12-31"},
    ),
    _content_case(
        "item-id-missing",
        "表 answer の 1 行目、項目 item_id: ありません",
        drop={"answer": "item_id"},
    ),
    _content_case(
        "item-id-a-number",
        "表 answer の 1 行目、項目 item_id: 文字列であるべきところが数値です",
        answer={"item_id": 12},
    ),
    _content_case(
        "reasons-not-a-list",
        "表 answer の 1 行目、項目 reasons: リストであるべきところが文字列です",
        answer={"reasons": "busy"},
    ),
    _content_case(
        "unknown-session",
        "項目 session_id: inspection_session「elsewhere」を参照していますが",
        answer={"session_id": "elsewhere"},
    ),
    _content_case(
        "bad-role",
        "表 inspection_session の 1 行目、項目 role: 「admin」は inspector, head, operator のいずれでもありません",
        session={"role": "admin"},
    ),
    _content_case(
        "rows-not-a-list",
        "表 person: 行のリストであるべきところが文字列です",
        tables={"person": "nobody"},
    ),
    Case(
        id="passphrase-file-not-utf8-report-notice",
        files={"pass.txt": _NOT_UTF8},
        args=[
            "report",
            "notice",
            "--session",
            "1",
            "-o",
            "{tmp}/n.pdf",
            "--passphrase-file",
            "{tmp}/pass.txt",
            "--signer",
            INSPECTOR,
        ],
        expect=["{tmp}/pass.txt", "UTF-8 のテキストではありません"],
        exit_code=1,
        keys=True,
    ),
    Case(
        id="passphrase-file-not-utf8-keys-issue",
        files={"pass.txt": _NOT_UTF8},
        args=[
            "keys",
            "issue",
            "新人 四郎",
            "--organization",
            "130",
            "--passphrase-file",
            "{tmp}/pass.txt",
        ],
        expect=["{tmp}/pass.txt", "UTF-8 のテキストではありません"],
        exit_code=1,
        keys=True,
    ),
    Case(
        id="passphrase-file-not-utf8-bundle-export",
        files={"pass.txt": _NOT_UTF8},
        args=[
            "bundle",
            "export",
            "--organization",
            "130",
            "-o",
            "{tmp}/o.bundle",
            "--passphrase-file",
            "{tmp}/pass.txt",
            "--signer",
            INSPECTOR,
        ],
        expect=["{tmp}/pass.txt", "UTF-8 のテキストではありません"],
        exit_code=1,
        keys=True,
    ),
    Case(
        id="key-file-readable-by-others",
        args=[
            "bundle",
            "export",
            "--organization",
            "130",
            "-o",
            "{tmp}/o.bundle",
            "--passphrase-file",
            "{pass}",
            "--signer",
            INSPECTOR,
        ],
        expect=["{keys}/inspectors/監査_太郎.key.pem", "chmod 600"],
        exit_code=1,
        keys=True,
        setup=_chmod(INSPECTOR, 0o644),
    ),
    Case(
        id="key-file-empty",
        args=[
            "bundle",
            "export",
            "--organization",
            "130",
            "-o",
            "{tmp}/o.bundle",
            "--passphrase-file",
            "{pass}",
            "--signer",
            INSPECTOR,
        ],
        expect=["{keys}/inspectors/監査_太郎.key.pem", "壊れています", "空です"],
        exit_code=1,
        keys=True,
        setup=_damage(lambda data: b""),
    ),
    Case(
        id="key-file-truncated",
        args=[
            "report",
            "notice",
            "--session",
            "1",
            "-o",
            "{tmp}/n.pdf",
            "--passphrase-file",
            "{pass}",
            "--signer",
            INSPECTOR,
        ],
        expect=["{keys}/inspectors/監査_太郎.key.pem", "壊れています"],
        exit_code=1,
        keys=True,
        setup=_damage(lambda data: data[: len(data) // 2]),
    ),
]

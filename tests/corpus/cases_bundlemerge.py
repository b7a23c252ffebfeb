"""Bundles that add something in another person's name (bundlemerge 1), crafted from the
demo's rows with the project's own API and a valid key, as the reviewer did: the demo's
visit to 210 as a new visit (a new uid) recorded in 総務 次郎's name, signed by 悪意 三郎;
a new finding
recorded by 監査 太郎 in 悪意 三郎's bundle. Each refused naming the session
(organization, checklist, date) or the finding and both names; the database unchanged.
And `verify --no-db` of a signed notice where the signer's revocation cannot be checked: no
list in the keys folder (valid, with a warning), the list the folder took deleted, an older
list put back (refused)."""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any

from tests.corpus.case import Case, Placeholders
from tests.corpus.cases_bundletrust7 import IMPORT, VISIT, _crafted, _uid
from tests.corpus.conftest import run_inspector

SIGNER = "悪意 三郎"
NAMED = "総務 次郎"


def _new_visit(inspector: str, answered_by: str | None = None) -> Any:
    """The demo's visit to 210 under a new uid (only its session, answers, their log and
    events), recorded in `inspector`'s name; its answers by `answered_by` (else the
    inspector)."""

    def change(payload: dict[str, Any], places: Placeholders) -> None:
        visit = _uid(places, "inspection_session", VISIT)
        new = str(uuid.uuid4())
        tables = payload["tables"]
        for name in list(tables):
            if name in ("organization", "person"):
                continue
            if name == "inspection_session":
                tables[name] = [r for r in tables[name] if r["uid"] == visit]
                tables[name][0]["uid"] = new
                tables[name][0]["inspector_name"] = inspector
                continue
            if name not in ("answer", "answer_change", "session_event"):
                tables[name] = []
                continue
            tables[name] = [r for r in tables[name] if r.get("session_id") == visit]
            for row in tables[name]:
                row["session_id"] = new
                for column in ("answered_by", "changed_by", "actor"):
                    if column in row:
                        row[column] = inspector
        if answered_by is not None:
            tables["answer"][0]["answered_by"] = answered_by

    return change


def _new_finding(payload: dict[str, Any], places: Placeholders) -> None:
    """Only a new finding of 210, outside any session, recorded by 監査 太郎."""
    tables = payload["tables"]
    for name in list(tables):
        if name not in ("organization", "person"):
            tables[name] = []
    tables["finding"] = [
        {
            "uid": str(uuid.uuid4()),
            "kind": "finding",
            "title": "書庫の施錠",
            "text": "書庫が施錠されていない",
            "organization_id": "210",
            "session_id": None,
            "items": [],
            "answers": {},
            "evidence": [],
            "requested_measure": "",
            "created_by": "監査 太郎",
            "created_at": "2026-01-05T01:02:03+00:00",
        }
    ]


CASES = [
    Case(
        id="bm-bundle-new-visit-in-another-inspectors-name",
        args=IMPORT,
        keys=True,
        setup=_crafted("200", _new_visit(NAMED), SIGNER),
        expect=[
            "c.bundle",
            "表 inspection_session の 1 行目",
            "210 の訪問点検（チェックリスト",
            f"{NAMED} の名前で記録",
            f"{SIGNER} の鍵で署名",
            "何も取り込んでいません",
        ],
        exit_code=1,
    ),
    Case(
        id="bm-bundle-new-visit-in-another-inspectors-name-en",
        args=IMPORT,
        keys=True,
        setup=_crafted("200", _new_visit(NAMED), SIGNER),
        expect=[
            "table inspection_session, row 1",
            "new inspection visit of 210 (checklist",
            f"in the name of {NAMED}",
            f"signed with the key of {SIGNER}",
        ],
        exit_code=1,
        lang="en",
    ),
    Case(
        id="bm-bundle-new-finding-of-another-person",
        args=IMPORT,
        keys=True,
        setup=_crafted("200", _new_finding, SIGNER),
        expect=["c.bundle", "表 finding の 1 行目", "監査 太郎 が記録", f"{SIGNER} の鍵で署名"],
        exit_code=1,
    ),
]


# -- verify: the signer's revocation not checked ------------------------------------------


def _notice(places: Placeholders) -> None:
    """A notice of the demo's visit 1, signed with 監査 太郎's key, in {tmp}/n.pdf."""
    out = f"{places['tmp']}/n.pdf"
    run_inspector(places, "report", "notice", "--session", "1", "--reissue", "-o", out)


def _notice_at_an_old_office(places: Placeholders) -> None:
    """The notice, in a keys folder as init-office made it before crlinit: no list at all
    (and no list number taken)."""
    _notice(places)
    (Path(places["keys"]) / "office" / "revocations.crl").unlink()
    (Path(places["keys"]) / "office" / "revocations.seen").unlink()


def _list_gone(places: Placeholders) -> None:
    """Revoked after the notice was signed; then the keys folder's list deleted."""
    _notice(places)
    run_inspector(places, "keys", "revoke", "監査 太郎", "--reason", "紛失")
    (Path(places["keys"]) / "office" / "revocations.crl").unlink()


def _list_put_back(places: Placeholders) -> None:
    """Lists 2 and 3 made (1: by init-office); list 2 put back in the keys folder."""
    _notice(places)
    run_inspector(places, "keys", "revoke", "監査 太郎", "--reason", "紛失")
    listed = Path(places["keys"]) / "office" / "revocations.crl"
    first = listed.read_bytes()
    run_inspector(places, "keys", "renew-revocations")
    listed.write_bytes(first)


VERIFY = ["verify", "{tmp}/n.pdf", "--no-db"]

CASES += [
    Case(
        id="bm-verify-no-list-no-database",
        args=VERIFY,
        keys=True,
        setup=_notice_at_an_old_office,
        expect=[
            "署名した鍵の失効は確かめていません",
            "{keys}/office/revocations.crl に失効リストがなく",
            "`inspector keys renew-revocations` で失効リストを作成してください",
        ],
        exit_code=0,  # never took a list: valid with a warning (fixb)
    ),
    Case(
        id="bm-verify-no-list-no-database-en",
        args=VERIFY,
        keys=True,
        setup=_notice_at_an_old_office,
        expect=[
            "warning: the revocation of the signer's key was not checked",
            "there is no revocation list at {keys}/office/revocations.crl",
            "This is the office: make its revocation list with `inspector keys renew-revocations`",
        ],
        exit_code=0,
        lang="en",
    ),
    Case(
        id="bm-verify-list-gone",
        args=VERIFY,
        keys=True,
        setup=_list_gone,
        expect=["失効リスト第 2 号を取り込んでいますが", "失効リストがなくなっています"],
        exit_code=1,
    ),
    Case(
        id="bm-verify-older-list-put-back",
        args=VERIFY,
        keys=True,
        setup=_list_put_back,
        expect=["{keys}/office/revocations.crl の失効リストは第 2 号", "第 3 号より古い"],
        exit_code=1,
    ),
]


def _lost_laptop_list_gone(places: Placeholders) -> None:
    """The office revoked the key; this keys folder still holds it and took the list,
    which is then deleted."""
    from tests.corpus.cases_revocation import _lost_laptop

    _lost_laptop(places)
    (Path(places["keys"]) / "office" / "revocations.crl").unlink()


CASES += [
    Case(
        id="bm-sign-with-the-list-gone",
        args=[
            *("report", "notice", "--session", "1", "--reissue", "-o", "{tmp}/x.pdf"),
            *("--passphrase-file", "{pass}"),
        ],
        keys=True,
        setup=_lost_laptop_list_gone,
        expect=["署名しません", "失効リスト第 2 号を取り込んでいますが", "import-revocations"],
        exit_code=1,
    ),
]

"""A key issued before roles signs nothing new (forge7): `check_role_for` refuses it for
every kind it used to sign, naming the command that reissues it with the role the kind
needs; the documents it signed before keep verifying (tests/reports/test_forge5_roles.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from _report_samples import PASS

from inspector.domain.documents import DocumentKind
from inspector.reports import keys
from inspector.reports.key_roles import KeyRole, reissue_command
from inspector.reports.notice_rules import IssueRefused
from inspector.reports.role_check import check_role_for

OLD = "旧式 鍵子"


@pytest.fixture(scope="module")
def old(keys_dir: Path) -> keys.Identity:
    keys.issue_inspector(keys_dir, OLD, "130", PASS, role=None)
    return keys.load_identity(keys_dir, OLD, PASS)


def test_an_old_key_is_refused_with_the_reissue_command(
    old: keys.Identity, identity: keys.Identity
) -> None:
    with pytest.raises(IssueRefused) as refused:
        check_role_for(DocumentKind.NOTICE, old.certificate, "ja")
    message = str(refused.value)
    assert f"{OLD} の鍵は、鍵の役割（監査員・事務局）が証明書に記録される前に" in message
    assert "監査結果通知書に署名しません" in message
    assert f'inspector keys issue "{OLD}" --organization 130 --replace --role inspector' in message
    with pytest.raises(IssueRefused) as refused:
        check_role_for(DocumentKind.FOLLOWUP, old.certificate, "en")
    message = str(refused.value)
    assert "issued before the key's role" in message and "follow-up" in message
    assert message.endswith(
        "--replace --role office (documents already issued with this key still verify)"
    )
    check_role_for(DocumentKind.NOTICE, identity.certificate, "ja")  # a key with its role


def test_the_reissue_command_quotes_the_name_for_a_shell() -> None:
    assert (
        reissue_command("監査 太郎", "130", KeyRole.OFFICE)
        == 'inspector keys issue "監査 太郎" --organization 130 --replace --role office'
    )
    assert reissue_command('a "b" $c', None, KeyRole.INSPECTOR) == (
        "inspector keys issue 'a \"b\" $c' --organization CODE --replace --role inspector"
    )

"""`inspector verify` on the review's forgeries (forge4 review): a notice signed by a second
inspector under a follow-up's id naming nobody gets a loud warning naming the signer and the
kind; a signed PDF with no inspector payload is refused, exit 1, with its own message."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))

from _report_samples import PASS, notice

from inspector.cli.main import cli
from inspector.domain.documents import verification_payload
from inspector.reports import keys
from inspector.reports import notice as notice_module
from inspector.reports.notice import build_notice
from inspector.reports.signing import sign_pdf

FORGER = "偽造 次郎"


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    keys.init_office(folder, PASS)
    # issued before keys carried a role (forge5): under a key with one, a follow-up's id
    # signed by an inspector is refused (tests/reports/test_forge5_roles.py)
    keys.issue_inspector(folder, "監査 太郎", "130", PASS, role=None)
    keys.issue_inspector(folder, FORGER, "130", PASS, role=None)
    return folder


def _verify(office: Path, pdf: Path, *lang: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        [*lang, "verify", str(pdf), "--no-db", "--no-revocation-check"],
        env={"INSPECTOR_KEYS_DIR": str(office)},
    )
    return result.exit_code, result.stdout + result.stderr


def test_a_followup_id_naming_nobody_warns_with_signer_and_kind(
    office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(
        notice_module, "document_payload", lambda d, h: verification_payload(d.doc_id, h, "")
    )
    data = notice(2)
    pdf = tmp_path / "forged.pdf"
    forger = keys.load_identity(office, FORGER, PASS)
    pdf.write_bytes(sign_pdf(build_notice(replace(data, doc_id="F" + data.doc_id[1:])), forger))
    code, said = _verify(office, pdf)
    assert code == 0 and "事務局が送付する文書です）。" not in said, said
    assert "注意: 署名された内容は発行者として個人を名指していません" in said
    assert f"措置状況報告（事務局が送付する文書）で、{FORGER} の鍵で署名されています" in said
    assert "forge4." not in said and "cli.verify" not in said
    code, said = _verify(office, pdf, "--lang", "en")
    assert code == 0 and "warning: the signed data names no person" in said, said
    assert (
        f"follow-up report, which the office sends, and it was signed with the key of {FORGER}"
        in said
    )


def test_a_signed_pdf_without_a_payload_is_refused(
    office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(notice_module, "document_payload", lambda d, h: "hello")
    pdf = tmp_path / "bare.pdf"
    pdf.write_bytes(sign_pdf(build_notice(notice(2)), keys.load_identity(office, FORGER, PASS)))
    code, said = _verify(office, pdf)
    assert code == 1 and "Traceback" not in said, said
    assert f"inspector が発行した文書ではありません（{FORGER}" in said
    assert "inspector の検証用データ" in said and "forge4." not in said
    code, said = _verify(office, pdf, "--lang", "en")
    assert code == 1 and "not a document issued by inspector" in said, said
    assert "issued before the issuer" not in said

"""`inspector verify` says whether the signer is the issuer the document names, in the
run's language (hunt 4, H3): a notice from before the issuer was signed verifies with a
plain warning."""

from __future__ import annotations

import sys
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


@pytest.fixture(scope="module")
def office(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("keys")
    keys.init_office(folder, PASS)
    # issued before keys carried a role (forge5): a v1 payload under a key with one is
    # refused (tests/cli/test_forge5_keys_cli.py, tests/reports/test_forge5_roles.py)
    keys.issue_inspector(folder, "監査 太郎", "130", PASS, role=None)
    return folder


def _verify(office: Path, pdf: Path, *lang: str) -> tuple[int, str]:
    result = CliRunner().invoke(
        cli,
        [*lang, "verify", str(pdf), "--no-db", "--no-revocation-check"],
        env={"INSPECTOR_KEYS_DIR": str(office)},
    )
    return result.exit_code, result.stdout + result.stderr


def test_old_and_new_notices_say_whether_the_signer_is_the_named_issuer(
    office: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    identity = keys.load_identity(office, "監査 太郎", PASS)
    new = tmp_path / "new.pdf"
    new.write_bytes(sign_pdf(build_notice(notice(2)), identity))
    code, said = _verify(office, new)
    assert code == 0 and "文書の発行者 監査 太郎 本人が署名しています。" in said, said
    assert "cli.verify" not in said and "forge4." not in said
    monkeypatch.setattr(
        notice_module, "document_payload", lambda d, h: verification_payload(d.doc_id, h)
    )
    old = tmp_path / "old.pdf"
    old.write_bytes(sign_pdf(build_notice(notice(2)), identity))
    code, said = _verify(office, old)
    assert code == 0 and "有効です" in said, said
    assert "注意: 署名者を文書の発行者と照合できませんでした" in said
    assert "印字された発行者が 監査 太郎 であることを確かめてください" in said
    code, said = _verify(office, old, "--lang", "en")
    assert code == 0 and "could not be compared with the named issuer" in said, said

"""`inspector verify` and document timestamps (PAdES B-LTA): a signed notice stamped
afterwards by a time-stamping authority (a local one, pyHanko's in-process time stamper)
stays valid and the stamp is reported, trusted when its root is given with --tsa-root; a
stamp whose token was altered, or a stamp's revision that changes anything else, is
refused."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.demo.city import AUDITOR
from tests.reports.local_tsa import LocalTsa, make_tsa, with_document_timestamp


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(date(2026, 11, 30))  # built once per test process (tests/conftest.py)


@pytest.fixture(scope="module")
def tsa() -> LocalTsa:
    return make_tsa()


@pytest.fixture
def env(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, Path]:
    db = tmp_path / "t.db"
    shutil.copy(demo_template, db)
    monkeypatch.setenv("INSPECTOR_CONFIG", str(tmp_path / "config.toml"))
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "pw")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "pw")  # keys issue
    monkeypatch.delenv("INSPECTOR_SIGNER", raising=False)
    env = {"db": db, "tmp": tmp_path}
    assert run(env, "keys", "init-office")[0] == 0
    assert run(env, "keys", "issue", AUDITOR, "--organization", "130")[0] == 0
    notice = tmp_path / "notice.pdf"
    code, _, err = run(
        env, "report", "notice", "--session", "1", "--signer", AUDITOR, "-o", str(notice)
    )
    assert code == 0, err
    env["notice"] = notice
    return env


def run(env: dict[str, Path], *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, ["--db", str(env["db"]), *args], catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def test_a_document_timestamp_keeps_the_notice_valid_and_is_reported(
    env: dict[str, Path], tsa: LocalTsa
) -> None:
    stamped = env["tmp"] / "notice-lta.pdf"
    stamped.write_bytes(with_document_timestamp(env["notice"].read_bytes(), tsa))
    from pyhanko.pdf_utils.reader import PdfFileReader

    with stamped.open("rb") as stream:  # really a document timestamp, in a new revision
        reader = PdfFileReader(stream)
        assert len(reader.embedded_timestamp_signatures) == 1
        assert reader.xrefs.total_revisions == 3

    code, out, err = run(env, "verify", "--json", str(stamped))
    assert code == 0, out + err
    report = json.loads(out)
    assert report["valid"] and report["ltv_updates"] and report["database_checked"]
    [stamp] = report["document_timestamps"]
    assert stamp["tsa"] == "テスト時刻認証局" and stamp["trusted"] is False
    assert stamp["time"] >= report["signed_at"]
    assert "Traceback" not in err and "Failed to build path" not in err

    code, out, err = run(env, "verify", str(stamped))  # Japanese by default
    assert code == 0, err
    assert "文書タイムスタンプ" in out and "テスト時刻認証局" in out and "申告" in out
    code, out, _ = run(env, "--lang", "en", "verify", str(stamped))
    assert code == 0 and "document timestamp" in out and "not a trusted one" in out

    root = env["tmp"] / "tsa-root.pem"
    root.write_bytes(tsa.root_pem())
    code, out, _ = run(env, "verify", "--json", "--tsa-root", str(root), str(stamped))
    assert code == 0 and json.loads(out)["document_timestamps"][0]["trusted"] is True
    code, out, _ = run(env, "verify", "--tsa-root", str(root), str(stamped))
    assert "信頼する認証局です" in out
    code, out, _ = run(env, "--lang", "en", "verify", "--tsa-root", str(root), str(stamped))
    assert code == 0 and "document timestamp" in out and "not a trusted one" not in out

    # the unstamped notice reports none
    code, out, _ = run(env, "verify", "--json", str(env["notice"]))
    assert code == 0 and json.loads(out)["document_timestamps"] == []


def test_an_altered_timestamp_token_is_refused(env: dict[str, Path], tsa: LocalTsa) -> None:
    data = with_document_timestamp(env["notice"].read_bytes(), tsa)
    # the last /Contents is the timestamp token (hex); change one digit in its middle
    start = [m.end() for m in re.finditer(rb"/Contents <", data)][-1]
    token_end = data.index(b">", start)
    nonzero = data[start:token_end].rstrip(b"0")
    spot = start + len(nonzero) // 2
    flipped = b"1" if data[spot : spot + 1] != b"1" else b"2"
    altered = env["tmp"] / "altered.pdf"
    altered.write_bytes(data[:spot] + flipped + data[spot + 1 :])
    code, _, err = run(env, "--lang", "en", "verify", str(altered))
    assert code == 1 and "document timestamp" in err and "Traceback" not in err
    code, _, err = run(env, "verify", str(altered))
    assert code == 1 and "署名の後に変更されています" in err


def test_a_timestamp_revision_that_changes_anything_else_is_refused(
    env: dict[str, Path], tsa: LocalTsa
) -> None:
    sneaky = env["tmp"] / "retitled.pdf"
    sneaky.write_bytes(with_document_timestamp(env["notice"].read_bytes(), tsa, also_retitle=True))
    code, _, err = run(env, "--lang", "en", "verify", str(sneaky))
    assert code == 1 and "changed after signing" in err and "/Title" in err


def test_a_tsa_root_that_is_not_pem_is_refused(env: dict[str, Path]) -> None:
    bad = env["tmp"] / "not-a-root.pem"
    bad.write_text("not a certificate", encoding="utf-8")
    code, _, err = run(env, "verify", "--tsa-root", str(bad), str(env["notice"]))
    assert code == 1 and str(bad) in err and "PEM" in err and "Traceback" not in err

"""A key name typed decomposed (NFD) is the same person's as the composed one (NFC): one
certificate, one file, reachable by either spelling; never two keys that print alike."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography import x509
from cryptography.x509.oid import NameOID

from inspector.cli.main import cli

NFC = "監査 ダン"
NFD = unicodedata.normalize("NFD", NFC)


@pytest.fixture
def keys(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("INSPECTOR_KEY_PASSPHRASE", "office-pass")
    monkeypatch.setenv("INSPECTOR_NEW_KEY_PASSPHRASE", "key-pass-1")
    assert run(tmp_path, "demo").exit_code == 0
    assert run(tmp_path, "keys", "init-office").exit_code == 0
    return tmp_path / "keys"


def run(tmp_path: Path, *args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--db", str(tmp_path / "k.db"), *args])


def test_nfd_and_nfc_names_are_one_key(tmp_path: Path, keys: Path) -> None:
    assert NFC != NFD
    first = run(tmp_path, "keys", "issue", NFD, "--organization", "130")
    assert first.exit_code == 0, first.stderr
    files = sorted(p.name for p in (keys / "inspectors").iterdir())
    stem = unicodedata.normalize("NFC", "監査_ダン")
    assert files == [f"{stem}.key.pem", f"{stem}.pem"]
    cert = x509.load_pem_x509_certificate((keys / "inspectors" / "監査_ダン.pem").read_bytes())
    common = cert.subject.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value
    assert common == NFC  # the certificate holds the composed spelling

    second = run(tmp_path, "keys", "issue", NFC, "--organization", "130")
    assert second.exit_code != 0 and "Traceback" not in second.output
    assert len(list((keys / "inspectors").iterdir())) == 2  # no second key


def test_either_spelling_finds_the_key(tmp_path: Path, keys: Path) -> None:
    assert run(tmp_path, "keys", "issue", NFC, "--organization", "130").exit_code == 0
    again = run(tmp_path, "keys", "issue", NFD, "--organization", "130")
    assert again.exit_code != 0  # exists already, by the decomposed spelling too
    revoked = run(tmp_path, "keys", "revoke", NFD, "--reason", "退職のため")
    assert revoked.exit_code == 0, revoked.stderr + revoked.stdout


def test_a_key_filed_under_the_decomposed_spelling_is_still_found(
    tmp_path: Path, keys: Path
) -> None:
    """Keys issued before names were composed lie under their NFD file name: revoked and
    replaced by either spelling, never doubled by `--replace`."""
    assert run(tmp_path, "keys", "issue", NFC, "--organization", "130").exit_code == 0
    folder = keys / "inspectors"
    stem_nfd = unicodedata.normalize("NFD", "監査_ダン")
    for suffix in (".pem", ".key.pem"):
        (folder / f"監査_ダン{suffix}").rename(folder / f"{stem_nfd}{suffix}")
    replaced = run(tmp_path, "keys", "issue", NFC, "--organization", "130", "--replace")
    assert replaced.exit_code == 0, replaced.stderr
    # one pair (forge7b: the replaced NFD pair is revoked as superseded and filed away under
    # its own stem, so the new one is filed under the composed name)
    files = sorted(p.name for p in folder.iterdir() if p.is_file())
    assert files == ["監査_ダン.key.pem", "監査_ダン.pem"]
    assert sorted(p.name.split(".")[0] for p in (folder / "revoked").iterdir()) == [stem_nfd] * 2
    revoked = run(tmp_path, "keys", "revoke", NFC, "--reason", "退職のため")
    assert revoked.exit_code == 0, revoked.stderr + revoked.stdout

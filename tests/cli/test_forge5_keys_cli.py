"""`keys issue` (forge5): a script that gives no passphrase for the new key is refused with
nothing written (it used to get a key protected by the root's); key passphrases are NFC
like database passphrases (a decomposed Japanese passphrase opens the key either way); the
key's role is written into the certificate, and a follow-up report signed with an
inspector's key is refused by `verify`, exit 1, in Japanese."""

from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from cryptography import x509
from cryptography.hazmat.primitives import serialization

from inspector.cli.main import cli
from inspector.reports import keys
from inspector.reports.errors import ReportProblem
from inspector.reports.key_roles import KeyRole, role_of

ROOT = "事務局 ルート 合言葉"
NAME = "監査 太郎"
# "がぎ" typed on a system that stores it decomposed: か + U+3099, き + U+3099
DECOMPOSED = unicodedata.normalize("NFD", "がぎ ぐげご 合言葉")
COMPOSED = unicodedata.normalize("NFC", DECOMPOSED)


@pytest.fixture
def office(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    for name in ("KEY_PASSPHRASE", "NEW_KEY_PASSPHRASE", "LANG"):
        monkeypatch.delenv(f"INSPECTOR_{name}", raising=False)
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    db = tmp_path / "demo.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "demo"]).exit_code == 0
    made = CliRunner().invoke(
        cli, ["--db", str(db), "keys", "init-office"], env={"INSPECTOR_KEY_PASSPHRASE": ROOT}
    )
    assert made.exit_code == 0, made.stderr
    return tmp_path


def _issue(office: Path, *args: str, env: dict[str, str], name: str = NAME) -> Result:
    return CliRunner().invoke(
        cli,
        ["--db", str(office / "demo.db"), "keys", "issue", name, "--organization", "130", *args],
        env=env,
    )


def _state(office: Path) -> dict[str, str]:
    """Every file of the keys folder and the database, by content."""
    files = [office / "demo.db", *sorted((office / "keys").rglob("*"))]
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in files if p.is_file()}


def test_a_script_giving_no_key_passphrase_is_refused(office: Path) -> None:
    before = _state(office)
    result = _issue(office, env={"INSPECTOR_KEY_PASSPHRASE": ROOT})
    assert result.exit_code == 1
    assert "監査 太郎 の鍵のパスフレーズが指定されていません" in result.stderr
    assert "INSPECTOR_NEW_KEY_PASSPHRASE" in result.stderr and "--key-passphrase-file" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr + result.output
    assert _state(office) == before
    assert not keys.inspector_paths(office / "keys", NAME)[0].exists()
    english = CliRunner().invoke(
        cli,
        [
            "--lang",
            "en",
            "--db",
            str(office / "demo.db"),
            "keys",
            "issue",
            NAME,
            "--organization",
            "130",
        ],
        env={"INSPECTOR_KEY_PASSPHRASE": ROOT},
    )
    assert english.exit_code == 1 and "no passphrase for the key of 監査 太郎" in english.stderr


def _opens(office: Path, passphrase: str, name: str = NAME) -> bool:
    try:
        keys.load_identity(office / "keys", name, passphrase.encode())
    except ReportProblem:
        return False
    return True


def test_a_decomposed_key_passphrase_is_stored_composed(office: Path) -> None:
    assert DECOMPOSED != COMPOSED and len(DECOMPOSED) > len(COMPOSED)
    own = office / "own.txt"
    own.write_text(DECOMPOSED + "\n", encoding="utf-8")
    result = _issue(
        office, "--key-passphrase-file", str(own), env={"INSPECTOR_KEY_PASSPHRASE": ROOT}
    )
    assert result.exit_code == 0, result.stderr
    key_file = keys.inspector_paths(office / "keys", NAME)[1]
    # encrypted with the NFC form: the composed text opens it with no normalising at all
    serialization.load_pem_private_key(key_file.read_bytes(), COMPOSED.encode())
    assert _opens(office, COMPOSED) and _opens(office, DECOMPOSED)


def test_an_office_root_made_with_a_decomposed_passphrase_opens_either_way(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "keys"
    keys.init_office(folder, DECOMPOSED.encode())
    root_key = keys.root_paths(folder)[1]
    serialization.load_pem_private_key(root_key.read_bytes(), COMPOSED.encode())
    # the root's passphrase is asked when issuing: both forms unlock it
    keys.issue_inspector(folder, NAME, "130", COMPOSED.encode(), b"own")
    keys.issue_inspector(folder, "監査 次郎", "130", DECOMPOSED.encode(), b"own")


def test_a_key_encrypted_before_the_rule_still_opens_as_typed(tmp_path: Path) -> None:
    folder = tmp_path / "keys"
    keys.init_office(folder, b"root")
    keys.issue_inspector(folder, NAME, "130", b"root", b"own")
    key_path = keys.inspector_paths(folder, NAME)[1]
    identity = keys.load_identity(folder, NAME, b"own")
    # as written before keys were made NFC: the decomposed bytes themselves
    key_path.write_bytes(
        identity.key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(DECOMPOSED.encode()),
        )
    )
    assert keys.load_identity(folder, NAME, DECOMPOSED.encode()).name == NAME
    with pytest.raises(ReportProblem):  # the composed form is another passphrase for it
        keys.load_identity(folder, NAME, COMPOSED.encode())


def test_the_role_is_written_and_verify_refuses_the_wrong_one(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = {"INSPECTOR_KEY_PASSPHRASE": ROOT, "INSPECTOR_NEW_KEY_PASSPHRASE": ROOT}
    assert _issue(office, env=env).exit_code == 0
    office_key = _issue(office, "--role", "office", env=env, name="事務局")
    assert office_key.exit_code == 0, office_key.stderr
    for name, role in ((NAME, KeyRole.INSPECTOR), ("事務局", KeyRole.OFFICE)):
        cert_path = keys.inspector_paths(office / "keys", name)[0]
        assert role_of(x509.load_pem_x509_certificate(cert_path.read_bytes())) is role
    # an inspector key signing the office's follow-up report: refused at issue; a file
    # made anyway (a modified client) is refused by verify, with and without the database
    from inspector.reports.followup import build_followup
    from inspector.reports.signing import sign_pdf

    db = str(office / "demo.db")
    refused = CliRunner().invoke(
        cli, ["--db", db, "report", "followup", "--signer", NAME, "-o", str(office / "f.pdf")],
        env={"INSPECTOR_KEY_PASSPHRASE": ROOT},
    )  # fmt: skip
    assert refused.exit_code == 1 and "事務局の鍵" in refused.stderr
    assert not (office / "f.pdf").exists()

    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "reports"))
    from _report_samples import followup

    forged = office / "forged.pdf"
    identity = keys.load_identity(office / "keys", NAME, ROOT.encode())
    forged.write_bytes(sign_pdf(build_followup(followup(2)), identity))
    for extra in ([], ["--no-db"]):
        result = CliRunner().invoke(cli, ["--db", db, "verify", str(forged), *extra])
        assert result.exit_code == 1, result.output
        assert "文書の種類に合わない役割の鍵（監査 太郎" in result.stderr
        assert "Traceback" not in result.stderr
    good = office / "good.pdf"
    made = CliRunner().invoke(
        cli, ["--db", db, "report", "followup", "--signer", "事務局", "-o", str(good)],
        env={"INSPECTOR_KEY_PASSPHRASE": ROOT},
    )  # fmt: skip
    assert made.exit_code == 0, made.stderr
    ok = CliRunner().invoke(cli, ["--db", db, "verify", str(good)])
    assert ok.exit_code == 0 and "事務局の鍵で署名しています" in ok.output, ok.output + ok.stderr


def test_replacing_an_office_key_keeps_its_role(office: Path) -> None:
    env = {"INSPECTOR_KEY_PASSPHRASE": ROOT, "INSPECTOR_NEW_KEY_PASSPHRASE": ROOT}
    assert _issue(office, "--role", "office", env=env, name="事務局").exit_code == 0
    # the renewal the expiry message suggests names no role: the office key stays one
    renewed = _issue(office, "--replace", env=env, name="事務局")
    assert renewed.exit_code == 0, renewed.stderr
    cert_path = keys.inspector_paths(office / "keys", "事務局")[0]
    assert role_of(x509.load_pem_x509_certificate(cert_path.read_bytes())) is KeyRole.OFFICE
    assert _issue(office, env=env).exit_code == 0  # a new key: an inspector's
    cert_path = keys.inspector_paths(office / "keys", NAME)[0]
    assert role_of(x509.load_pem_x509_certificate(cert_path.read_bytes())) is KeyRole.INSPECTOR

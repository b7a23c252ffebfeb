"""Issue 11 point 4: bytes the signature does not cover (its zero padding, the embedded
root certificate) changed in a real notice. pyHanko still calls the signature intact, so
without the database such a file passes; with the database holding the issued file's
SHA-256, every changed byte is "differs from the issued document" (exit 1)."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from cryptography.hazmat.primitives import serialization

from inspector.cli.main import cli
from inspector.demo import build_demo
from inspector.domain.catalog import ChecklistCatalog
from inspector.reports import keys
from inspector.reports.verify import Verdict, verify_pdf
from inspector.resources import shipped_checklists_dir
from inspector.store.database import open_database
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository


@pytest.fixture(autouse=True)
def _english(monkeypatch: pytest.MonkeyPatch) -> None:
    """These tests read the command line's English messages (`--lang en`)."""
    monkeypatch.setenv("INSPECTOR_LANG", "en")


PASSPHRASE = "pw"


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """A notice issued and signed through the CLI; the database records its file hash."""
    tmp = tmp_path_factory.mktemp("whole-file")
    db, keys_dir, out = tmp / "r.db", tmp / "keys", tmp / "n.pdf"
    engine = open_database(f"sqlite:///{db}")
    repo = Repository(engine)
    build_demo(repo, ChecklistCatalog.from_folders([shipped_checklists_dir()]), date(2025, 3, 31))
    findings = FindingRepository(engine)
    session = next(
        s
        for s in repo.sessions()
        # the key issued here is 監査 太郎's: only a notice naming him is signed with it
        if s.inspector_name == "監査 太郎" and s.is_completed and findings.findings(session_id=s.id)
    )
    engine.dispose()
    env = {"INSPECTOR_KEYS_DIR": str(keys_dir), "INSPECTOR_KEY_PASSPHRASE": PASSPHRASE}
    env["INSPECTOR_NEW_KEY_PASSPHRASE"] = PASSPHRASE  # keys issue
    for args in (
        ["keys", "init-office"],
        ["keys", "issue", "監査 太郎", "--organization", "130"],
        ["report", "notice", "--session", str(session.id), "-o", str(out)],
    ):
        result = CliRunner().invoke(cli, ["--db", str(db), *args], env=env)
        assert result.exit_code == 0, result.stderr
    return {"db": db, "keys": keys_dir, "pdf": out, "tmp": tmp}


def _padding(data: bytes) -> range:
    """The zero padding of the signature's /Contents hex string."""
    match = re.search(rb"/Contents\s*<([0-9a-fA-F]+)>", data)
    assert match is not None
    hex_digits = match.group(1)
    used = len(hex_digits.rstrip(b"0"))
    used += used % 2  # whole bytes
    return range(match.start(1) + used + 2, match.end(1))  # two digits of margin


def _spread(positions: range, count: int) -> list[int]:
    step = max(1, len(positions) // count)
    return [*list(positions)[::step][:count], positions[-1]]


def test_bytes_outside_the_signature_differ_from_the_issued_document(
    issued: dict[str, Path],
) -> None:
    data = issued["pdf"].read_bytes()
    root = keys.load_root(issued["keys"])
    engine = open_database(f"sqlite:///{issued['db']}")
    lookup = FindingRepository(engine).document
    try:
        assert verify_pdf(data, root, lookup).valid  # the untouched file
        padding = _padding(data)
        assert len(padding) > 4000
        root_der = root.public_bytes(serialization.Encoding.DER).hex().encode()
        at = data.lower().find(root_der)
        assert at > 0, "the root certificate is embedded in the signature"
        in_root = _spread(range(at + 20, at + len(root_der) - 2), 24)
        tried = 0
        for position in _spread(padding, 200) + in_root:
            changed = bytearray(data)
            changed[position] = ord("7") if data[position] != ord("7") else ord("3")
            result = verify_pdf(bytes(changed), root, lookup)
            assert not result.valid, (position, result.message)
            if position in padding:
                assert result.verdict is Verdict.FILE_DIFFERS, (position, result.message)
                assert "differs from the issued document" in result.message
            tried += 1
        assert tried > 200
        # without the database pyHanko accepts the padding change: the hash is what catches it
        changed = bytearray(data)
        changed[padding[len(padding) // 2]] = ord("7")
        assert verify_pdf(bytes(changed), root, None).valid
    finally:
        engine.dispose()


def test_verify_cli_refuses_a_changed_padding_byte(issued: dict[str, Path]) -> None:
    data = bytearray(issued["pdf"].read_bytes())
    data[_padding(bytes(data))[100]] = ord("a")
    changed = issued["tmp"] / "changed.pdf"
    changed.write_bytes(bytes(data))
    env = {"INSPECTOR_KEYS_DIR": str(issued["keys"])}
    result = CliRunner().invoke(cli, ["--db", str(issued["db"]), "verify", str(changed)], env=env)
    assert result.exit_code == 1
    assert "differs from the issued document" in result.stderr
    ok = CliRunner().invoke(cli, ["--db", str(issued["db"]), "verify", str(issued["pdf"])], env=env)
    assert ok.exit_code == 0 and "valid" in ok.stdout

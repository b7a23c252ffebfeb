"""`keys issue` gives the new inspector key a passphrase of its own (hunt 4, L1): asked
twice at a terminal (the root's refused), from a file or INSPECTOR_NEW_KEY_PASSPHRASE in
scripts; a script that gives the root's is warned (one that gives none is refused)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from inspector.cli import signing
from inspector.cli.main import cli
from inspector.reports import keys
from inspector.reports.errors import ReportProblem

ROOT = "事務局 ルート 合言葉"
OWN = "監査員 本人 合言葉"
NAME = "監査 太郎"
ENGLISH = ("--lang", "en", "--db")


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


def _issue(office: Path, *args: str, env: dict[str, str], typed: str | None = None) -> Result:
    return CliRunner().invoke(
        cli,
        ["--db", str(office / "demo.db"), "keys", "issue", NAME, "--organization", "130", *args],
        env=env,
        input=typed,
    )


def _opens(office: Path, passphrase: str) -> bool:
    try:
        keys.load_identity(office / "keys", NAME, passphrase.encode())
    except ReportProblem:
        return False
    return True


def test_at_a_terminal_the_new_key_gets_its_own_passphrase_and_never_the_roots(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signing, "_interactive", lambda: True)
    # the root's passphrase, then a new one: the root's is refused, a mismatch asked again
    typed = f"{ROOT}\n{ROOT}\n{ROOT}\n{OWN}\n違う\n{OWN}\n{OWN}\n"
    result = _issue(office, env={}, typed=typed)
    assert result.exit_code == 0, result.output + result.stderr
    said = result.output + result.stderr
    assert "事務局のルート鍵と同じパスフレーズは使えません" in said
    assert "監査 太郎 の鍵の新しいパスフレーズ" in said
    assert "2 回の入力が一致しません" in said
    assert _opens(office, OWN) and not _opens(office, ROOT)


def test_a_wrong_root_passphrase_is_refused_before_the_new_one_is_asked(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(signing, "_interactive", lambda: True)
    result = _issue(office, env={}, typed="間違い\n")
    assert result.exit_code == 1
    assert "パスフレーズが違います" in result.stderr and "新しいパスフレーズ" not in result.output
    assert not keys.inspector_paths(office / "keys", NAME)[0].exists()


def test_scripts_give_it_by_file_or_variable(office: Path) -> None:
    result = _issue(
        office, env={"INSPECTOR_KEY_PASSPHRASE": ROOT, "INSPECTOR_NEW_KEY_PASSPHRASE": OWN}
    )
    assert result.exit_code == 0 and "注意" not in result.stderr, result.stderr
    assert _opens(office, OWN) and not _opens(office, ROOT)
    own = office / "own.txt"
    own.write_text("ファイル の 合言葉\n", encoding="utf-8")
    result = _issue(
        office,
        "--replace",
        "--key-passphrase-file",
        str(own),
        env={"INSPECTOR_KEY_PASSPHRASE": ROOT},
    )
    assert result.exit_code == 0, result.stderr
    assert _opens(office, "ファイル の 合言葉")


def test_a_script_giving_the_roots_passphrase_as_the_keys_is_warned(office: Path) -> None:
    # giving none at all is refused (forge5: tests/cli/test_forge5_keys_cli.py)
    both = {"INSPECTOR_KEY_PASSPHRASE": ROOT, "INSPECTOR_NEW_KEY_PASSPHRASE": ROOT}
    result = _issue(office, env=both)
    assert result.exit_code == 0, result.stderr
    assert "ルート鍵と同じパスフレーズで暗号化しました" in result.stderr
    assert "INSPECTOR_NEW_KEY_PASSPHRASE" in result.stderr
    assert _opens(office, ROOT)
    english = CliRunner().invoke(
        cli,
        [*ENGLISH, str(office / "demo.db"), "keys", "issue", "監査 次郎", "--organization", "130"],
        env=both,
    )
    assert english.exit_code == 0 and "encrypted with the office root's passphrase" in (
        english.stderr
    )

"""The config file ends its owner's only when inspector writes it, whatever mode it had
(task cli12, point 3): it may hold a server database's password. One that holds a password
and that others may read is said on stderr when read, never refused. Real files, os.stat,
the real command line in a child process."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from inspector.config import exposed_config, save_settings

ROOT = Path(__file__).resolve().parents[2]
URL = 'db = "postgresql+psycopg://insp:S3cr3tPW@127.0.0.1:55439/insp"\n'


def _mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture(autouse=True)
def _open_umask() -> object:
    old = os.umask(0o022)
    yield None
    os.umask(old)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o660, 0o604])
def test_a_config_others_could_read_ends_the_owners(tmp_path: Path, mode: int) -> None:
    config = tmp_path / "config.toml"
    config.write_text(URL + "# 事務局の設定\n", encoding="utf-8")
    config.chmod(mode)
    save_settings({"inspector_name": "監査 太郎"}, config)
    assert _mode(config) == 0o600
    text = config.read_text(encoding="utf-8")
    saved = tomllib.loads(text)
    assert "S3cr3tPW" in saved["db"] and saved["inspector_name"] == "監査 太郎"
    assert "# 事務局の設定" in text  # nothing the user wrote is lost
    assert [p.name for p in tmp_path.iterdir()] == ["config.toml"]  # no temporary left


def test_the_target_of_a_linked_config_ends_the_owners(tmp_path: Path) -> None:
    real = tmp_path / "dotfiles" / "inspector.toml"
    real.parent.mkdir()
    real.write_text(URL, encoding="utf-8")
    real.chmod(0o644)
    config = tmp_path / "config.toml"
    config.symlink_to(real)
    save_settings({"municipality": "みどり市"}, config)
    assert config.is_symlink() and _mode(real) == 0o600


def test_a_readable_config_with_a_password_is_said(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(URL, encoding="utf-8")
    config.chmod(0o644)
    warning = exposed_config(config)
    assert warning is not None
    assert warning.key == "cli12.config_readable"
    assert warning.params["mode"] == "0644" and warning.params["path"] == config
    assert "S3cr3tPW" not in str(warning)  # the file is named, never what it holds


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        (URL, 0o600),  # the owner's only
        ('db = "/srv/inspector.db"\n', 0o644),  # no password
        ('db = "postgresql+psycopg://insp@127.0.0.1/insp"\n', 0o644),  # no password
        ('municipality = "みどり市"\n', 0o644),
        ("db = [not toml\n", 0o644),  # reading it says what is wrong, once
    ],
)
def test_nothing_is_said_otherwise(tmp_path: Path, text: str, mode: int) -> None:
    config = tmp_path / "config.toml"
    config.write_text(text, encoding="utf-8")
    config.chmod(mode)
    assert exposed_config(config) is None


def test_a_missing_config_is_not_said(tmp_path: Path) -> None:
    assert exposed_config(tmp_path / "none.toml") is None


def _run(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("INSPECTOR_")}
    env |= {"PYTHONPATH": str(ROOT), "INSPECTOR_CONFIG": str(config)}
    return subprocess.run(
        [sys.executable, "-c", "from inspector.cli import main; main()", *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    ("lang", "said"),
    [("ja", "他の利用者も読めます（0644）"), ("en", "can be read by others (0644)")],
)
def test_the_command_line_says_it_and_goes_on(tmp_path: Path, lang: str, said: str) -> None:
    config = tmp_path / "config.toml"
    config.write_text(URL, encoding="utf-8")
    config.chmod(0o644)
    done = _run(config, "--db", str(tmp_path / "x.db"), "--lang", lang, "checklists", "list")
    assert done.returncode == 0, done.stderr
    assert said in done.stderr and str(config) in done.stderr
    assert "S3cr3tPW" not in done.stderr + done.stdout
    assert "backup-media" in done.stdout  # the command ran
    assert _mode(config) == 0o644  # said, not changed: the file is the user's
    config.chmod(0o600)
    again = _run(config, "--db", str(tmp_path / "x.db"), "--lang", lang, "checklists", "list")
    assert again.returncode == 0 and said not in again.stderr


def test_the_interface_s_start_says_it_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`inspector` alone (the interface, opened without the click group): said before the
    first screen, and the interface opens."""
    from inspector.cli import launch

    config = tmp_path / "config.toml"
    config.write_text(URL, encoding="utf-8")
    config.chmod(0o640)
    monkeypatch.setenv("INSPECTOR_CONFIG", str(config))
    opened: list[object] = []
    monkeypatch.setattr(launch, "open_interface", lambda context, **_o: opened.append(context))
    launch.open_alone(str(tmp_path / "x.db"), "en")
    assert len(opened) == 1
    assert "can be read by others (0640)" in capsys.readouterr().err

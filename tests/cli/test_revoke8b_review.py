# ruff: noqa: F811 - the fixtures of test_revocation_cli are imported by name
"""The review of revoke8 (rev8a), fixed in revoke8b: time decides nothing on import (a
list past its next update, one made before the list here, a laptop clock far ahead are
taken with a warning); `keys revoke` killed part-way leaves a key that `keys revoke`
again revokes; two office workers revoking at once make lists 2 and 3 with both (1: the
first, made by init-office); the
laptop's database is consulted only when it opens without asking. Real SQLite files, real
keys folders, the lists read back, real processes killed."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.reports.keys import load_root
from inspector.reports.revocation import crl_number, parse_crl
from inspector.services.revocation import importing as importing_mod
from tests.cli.test_revocation_cli import (  # noqa: F401  (fixtures)
    NAME,
    STEM,
    demo_template,
    laptop_from,
    office,
    run,
)

OTHER = "監査 次郎"
SOURCE = str(Path(__file__).resolve().parents[2])  # the processes run this tree's code
revoke_mod = sys.modules["inspector.services.revocation.revoke"]  # hidden by `revoke`


def _clock(monkeypatch: pytest.MonkeyPatch, module: object, delta: timedelta) -> None:
    class Moved(datetime):
        @classmethod
        def now(cls, tz: object = None) -> Moved:  # type: ignore[override]
            return datetime.now(tz) + delta  # type: ignore[arg-type,return-value]

    monkeypatch.setattr(module, "datetime", Moved)


def _list(tmp: Path, where: str = "office") -> Path:
    return tmp / f"{where}-keys" / "office" / "revocations.crl"


def _serials(tmp: Path, where: str = "office") -> tuple[int, set[int]]:
    root = load_root(tmp / "office-keys")
    crl = parse_crl(_list(tmp, where).read_bytes(), root, "list")
    return crl_number(crl), {e.serial_number for e in crl}


def _rows(tmp: Path) -> list[tuple[str, int]]:
    with sqlite3.connect(tmp / "office.db") as con:
        return con.execute(
            "select name, crl_number from certificate_revocation order by crl_number"
        ).fetchall()


def _serial_of(tmp: Path, name: str) -> int:
    from inspector.reports.keys import inspector_paths, load_certificate

    return load_certificate(inspector_paths(tmp / "office-keys", name)[0]).serial_number


# -- 1. a list past its next update ------------------------------------------------------


def test_a_new_laptop_takes_a_list_a_year_old_with_a_warning(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop_from(office, "newlaptop")
    serial = _serial_of(office, NAME)
    assert run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")[0] == 0
    _clock(monkeypatch, importing_mod, timedelta(days=366))
    code, out, err = run(office, "newlaptop", "keys", "import-revocations", str(_list(office)))
    assert code == 0, err
    assert "is past its next update" in err and "makes a new list with its next revocation" in err
    assert _serials(office, "newlaptop") == (2, {serial})
    assert f"the key of {NAME} in this keys folder is revoked" in out


def test_the_list_already_here_is_up_to_date_whatever_its_age(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop_from(office, "laptop")
    assert run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")[0] == 0
    assert run(office, "laptop", "keys", "import-revocations", str(_list(office)))[0] == 0
    _clock(monkeypatch, importing_mod, timedelta(days=400))  # also: a laptop clock far ahead
    code, out, err = run(office, "laptop", "keys", "import-revocations", str(_list(office)))
    assert code == 0, err
    assert "up to date" in out and "past its next update" not in err


def test_the_warning_is_japanese_with_a_reiwa_date_by_default(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laptop_from(office, "laptop")
    assert run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")[0] == 0
    _clock(monkeypatch, importing_mod, timedelta(days=400))
    result = CliRunner().invoke(
        cli,
        ["--db", str(office / "laptop.db"), "keys", "import-revocations", str(_list(office))],
        env={"INSPECTOR_KEYS_DIR": str(office / "laptop-keys")},
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    assert "警告:" in result.stderr and "次の更新予定" in result.stderr
    assert "令和" in result.stderr and "JST" not in result.stderr


# -- 2. a list made before the one here ----------------------------------------------------


def test_a_list_made_before_the_one_here_is_taken_after_a_future_one(
    office: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The office clock three years ahead for list 2 (1: made by init-office), then set right
    and the office's list file lost: list 3 (made now) is taken by a laptop holding list 2,
    with a warning."""
    assert run(office, "office", "keys", "issue", OTHER, "--organization", "130")[0] == 0
    laptop_from(office, "laptop")
    other = _serial_of(office, OTHER)
    serial = _serial_of(office, NAME)
    _clock(monkeypatch, revoke_mod, timedelta(days=3 * 365))
    assert run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")[0] == 0
    shutil.copy(_list(office), office / "list2.crl")
    assert run(office, "laptop", "keys", "import-revocations", str(office / "list2.crl"))[0] == 0
    monkeypatch.setattr(revoke_mod, "datetime", datetime)
    _list(office).unlink()
    assert run(office, "office", "keys", "revoke", OTHER, "--reason", "退職")[0] == 0
    code, _, err = run(office, "laptop", "keys", "import-revocations", str(_list(office)))
    assert code == 0, err
    assert "check the office computer's clock" in err
    assert _serials(office, "laptop") == (3, {serial, other})
    made = parse_crl(_list(office).read_bytes(), load_root(office / "office-keys"), "2")
    assert made.last_update_utc < datetime.now(UTC) + timedelta(days=1)  # not carried on


# -- 3. killed part-way --------------------------------------------------------------------

KILL_AT_LIST = """
import os, signal, sys
import inspector.output_files as of
def killed(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
of.write_atomic = killed
from inspector.cli.main import cli
cli(sys.argv[1:])
"""


def _cli_process(office: Path, script: Path, *args: str) -> subprocess.Popen[str]:
    env = dict(
        os.environ,
        INSPECTOR_KEYS_DIR=str(office / "office-keys"),
        INSPECTOR_KEY_PASSPHRASE="pw",
        PYTHONDONTWRITEBYTECODE="1",
        PYTHONPATH=SOURCE,
    )
    command = [sys.executable, str(script), "--lang", "en", "--db", str(office / "office.db")]
    return subprocess.Popen(
        [*command, *args], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_keys_revoke_killed_part_way_then_run_again_revokes_the_key(
    office: Path, tmp_path: Path
) -> None:
    script = tmp_path / "kill.py"
    script.write_text(KILL_AT_LIST)
    serial = _serial_of(office, NAME)
    killed = _cli_process(office, script, "keys", "revoke", NAME, "--reason", "紛失")
    killed.communicate(timeout=120)
    assert killed.returncode == -signal.SIGKILL
    pair = office / "office-keys" / "inspectors"
    assert (pair / f"{STEM}.pem").is_file() and (pair / f"{STEM}.key.pem").is_file()
    code, _, err = run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")
    assert code == 0, err
    assert _rows(office) == [(NAME, 2)] and _serials(office) == (2, {serial})
    assert not (pair / f"{STEM}.pem").exists()
    assert (pair / "revoked" / f"{STEM}.{serial:X}.pem").is_file()


def test_a_pair_filed_away_but_recorded_nowhere_is_revoked(office: Path) -> None:
    """What revoke8's order left when killed after the move: the pair in revoked/, nothing
    in the database or the list. `keys revoke` finds it and revokes it there."""
    serial = _serial_of(office, NAME)
    pair = office / "office-keys" / "inspectors"
    (pair / "revoked").mkdir(mode=0o700)
    filed = pair / "revoked" / f"{STEM}.{serial:X}.pem"
    (pair / f"{STEM}.key.pem").replace(pair / "revoked" / f"{STEM}.{serial:X}.key.pem")
    (pair / f"{STEM}.pem").replace(filed)
    before = filed.read_bytes()
    code, _, err = run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")
    assert code == 0, err
    assert _rows(office) == [(NAME, 2)] and _serials(office) == (2, {serial})
    assert filed.read_bytes() == before
    code, _out, err = run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")
    assert code == 1 and "already revoked" in err  # now known: not revoked twice


# -- 4. two office workers at once ---------------------------------------------------------

SLOW_LIST = """
import sys, time
from pathlib import Path
import inspector.output_files as of
real = of.write_atomic
def slow(*a, **k):
    Path(sys.argv.pop(1)).touch()  # holding the write lock now
    time.sleep(3)
    return real(*a, **k)
of.write_atomic = slow
from inspector.cli.main import cli
cli(sys.argv[1:])
"""


def test_two_revocations_at_once_make_lists_two_and_three_with_both(
    office: Path, tmp_path: Path
) -> None:
    assert run(office, "office", "keys", "issue", OTHER, "--organization", "130")[0] == 0
    serials = {_serial_of(office, NAME), _serial_of(office, OTHER)}
    slow = tmp_path / "slow.py"
    slow.write_text(SLOW_LIST.replace("sys.argv.pop(1)", f"{str(tmp_path / 'locked')!r}"))
    first = _cli_process(office, slow, "keys", "revoke", NAME, "--reason", "a")
    deadline = time.monotonic() + 120
    while not (tmp_path / "locked").exists():
        assert first.poll() is None and time.monotonic() < deadline
        time.sleep(0.05)
    second = subprocess.run(
        [
            sys.executable,
            "-m",
            "inspector",
            "--lang",
            "en",
            "--db",
            str(office / "office.db"),
            "keys",
            "revoke",
            OTHER,
            "--reason",
            "b",
        ],
        env=dict(os.environ, INSPECTOR_KEYS_DIR=str(office / "office-keys"), PYTHONPATH=SOURCE),
        capture_output=True,
        text=True,
        timeout=120,
    )
    out, err = first.communicate(timeout=120)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert "number 2, 1 revoked" in out and "number 3, 2 revoked" in second.stdout
    assert _rows(office) == [(NAME, 2), (OTHER, 3)]
    assert _serials(office) == (3, serials)


# -- 5. the laptop's database ----------------------------------------------------------------


def test_a_laptop_database_that_does_not_open_does_not_block_the_list(office: Path) -> None:
    laptop_from(office, "laptop")
    serial = _serial_of(office, NAME)
    assert run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")[0] == 0
    garbage = b"not a database" * 100
    (office / "laptop.db").write_bytes(garbage)
    code, _out, err = run(office, "laptop", "keys", "import-revocations", str(_list(office)))
    assert code == 0, err
    assert "was not checked against its revocation log" in err
    assert _serials(office, "laptop") == (2, {serial})
    assert (office / "laptop.db").read_bytes() == garbage


def test_a_laptop_database_at_an_older_revision_is_not_migrated(office: Path) -> None:
    laptop_from(office, "laptop")
    assert run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")[0] == 0
    with sqlite3.connect(office / "laptop.db") as con:
        con.execute("update alembic_version set version_num = '0015'")
    code, _, err = run(office, "laptop", "keys", "import-revocations", str(_list(office)))
    assert code == 0, err
    assert "was not checked against its revocation log" in err
    with sqlite3.connect(office / "laptop.db") as con:
        assert con.execute("select version_num from alembic_version").fetchall() == [("0015",)]


def test_a_laptop_database_that_opens_is_consulted(office: Path) -> None:
    laptop_from(office, "laptop")
    assert run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")[0] == 0
    code, _, err = run(office, "laptop", "keys", "import-revocations", str(_list(office)))
    assert code == 0 and "not checked" not in err, err


def test_a_second_worker_who_planned_the_same_revocation_is_refused_under_the_lock(
    office: Path,
) -> None:
    """Both planned before either took the lock: the second reads the first's record under
    it and is refused as already revoked; list 2 (after the first, made with the root) stays."""
    from inspector.config import Settings
    from inspector.context import AppContext
    from inspector.services.revocation import RevocationRefused, plan_revocation, revoke

    ctx = AppContext(Settings(db=str(office / "office.db"), keys_dir=office / "office-keys"))
    first, second = plan_revocation(ctx, NAME), plan_revocation(ctx, NAME)
    revoke(ctx, first, b"pw", reason="紛失", reason_code="key-compromise")
    listed = _list(office).read_bytes()
    with pytest.raises(RevocationRefused, match="already revoked"):
        revoke(ctx, second, b"pw", reason="紛失", reason_code="key-compromise")
    assert _list(office).read_bytes() == listed and _rows(office) == [(NAME, 2)]


def test_keys_list_does_not_call_a_filed_unrecorded_certificate_valid(office: Path) -> None:
    import json

    serial = _serial_of(office, NAME)
    pair = office / "office-keys" / "inspectors"
    (pair / "revoked").mkdir(mode=0o700)
    (pair / f"{STEM}.pem").replace(pair / "revoked" / f"{STEM}.{serial:X}.pem")
    code, out, err = run(office, "office", "keys", "list", "--json")
    assert code == 0, err
    assert [r["status"] for r in json.loads(out)] == ["filed, not revoked"]
    assert run(office, "office", "keys", "revoke", NAME, "--reason", "紛失")[0] == 0
    code, out, err = run(office, "office", "keys", "list", "--json")
    assert [r["status"].split()[0] for r in json.loads(out)] == ["revoked"]

"""`-o` and `--force` through the command line on a real demo database: an existing file is
replaced only with --force and whole; names built from organization codes stay in -o's
folder even for a code stored before codes were checked."""

from __future__ import annotations

import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook
from pypdf import PdfReader

from inspector.cli.main import cli


@pytest.fixture(scope="module")
def demo_template(demo_templates: Callable[[date], Path]) -> Path:
    return demo_templates(date(2025, 3, 31))  # built once per test process (tests/conftest.py)


@pytest.fixture
def db(tmp_path: Path, demo_template: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("INSPECTOR_KEYS_DIR", str(tmp_path / "keys"))
    path = tmp_path / "i.db"
    shutil.copy(demo_template, path)
    return path


def run(db: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(
        cli, ["--lang", "en", "--db", str(db), *args], catch_exceptions=False
    )
    return result.exit_code, result.stdout, result.stderr


def test_export_csv_replaces_an_existing_file_only_with_force(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "a.csv"
    out.write_text("mine\n", encoding="utf-8")
    code, _, err = run(db, "export-csv", "-o", str(out))
    assert code == 1 and "already exists; use --force" in err
    assert out.read_text(encoding="utf-8") == "mine\n"
    code, _, err = run(db, "export-csv", "-o", str(out), "--force")
    assert code == 0, err
    text = out.read_text(encoding="utf-8-sig")
    assert text.startswith("organization,respondent") and text.endswith("\n")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []


def test_xlsx_with_force_is_a_whole_workbook(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "t.xlsx"
    out.write_bytes(b"old")
    code, _, err = run(db, "consolidate", "--checklist", "juki-department", "--xlsx", str(out))
    assert code == 1 and "already exists" in err and out.read_bytes() == b"old"
    code, _, err = run(
        db, "consolidate", "--checklist", "juki-department", "--xlsx", str(out), "--force"
    )
    assert code == 0, err
    assert "項目別集計" in load_workbook(out).sheetnames


def test_forms_and_summary_with_force_are_whole_pdfs(db: Path, tmp_path: Path) -> None:
    for args in (
        ["forms", "print", "entry-log"],
        ["report", "summary", "--checklist", "juki-department"],
    ):
        out = tmp_path / "x.pdf"
        out.write_bytes(b"old")
        code, _, err = run(db, *args, "-o", str(out), "--force")
        assert code == 0, err
        assert len(PdfReader(out).pages) >= 1


def test_a_stored_code_with_a_path_stays_in_the_output_folder(
    db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A code stored before codes were checked (or by an old version) names no path."""
    conn = sqlite3.connect(db)
    with conn:
        conn.execute("UPDATE organization SET code = 'x/../../escaped' WHERE code = '120'")
    conn.close()
    out = tmp_path / "out"
    out.mkdir()
    code, stdout, err = run(
        db, "report", "plans", "--organization", "x/../../escaped", "--unsigned", "-o", str(out)
    )
    assert code == 0, err
    written = Path(stdout.strip())
    assert written.parent.resolve() == out.resolve()
    assert written.name.startswith("plans_x_") and "/" not in written.name
    monkeypatch.chdir(out)  # the default name, in the current folder
    code, stdout, err = run(
        db, "report", "followup", "--organization", "x/../../escaped", "--unsigned"
    )
    assert code == 0, err
    assert Path(stdout.strip()).resolve().parent == out.resolve()
    assert not (tmp_path.parent / "escaped").exists()


def test_notice_batch_makes_its_folder_only_inside_an_existing_one(
    db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "notices"
    code, stdout, err = run(db, "report", "notice", "--all", "--unsigned", "-o", str(folder))
    assert code == 0, err
    files = [Path(line) for line in stdout.split()]
    assert files and all(f.parent.resolve() == folder.resolve() for f in files)


def test_killed_exports_leave_the_whole_file_or_none(db: Path, tmp_path: Path) -> None:
    """SIGKILL at moments spread over a real `consolidate --xlsx` run: the target is either
    absent or a whole workbook, and nothing else is left in the folder."""
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    args = [sys.executable, "-m", "inspector", "--db", str(db), "consolidate"]
    args += ["--checklist", "juki-department", "--xlsx"]
    started = time.perf_counter()
    subprocess.run([*args, str(out_dir / "full.xlsx")], check=True, capture_output=True)
    whole = time.perf_counter() - started
    (out_dir / "full.xlsx").unlink()
    for n in range(5):
        target = out_dir / f"k{n}.xlsx"
        proc = subprocess.Popen(
            [*args, str(target)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(whole * (0.6 + 0.1 * n))
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if target.exists():
            assert "項目別集計" in load_workbook(target).sheetnames
    assert all(p.suffix == ".xlsx" and not p.name.startswith(".") for p in out_dir.iterdir())

"""`import-csv` with many bad rows lists the first ones and counts the others (import8):
a million bad rows used to print a million lines."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.exchange.answers_csv import COLUMNS
from inspector.exchange.csvfile import LISTED


def _bad_file(tmp_path: Path, rows: int) -> Path:
    from inspector.store.database import open_database

    # the database exists: a new one's notice (hunt9 M6) is not a problem line
    open_database(f"sqlite:///{tmp_path / 'x.db'}").dispose()
    path = tmp_path / "bad.csv"
    body = "".join("999,,,juki-department,d-01,compliant,,,\n" for _ in range(rows))
    path.write_text(",".join(COLUMNS) + "\n" + body, encoding="utf-8")
    return path


def test_many_problems_are_listed_up_to_the_limit_then_counted(tmp_path: Path) -> None:
    path = _bad_file(tmp_path, LISTED + 150)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "import-csv", str(path)])
    assert result.exit_code == 1 and result.exception is not None
    lines = result.stderr.splitlines()
    assert len(lines) == LISTED + 2
    assert lines[0].startswith(f"エラー: {path}: 2 行目: 組織「999」は登録されていません")
    assert lines[LISTED - 1].startswith(f"エラー: {path}: {LISTED + 1} 行目:")
    assert lines[-2] == f"ほか 150 件（最初の {LISTED} 件だけを表示しました）"
    assert lines[-1] == f"問題 {LISTED + 150} 件のため、何も書き込みませんでした。"


def test_the_count_is_said_in_english_too(tmp_path: Path) -> None:
    path = _bad_file(tmp_path, LISTED + 1)
    result = CliRunner().invoke(
        cli, ["--lang", "en", "--db", str(tmp_path / "x.db"), "import-csv", str(path)]
    )
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[-2:] == [
        f"and 1 more (only the first {LISTED} are listed)",
        f"{LISTED + 1} problem(s); nothing was written.",
    ]


def test_a_few_problems_are_all_listed_without_a_remainder_line(tmp_path: Path) -> None:
    path = _bad_file(tmp_path, 3)
    result = CliRunner().invoke(cli, ["--db", str(tmp_path / "x.db"), "import-csv", str(path)])
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 4 and "ほか" not in result.stderr

"""The command line speaks Japanese by default: messages, table headers, prompts and errors
(click's usage errors too); `--lang en` still gives English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli

# English words allowed in Japanese output: abbreviations and names of things
ALLOWED = {"ID", "PDF", "PEM", "SHA", "CSV", "UTF", "SQLite", "OPTIONS", "COMMAND", "ARGS"}
ALLOWED |= {"FILE", "CODE", "DATE", "NAME", "STAFF_NO", "N", "PATH", "ok", "NG"}
ALLOWED |= {"list"}  # the command click suggests for a misspelt one
# ids, codes, options, paths, file names: anything with a digit, - / . _ : = or @ in it
_TOKEN = re.compile(r"[^\s'\"`()（）、。：,=]+")
_ID_LIKE = re.compile(r"[\d\-/._=@$#]|:/")
_WORD = re.compile(r"[A-Za-z]{2,}")


def english_words(text: str, command: tuple[str, ...] = ()) -> list[str]:
    """Words of English in `text`, other than ids, codes, options, paths and the names of
    the command run (the usage line repeats them)."""
    found = []
    names = {"cli", "inspector", *command}
    for token in _TOKEN.findall(text):
        token = token.strip(":")
        if token in names:
            continue
        if _ID_LIKE.search(token) or token.startswith("--"):
            continue
        for word in _WORD.findall(token):
            if word not in ALLOWED:
                found.append(word)
    return found


def run(db: Path, *args: str, lang: str | None = None) -> tuple[int, str]:
    head = ["--db", str(db), *(["--lang", lang] if lang else [])]
    result = CliRunner().invoke(cli, [*head, *args], catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ja") / "demo.db"
    assert CliRunner().invoke(cli, ["--db", str(db), "demo"]).exit_code == 0
    return db


COMMANDS: list[tuple[str, ...]] = [
    ("demo",),  # the database already has data
    ("sessions", "list"),
    ("people", "list", "--organization", "110"),
    ("orgs", "list"),
    ("db", "info"),
    ("selfcheck", "--organization", "110", "--checklist", "juki-department", "--no-open"),
    ("selfcheck", "--organization", "999", "--checklist", "juki-department", "--no-open"),
    ("cards", "list", "--organization", "210"),
    ("cards", "reconcile", "--organization", "120", "--date", "令和8年12月2日"),
    ("cards", "reconcile", "--organization", "120", "--date", "令和8年2月30日"),
    ("sessions", "list", "--organization"),  # click: an option without its value
    ("sessions", "lst"),  # click: no such command
    ("orgs", "list", "--bogus"),  # click: no such option
    ("people", "list", "--organization", "ZZZ"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_japanese_by_default(demo_db: Path, args: tuple[str, ...]) -> None:
    _code, output = run(demo_db, *args)
    assert english_words(output, args) == [], output


@pytest.mark.parametrize("args", COMMANDS[:5], ids=lambda a: " ".join(a))
def test_english_with_lang_en(demo_db: Path, args: tuple[str, ...]) -> None:
    _code, output = run(demo_db, *args, lang="en")
    assert english_words(output, args), output
    assert not re.search(
        r"[ぁ-んァ-ヶー]{2,}", output.replace("みどり", "").replace("子育て", "")
    ), output


def test_the_scan_finds_english() -> None:
    assert english_words("error: unknown organization '999'") == [
        "error",
        "unknown",
        "organization",
    ]
    assert english_words("エラー: 組織コード '999' はありません {tmp}/a.csv juki-department") == []


def test_cards_list_shows_japan_time(demo_db: Path) -> None:
    _code, output = run(demo_db, "cards", "list", "--organization", "210")
    assert "令和" in output and "+00:00" not in output and "T" not in output.split("\n", 2)[2]


def test_help_in_japanese_by_default(demo_db: Path) -> None:
    _code, output = run(demo_db, "--help")
    assert "使い方:" in output and "コマンド" in output and "オプション" in output
    assert "発行した監査員" not in output  # subcommands' help is their own
    _code, output = run(demo_db, "keys", "--help")
    assert "発行した監査員の証明書の一覧。" in output and "The issued" not in output
    _code, output = run(demo_db, "keys", "list", "--help", lang="en")
    assert "The issued inspector certificates." in output and "Usage:" in output

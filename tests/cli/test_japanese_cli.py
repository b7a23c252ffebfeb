"""The command line speaks Japanese by default: messages, table headers, prompts and errors
(click's usage errors too); `--lang en` still gives English."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from inspector.i18n import Translator

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


# Errors raised below the services (store, CSV, checklist loading, bundles) carry a
# catalogue key: Japanese by default, the same English as before with --lang en.


def _errors(tmp: Path, lang: str | None, *args: str, env: dict[str, str] | None = None) -> str:
    head = ["--db", str(tmp / "demo.db"), *(["--lang", lang] if lang else [])]
    result = CliRunner().invoke(cli, [*head, *args], env=env, catch_exceptions=False)
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture
def demo_copy(demo_db: Path, tmp_path: Path) -> Path:
    (tmp_path / "demo.db").write_bytes(demo_db.read_bytes())
    return tmp_path


def test_a_wrong_database_passphrase_in_japanese(demo_copy: Path) -> None:
    right = {"INSPECTOR_DB_PASSPHRASE": "correct-horse-battery"}
    result = CliRunner().invoke(
        cli, ["--db", str(demo_copy / "demo.db"), "db", "encrypt"], env=right
    )
    assert result.exit_code == 0, result.output
    wrong = {"INSPECTOR_DB_PASSPHRASE": "wrong-horse-battery"}
    output = _errors(demo_copy, None, "sessions", "list", env=wrong)
    assert "パスフレーズが違います" in output and english_words(output) == [], output
    output = _errors(demo_copy, "en", "sessions", "list", env=wrong)
    assert "error: wrong passphrase for the encrypted database" in output


def test_a_bad_csv_row_in_japanese(demo_copy: Path) -> None:
    csv = demo_copy / "answers.csv"
    csv.write_text(
        "organization,respondent,staff_type,checklist,item,answer,reason,note,answered_at\n"
        ",山田,,juki-department,d-01,1,,,\n"
        "110,山田,,no-such-list,d-01,1,,,\n",
        encoding="utf-8",
    )
    output = _errors(demo_copy, None, "import-csv", str(csv))
    assert "2 行目: 組織が空欄です" in output
    assert "3 行目: チェックリスト「no-such-list」はありません" in output
    assert english_words(output) == [], output
    output = _errors(demo_copy, "en", "import-csv", str(csv))
    assert "row 2: empty organization" in output
    assert "row 3: unknown checklist 'no-such-list'" in output


def test_a_broken_checklist_in_japanese(demo_copy: Path) -> None:
    broken = demo_copy / "broken.yaml"
    broken.write_text("id: broken\n", encoding="utf-8")
    output = _errors(demo_copy, None, "checklists", "validate", str(broken))
    assert "「title」がありません" in output, output
    fields_named = re.sub(r"「[^」]*」", "", output)  # YAML keys are the file's own words
    assert english_words(fields_named) == [], output
    output = _errors(demo_copy, "en", "checklists", "validate", str(broken))
    assert "missing 'title'" in output


def test_a_refused_bundle_in_japanese(demo_copy: Path) -> None:
    env = {"INSPECTOR_KEYS_DIR": str(demo_copy / "keys"), "INSPECTOR_KEY_PASSPHRASE": "pw"}
    head = ["--db", str(demo_copy / "demo.db")]
    result = CliRunner().invoke(cli, [*head, "keys", "init-office"], env=env)
    assert result.exit_code == 0, result.output
    junk = demo_copy / "junk.bundle"
    junk.write_bytes(b"not a bundle at all")
    output = _errors(demo_copy, None, "bundle", "import", str(junk), env=env)
    assert "inspector のバンドルではありません" in output, output
    assert english_words(output.replace("inspector", "")) == [], output
    output = _errors(demo_copy, "en", "bundle", "import", str(junk), env=env)
    assert "not an inspector bundle (unknown format marker); nothing was imported" in output


def _commands(command: click.Command, path: str = "") -> list[tuple[str, click.Command]]:
    found = [(path, command)]
    if isinstance(command, click.Group):
        ctx = click.Context(command)
        for name in command.list_commands(ctx):
            sub = command.get_command(ctx, name)
            assert sub is not None
            found += _commands(sub, f"{path}.{name}" if path else name)
    return found


def test_every_option_has_japanese_help() -> None:
    ja = Translator("ja")
    missing = [
        f"{path or 'root'}.{param.name}"
        for path, command in _commands(cli)
        for param in command.params
        if isinstance(param, click.Option) and param.help and param.name != "version"
        if ja(f"cli.help_options.{path or 'root'}.{param.name}").startswith("cli.")
    ]
    assert missing == []


def test_option_help_in_japanese_by_default(demo_db: Path) -> None:
    _code, output = run(demo_db, "report", "notice", "--help")
    assert "署名のない下書き（記録しません）。" in output, output
    assert "A draft without signature" not in output
    _code, output = run(demo_db, "report", "notice", "--help", lang="en")
    assert "A draft without signature (not recorded)." in output


_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff01-\uff60]")


def _mostly_japanese(line: str) -> bool:
    """A line of Japanese prose; a document's printed name in English help (「改善計画書
    workbooks」) or a Japanese default value is not."""
    return len(_JAPANESE.findall(line)) > len(re.findall(r"[A-Za-z]", line))


def test_every_command_help_in_english_with_lang_en(demo_db: Path) -> None:
    """`--lang en X --help` is English for every command (`db copy` printed Japanese: its
    help was read from the catalogue at import, before the language was known)."""
    japanese = []
    for path, _command in _commands(cli):
        _code, output = run(demo_db, *path.split(".") if path else [], "--help", lang="en")
        japanese += [f"{path}: {line}" for line in output.splitlines() if _mostly_japanese(line)]
    assert japanese == []

"""Every refusal of the corpus speaks the language of the run: Japanese by default (no
line of English prose on stderr), English with `--lang en` (no Japanese sentence made by
the program, only the user's own Japanese names and values quoted in it)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from tests.corpus.case import Case, expand, write_files
from tests.corpus.conftest import copy_sources
from tests.corpus.test_corpus import CASES

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
#: three English words in a row: a phrase, not a path, a key, an id or a command
ENGLISH_PROSE = re.compile(r"\b[A-Za-z]{2,}\s+[a-z]{2,}\s+[a-z]{2,}\b")
#: kana of the program's own sentences (です・ます endings, particles after quotes)
JAPANESE_SENTENCE = re.compile(r"(ません|ます|です|してください|できません)")


def _run(case: Case, lang: str | None, sources: dict[str, Path], folder: Path) -> str:
    places = copy_sources(sources, folder, demo=case.demo, keys=case.keys)
    write_files(case, places)
    if case.setup is not None:
        case.setup(places)
    env = {
        "INSPECTOR_KEYS_DIR": places["keys"],
        **{k: expand(v, places) for k, v in case.env.items()},
    }
    args = ["--db", places["db"]]
    if lang:
        args += ["--lang", lang]
    args += [expand(a, places) for a in case.args]
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=True)
    return result.stderr


def _strip_quoted(line: str) -> str:
    """The line without what it quotes from the user's input or the system: values in
    quotes and brackets, paths, and the operating system's own error texts."""
    line = re.sub(r"「[^」]*」|'[^']*'|\"[^\"]*\"|`[^`]*`", " ", line)
    line = re.sub(r"\[Errno [^\]]*\][^:）)]*", " ", line)
    return re.sub(r"(/[^\s:：（）()]+)+", " ", line)


#: what other programs say, quoted as the detail of a Japanese sentence
EXTERNAL = re.compile(
    r"connection (is bad|to server)[^。）]*"
    r"|Could not parse SQLAlchemy URL[^。）]*|invalid literal for int\(\)[^。）]*"
    r"|file is not a database|image file is truncated|cannot identify image file[^。）]*"
)


def english_lines(stderr: str) -> list[str]:
    """Lines with a phrase of English that is not quoted from the user or another program
    (a line of the run's own making, between its Japanese words)."""
    found = []
    for line in stderr.splitlines():
        if line.startswith(("使い方:", "Usage:")):  # the command's own synopsis
            continue
        rest = EXTERNAL.sub(" ", _strip_quoted(line))
        if any(ENGLISH_PROSE.search(part) for part in JAPANESE.split(rest)):
            found.append(line)
    return found


def japanese_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if JAPANESE_SENTENCE.search(_strip_quoted(line))]


JA_CASES = [replace(c, lang=None) for c in CASES]


@pytest.mark.parametrize("case", JA_CASES, ids=[c.id for c in JA_CASES])
def test_refusal_is_japanese_by_default(
    case: Case, corpus_sources: dict[str, Path], corpus_folder: Path
) -> None:
    stderr = _run(case, None, corpus_sources, corpus_folder)
    assert JAPANESE.search(stderr), f"{case.id}: no Japanese at all:\n{stderr}"
    assert english_lines(stderr) == [], f"{case.id}: English in a Japanese run:\n{stderr}"


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_refusal_is_english_with_lang_en(
    case: Case, corpus_sources: dict[str, Path], corpus_folder: Path
) -> None:
    stderr = _run(case, "en", corpus_sources, corpus_folder)
    assert japanese_lines(stderr) == [], f"{case.id}: Japanese in an English run:\n{stderr}"

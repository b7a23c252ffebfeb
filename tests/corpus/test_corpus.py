"""Every bad input in the corpus is refused: non-zero exit, what and where, no traceback,
no escape byte on the terminal, the database and every other file unchanged."""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from inspector.cli.main import cli
from tests import corpus
from tests.corpus.case import Case, expand, write_files
from tests.corpus.conftest import copy_sources


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    for info in pkgutil.iter_modules(corpus.__path__):
        if info.name.startswith("cases_"):
            module = importlib.import_module(f"tests.corpus.{info.name}")
            cases += module.CASES
    ids = [c.id for c in cases]
    assert len(ids) == len(set(ids)), "two corpus cases share an id"
    return cases


CASES = _all_cases()


def database_dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


def files_state(folder: Path, skip: set[Path]) -> dict[str, str]:
    state: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        if path in skip or path.name.startswith("inspector.db"):
            continue
        rel = str(path.relative_to(folder))
        if path.is_symlink():
            state[rel] = "link:" + str(path.readlink())
        elif path.is_file():
            state[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            state[rel] = "dir"
    return state


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_refused(
    case: Case,
    corpus_sources: dict[str, Path],
    corpus_folder: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    places = copy_sources(corpus_sources, corpus_folder, demo=case.demo, keys=case.keys)
    if case.in_folder:
        monkeypatch.chdir(corpus_folder)
    write_files(case, places)
    if case.setup is not None:
        case.setup(places)
    db = Path(places["db"])
    allowed = {corpus_folder / expand(name, places) for name in case.may_write}
    before_db = database_dump(db)
    before_files = files_state(corpus_folder, allowed)

    env = {
        "INSPECTOR_KEYS_DIR": places["keys"],
        **{k: expand(v, places) for k, v in case.env.items()},
    }
    args = ["--db", str(db)]
    if case.lang:
        args += ["--lang", case.lang]
    args += [expand(a, places) for a in case.args]
    result = CliRunner().invoke(cli, args, env=env, catch_exceptions=True)

    output = result.output + result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"{case.id}: raised {result.exception!r}\n{output}")
    assert "Traceback" not in output, output
    assert "\x1b" not in output, f"{case.id}: an escape byte reached the terminal: {output!r}"
    if case.exit_code is None:
        assert result.exit_code != 0, f"{case.id}: exit 0\n{output}"
    else:
        assert result.exit_code == case.exit_code, f"{case.id}: exit {result.exit_code}\n{output}"
    for wanted in case.expect:
        assert expand(wanted, places) in result.stderr, (
            f"{case.id}: {wanted!r} not in stderr:\n{result.stderr}"
        )
    assert database_dump(db) == before_db, f"{case.id}: the database changed"
    assert files_state(corpus_folder, allowed) == before_files, f"{case.id}: a file changed"

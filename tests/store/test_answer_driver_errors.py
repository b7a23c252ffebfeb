"""The fast answer save runs its statements on the driver's cursor (`answer_writes._Driver`),
not through SQLAlchemy's `exec_driver_sql`: a database that refuses one of them must still
fail the save as the Core path fails it (the same `DatabaseError` or SQLAlchemy error, with
the driver's error as its cause), write nothing, and leave the write lock free."""

from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy.exc import DBAPIError

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.model import AnswerState
from inspector.store.repository import Repository
from tests.store.test_answer_fast_path import _database, _written

_REFUSALS = {
    # SQLITE_CONSTRAINT: the driver's IntegrityError, a plain sentence from the guard
    "abort": "SELECT RAISE(ABORT, 'refused by the database')",
    # SQLITE_ERROR from inside the statement: the driver's OperationalError
    "error": "SELECT no_such_function()",
}


def _refuse(path: Path, table: str, body: str) -> None:
    with sqlite3.connect(path) as other:
        other.execute(f"CREATE TRIGGER refuse BEFORE INSERT ON {table} BEGIN {body}; END")
    other.close()


def _failure(repo: Repository, session_id: int, *, at_once: bool) -> BaseException:
    def change(old: AnswerState) -> AnswerState:
        return replace(old, value="compliant")

    with pytest.raises(Exception) as caught:
        if at_once:
            repo.save_answer_at_once(session_id, "c1", change, "監査 太郎")
        else:
            repo.save_answer(session_id, "c1", change, "監査 太郎")
    return caught.value


def _chain(exc: BaseException | None) -> list[type[BaseException]]:
    found = []
    while exc is not None:
        found.append(type(exc))
        exc = exc.__cause__
    return found


@pytest.mark.parametrize("table", ["answer", "answer_change"])
@pytest.mark.parametrize("refusal", sorted(_REFUSALS))
def test_a_refused_statement_fails_as_on_the_core_path(
    tmp_path: Path, mini_catalog: ChecklistCatalog, table: str, refusal: str
) -> None:
    failures = {}
    for name, fast, at_once in (
        ("core", False, False),
        ("fast", True, False),
        ("at_once", True, True),
    ):
        path = tmp_path / f"{name}.db"
        repo, session_id = _database(path, mini_catalog, fast=fast)
        _refuse(path, table, _REFUSALS[refusal])
        before = _written(repo)
        failures[name] = _failure(repo, session_id, at_once=at_once)
        assert _written(repo) == before  # nothing written
        with repo.engine.connect() as conn:  # rolled back: the write lock is free again
            conn.exec_driver_sql("BEGIN IMMEDIATE")
            conn.rollback()
        repo.engine.dispose()
    core = failures["core"]
    for name in ("fast", "at_once"):
        failure = failures[name]
        assert _chain(failure) == _chain(core), name
        assert str(failure).splitlines()[0] == str(core).splitlines()[0], name
        wrapped = next(e for e in (failure, failure.__cause__) if isinstance(e, DBAPIError))
        assert isinstance(wrapped.orig, sqlite3.Error)

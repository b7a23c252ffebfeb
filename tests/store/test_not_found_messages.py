"""A row asked for by a number that does not exist is named in the run's language
("見つかりません: 点検 #9999"), not in English ("session #9999") in a Japanese run."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from inspector.i18n import Translator, render
from inspector.store.errors import NotFound
from inspector.store.repositories.findings import FindingRepository
from inspector.store.repository import Repository

CASES: list[tuple[str, Callable[[Repository], object], str, str]] = [
    ("session", lambda r: r.session(9999), "点検 #9999", "session #9999"),
    ("organization", lambda r: r.organization(9999), "組織 #9999", "organization #9999"),
    ("person", lambda r: r.person(9999), "職員 #9999", "person #9999"),
    (
        "finding",
        lambda r: FindingRepository(r.engine).finding(9999),
        "指摘事項 #9999",
        "finding #9999",
    ),
    (
        "plan",
        lambda r: FindingRepository(r.engine).plan(9999),
        "改善計画 #9999",
        "improvement plan #9999",
    ),
]


@pytest.mark.parametrize(("name", "ask", "ja", "en"), CASES, ids=[c[0] for c in CASES])
def test_a_missing_row_is_named_in_the_language_of_the_run(
    repo: Repository, name: str, ask: Callable[[Repository], object], ja: str, en: str
) -> None:
    with pytest.raises(NotFound) as raised:
        ask(repo)
    assert render(raised.value, Translator("ja")) == ja
    assert render(raised.value, Translator("en")) == en
    assert str(raised.value) == en  # logs and `str(exc)` read as before

"""The highest revocation-list number a keys folder took (bundlemerge 3): never lowered, a
damaged record counts as none, and a record that cannot be written leaves the rest as it
is (the list is already in place)."""

from __future__ import annotations

from pathlib import Path

from inspector.reports.revocation_seen import (
    list_problem,
    remember_number,
    remembered_number,
    seen_path,
)


def test_the_number_is_remembered_and_never_lowered(tmp_path: Path) -> None:
    (tmp_path / "office").mkdir()
    assert remembered_number(tmp_path) == 0
    assert remember_number(tmp_path, 3) and remembered_number(tmp_path) == 3
    assert remember_number(tmp_path, 2) and remembered_number(tmp_path) == 3
    assert seen_path(tmp_path).read_text() == "3\n"
    seen_path(tmp_path).write_text("garbage")
    assert remembered_number(tmp_path) == 0


def test_a_record_that_cannot_be_written_is_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "office").mkdir()
    seen_path(tmp_path).mkdir()  # a folder in its place
    assert remember_number(tmp_path, 1) is False


def test_the_list_state(tmp_path: Path) -> None:
    (tmp_path / "office").mkdir()
    path = tmp_path / "office" / "revocations.crl"
    why, gone = list_problem(tmp_path, path, None)
    assert not gone and f"no revocation list at {path}" in why  # type: ignore[operator]
    remember_number(tmp_path, 2)
    why, gone = list_problem(tmp_path, path, None)
    assert gone and "took list number 2" in why  # type: ignore[operator]
    assert list_problem(tmp_path, path, 2) == (None, False)

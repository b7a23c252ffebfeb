"""The cache of validated checklists: titles without the models, the models when used,
and a changed file validated again with its errors."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from inspector.domain.catalog import ChecklistCatalog
from inspector.domain.checklist_loader import load_checklist
from inspector.domain.errors import ChecklistLoadError
from inspector.resources import shipped_checklists_dir


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "checklists"
    shutil.copytree(shipped_checklists_dir(), target)
    return target


def test_a_cached_catalog_equals_the_validated_files(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache" / "checklists.json"
    first = ChecklistCatalog.from_folders([folder], cache=cache)
    assert cache.exists()
    second = ChecklistCatalog.from_folders([folder], cache=cache)
    path = folder / "juki-department.yaml"
    expected = load_checklist(path)
    # read from the cache: the title at once, no model built until used
    assert second._entries[expected.id].checklist is None
    assert second.title(expected.id, "ja") == expected.title.ja
    assert second.title(expected.id, "en") == expected.title.get("en")
    assert second.title("nope", "ja") is None
    assert second.get(expected.id) == expected
    assert [c.id for c in second] == [c.id for c in first]
    assert list(second) == list(first)


def test_a_changed_file_is_validated_again(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "checklists.json"
    ChecklistCatalog.from_folders([folder], cache=cache)
    path = folder / "server-room.yaml"
    before = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("unit:", "unit: [", 1), "utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    with pytest.raises(ChecklistLoadError) as cached:
        ChecklistCatalog.from_folders([folder], cache=cache)
    with pytest.raises(ChecklistLoadError) as plain:
        ChecklistCatalog.from_folders([folder])
    assert [str(p) for p in cached.value.problems] == [str(p) for p in plain.value.problems]
    assert cached.value.problems[0].path == path


def test_a_damaged_cache_is_ignored(folder: Path, tmp_path: Path) -> None:
    cache = tmp_path / "checklists.json"
    cache.write_text("{not json", encoding="utf-8")
    catalog = ChecklistCatalog.from_folders([folder], cache=cache)
    assert catalog.get("juki-department") == load_checklist(folder / "juki-department.yaml")
    # an entry whose data no longer validates: the file itself is read
    text = cache.read_text(encoding="utf-8").replace('"version"', '"versionX"')
    cache.write_text(text, encoding="utf-8")
    again = ChecklistCatalog.from_folders([folder], cache=cache)
    assert again.get("juki-department") == load_checklist(folder / "juki-department.yaml")


def test_an_edit_of_the_same_size_with_its_time_put_back_is_seen(
    folder: Path, tmp_path: Path
) -> None:
    """`cp -p`, `tar` and `rsync -a` put a file's time back: the cache keys on the bytes."""
    cache = tmp_path / "checklists.json"
    path = folder / "server-room.yaml"
    expected = load_checklist(path)
    ChecklistCatalog.from_folders([folder], cache=cache)
    before = path.stat()
    text = path.read_text(encoding="utf-8")
    old = expected.title.ja
    # one character for another of the same UTF-8 length: the file keeps its size
    new = old[:-1] + ("票" if old[-1] != "票" else "表")
    edited = text.replace(old, new, 1)
    path.write_text(edited, encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    if path.stat().st_size != before.st_size:
        pytest.skip("the title's last character changed the size")
    catalog = ChecklistCatalog.from_folders([folder], cache=cache)
    assert catalog.title(expected.id, "ja") == new


@pytest.mark.parametrize("titles", ["a string", None, ["ja"], {"ja": 3}])
def test_a_cache_entry_of_the_wrong_shape_is_read_from_the_file(
    folder: Path, tmp_path: Path, titles: object
) -> None:
    import json

    cache = tmp_path / "checklists.json"
    ChecklistCatalog.from_folders([folder], cache=cache)
    data = json.loads(cache.read_text(encoding="utf-8"))
    entries = data  # the cache maps each file to its entry
    for entry in entries.values():
        entry["titles"] = titles
    cache.write_text(json.dumps(data), encoding="utf-8")
    catalog = ChecklistCatalog.from_folders([folder], cache=cache)
    expected = load_checklist(folder / "juki-department.yaml")
    assert catalog.title(expected.id, "ja") == expected.title.ja


def test_a_cache_folder_that_is_a_file_is_no_failure(folder: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder", encoding="utf-8")
    catalog = ChecklistCatalog.from_folders([folder], cache=blocker / "checklists.json")
    assert "juki-department" in catalog

"""The control-character search is one table look-up per character of the Basic
Multilingual Plane (import margin 7): the class grew characters beyond that plane (the tag
characters, U+1D173...), and Python's re then tests every character of a text range by
range: ~1 us per row of the answers CSV, searched on every row of an import (4.0x of
sqlite3's time, was 3.6x). The same characters are found, escaped and named as by the
plain class, for every code point."""

from __future__ import annotations

import re
import sys

from inspector.domain import controls
from inspector.domain.controls import (
    control_names,
    escape_controls,
    first_control,
    search_control,
)

EVERY = "".join(map(chr, range(sys.maxunicode + 1)))
PLAIN_ANY = re.compile(f"[\x00-\x1f{controls._OTHERS}]")
PLAIN_BUT_LAYOUT = re.compile(f"[\x00-\x08\x0b-\x1f{controls._OTHERS}]")


def test_the_same_characters_as_the_plain_class_for_every_code_point() -> None:
    expected = PLAIN_ANY.findall(EVERY)
    assert len(expected) == 279
    assert controls._ANY.findall(EVERY) == expected
    assert controls._BUT_LAYOUT.findall(EVERY) == PLAIN_BUT_LAYOUT.findall(EVERY)
    assert "\t" not in PLAIN_BUT_LAYOUT.findall(EVERY)
    # found one at a time, where they are, by each public function
    for c in expected:
        text = f"山田{c}太郎\U0001f600"
        match = search_control(text)
        assert match is not None and match.group() == c and match.start() == 2
        assert first_control(text, allow_layout=False) == f"U+{ord(c):04X}"
        assert control_names(text) == [f"U+{ord(c):04X}"]
        assert escape_controls(text, keep_layout=False) == PLAIN_ANY.sub(controls._shown, text)


def test_no_control_is_found_in_other_characters_beyond_the_plane() -> None:
    others = "".join(c for c in EVERY[0x10000:] if not PLAIN_ANY.match(c))
    assert search_control(others) is None
    assert escape_controls(others, keep_layout=False) == others
    tag = "\U000e0041"  # a tag character among emoji and 𠮷 (a kanji beyond the plane)
    assert search_control(f"\U0001f600𠮷{tag}") is not None
    assert control_names(f"𠮷{tag}\U0001f600\U000e0001") == ["U+E0041", "U+E0001"]


def test_the_plane_is_searched_by_one_table_look_up() -> None:
    """What makes the search cheap, asserted by shape (no timings in the suite): the class
    searched holds no character beyond the plane but the one range standing for all of them
    (Python's re then tests the plane's characters by a table; main's class held the tag
    characters and U+1D173..., which made it test range by range: ~0.95 against ~0.35 us a
    row, bench/RESULTS.md "import margin (7)")."""
    for pattern in (controls._ANY, controls._BUT_LAYOUT):
        searched = pattern.pattern.split("](?<=")[0]
        assert [c for c in searched if c > "\uffff"] == ["\U00010000", "\U0010ffff"]
        assert "\U00010000-\U0010ffff" in searched

"""Control characters in data: found (to refuse them on input) and escaped visibly (the
last line of defence on every terminal output, CLI and TUI).

A name or text holding ESC or BEL can clear the screen, retitle the window or recolour
what follows when printed raw; bidirectional overrides reorder what is shown, and zero-width characters make two equal-looking names differ. These are
C0 and C1 controls, DEL, the Unicode bidi controls and the invisible format characters,
and the characters that print as a blank without being a space (the braille blank, the Hangul
fillers). Newline and tab are layout and stay where callers say so.
"""

from __future__ import annotations

import re

# DEL and C1; zero-width space, joiners and marks (U+200B-U+200F); line and paragraph
# separators; bidi embeddings and overrides; word joiner and invisible operators; bidi
# isolates; the BOM / zero-width no-break space. Then every other format character
# (Unicode category Cf: the soft hyphen, the Arabic letter mark U+061C, the deprecated
# format controls U+206A-U+206F, interlinear annotation U+FFF9-U+FFFB, the tag characters
# U+E0001-U+E007F ...) and the invisible marks and fillers that are not Cf (the combining
# grapheme joiner U+034F, Khmer U+17B4-U+17B5, Mongolian U+180B-U+180F, the Hangul fillers):
# each makes a name look like another, or hides text. So do the characters that print as a
# blank without being a space (the braille pattern blank U+2800; the Hangul fillers above).
# Variation selectors stay: a name's kanji variant (異体字) is written with one. The
# private-use characters stay too: an office's 外字 (a kanji of a name that no standard
# encodes) is one, in the rosters its systems export. The spaces stay too (the ideographic space
# U+3000 parts a Japanese family name from the given name); a name of spaces only is
# refused where names are read, as an empty one.
_OTHERS = (
    "\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160"
    "\u17b4\u17b5\u180b-\u180f\u206a-\u206f\u2800\u3164\uffa0\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001-\U000e007f"
)


def _members(ranges: str) -> list[str]:
    """The characters of a character class's text (single characters and `a-b` ranges)."""
    found: list[str] = []
    i = 0
    while i < len(ranges):
        if i + 2 < len(ranges) and ranges[i + 1] == "-":
            found += map(chr, range(ord(ranges[i]), ord(ranges[i + 2]) + 1))
            i += 3
        else:
            found.append(ranges[i])
            i += 1
    return found


def _class_pattern(ranges: str) -> re.Pattern[str]:
    """A pattern matching one character of the class `[ranges]`, each character of the
    Basic Multilingual Plane tested by one table look-up. Python's re tests a class that
    holds a character beyond that plane range by range, for every character of the text
    searched (~1 us for a row of the answers CSV, searched on every row of an import;
    ~0.3 us this way): here any character beyond the plane is a candidate, then checked
    against the class itself. The same characters match; a match is the one character."""
    members = _members(ranges)
    plane = "".join(re.escape(c) for c in members if c <= "\uffff")
    beyond = "".join(re.escape(c) for c in members if c > "\uffff")
    if not beyond:
        return re.compile(f"[{plane}]")
    return re.compile(f"[{plane}\U00010000-\U0010ffff](?<=[{plane}{beyond}])")


_ANY = _class_pattern(f"\x00-\x1f{_OTHERS}")
_BUT_LAYOUT = _class_pattern(f"\x00-\x08\x0b-\x1f{_OTHERS}")  # all but tab and newline


#: the first control character of a text, layout included (a match, or None): a bound
#: method, for callers that test every value of a large file
search_control = _ANY.search


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def escape_controls(text: str, keep_layout: bool = True) -> str:
    """`text` with each control character written out (ESC as `\\x1b`); newline and tab
    kept when `keep_layout`."""
    pattern = _BUT_LAYOUT if keep_layout else _ANY
    return pattern.sub(_shown, text)


def first_control(text: str, allow_layout: bool = True) -> str | None:
    """The first control character in `text` (None when there is none), as `U+001B`."""
    match = (_BUT_LAYOUT if allow_layout else _ANY).search(text)
    return f"U+{ord(match.group()):04X}" if match else None


def control_names(text: str, allowed: str = "") -> list[str]:
    """Every distinct control character in `text` but those in `allowed`, as `U+001B`."""
    return list(dict.fromkeys(f"U+{ord(c):04X}" for c in _ANY.findall(text) if c not in allowed))

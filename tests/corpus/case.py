"""One bad input, run through the command line as a user would, and what must follow.

A case writes its files into a fresh folder beside a copy of the demo database (and, when
it asks, a copy of an office's keys), runs one `inspector` command in-process, and the
runner checks: the exit status is not 0, stderr names what and where (every `expect`
string), no traceback, no escape byte on the terminal, the database dump is unchanged and
no file in the folder changed unless the case says it may.

Cases live in `cases_*.py` modules beside this file, one module per input path, each with
a list `CASES`; `test_corpus.py` collects them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

#: Placeholders in `args` and in file contents given as str:
#:   {tmp}  the case's folder     {db}  the database file    {keys}  the keys folder
#:   {pass} a file holding the keys' passphrase (only with `keys=True`)
Placeholders = dict[str, str]


@dataclass(frozen=True)
class Case:
    id: str
    args: list[str]
    expect: list[str]
    #: files written before the run: name (relative to {tmp}) -> text (placeholders
    #: expanded) or bytes (written as they are)
    files: dict[str, str | bytes] = field(default_factory=dict)
    #: the exit status wanted; None means any non-zero status
    exit_code: int | None = None
    #: a copy of an office's keys (root, encryption key, an inspector 監査 太郎 of 130)
    keys: bool = False
    #: the demo database (True) or an empty, migrated one (False)
    demo: bool = True
    #: anything else to prepare: called with the placeholders after the files are written
    setup: Callable[[Placeholders], None] | None = None
    #: files under {tmp} that the run may create or change (relative names)
    may_write: tuple[str, ...] = ()
    #: environment variables for the run
    env: dict[str, str] = field(default_factory=dict)
    #: the language of the messages (the default is Japanese)
    lang: str | None = None
    #: run with {tmp} as the working directory, so that a file written under a relative
    #: name (an output path taken from the arguments) is one the runner sees
    in_folder: bool = False


def expand(text: str, places: Placeholders) -> str:
    for key, value in places.items():
        text = text.replace("{" + key + "}", value)
    return text


def write_files(case: Case, places: Placeholders) -> None:
    tmp = Path(places["tmp"])
    for name, content in case.files.items():
        path = tmp / expand(name, places)
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_bytes(expand(content, places).encode("utf-8"))

"""The numbers given to signed documents, kept outside the database (docs9): a database
restored from a backup forgets the notices and follow-up reports issued since the backup,
and would give their 文書番号 (監第1号, 監報第1号) again. The keys folder, which every
signed document needs and which a restore of the database does not touch, keeps a ledger
of each number recorded: `office/issued_numbers.jsonl`, one JSON line a document (kind,
number, fiscal year, serial, document id, the document's language, the uids of the
sessions it covers, the day and the file).

Numbering consults the entries of *this* database's history -- an entry naming a session
(by its uid) that the database holds -- that the register does not record: their numbers
are never given again, a visit whose notice the ledger knows is refused as already issued
(or re-issued under that number), and the original's language is known for a re-issue.
What it cannot see: documents signed with another keys folder (another machine), or
issued before this ledger existed; an entry whose sessions the restored database does not
hold (a backup older than the visit itself).

A reminder (督促状, `services/reminders.py`) covers no visit: its entry is anchored on what
the database holds of what it chased -- the uids of the sessions whose findings its plans
answer (`sessions`) and the ids of the self-check forms it chased (`forms`) -- so that a
restored database that still holds those plans or forms knows the number was given, while
another database (another demo, another municipality) sharing the keys folder does not
count it. (Keeping every reminder entry whatever the database would also protect the
number, but would count another database's letters as this one's: the anchor is the same
rule notices and follow-up reports follow.)

Appending is one `write` of one line with O_APPEND (atomic between processes on a local
file system); a line that does not parse is skipped. A line whose text has a control
character, or whose number is not what its kind's form writes for its fiscal year and
serial (`check_entries`), is skipped too, with a problem naming the ledger file and line:
a number printed from the ledger is always the one derived, never the line's text.
"""

from __future__ import annotations

import json
import os
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

from inspector.domain.doc_numbers import NumberFormatProblem, format_number

LEDGER_NAME = "issued_numbers.jsonl"


@dataclass(frozen=True)
class LedgerEntry:
    kind: str
    number: str
    fiscal_year: int
    serial: int
    doc_id: str
    lang: str = "ja"
    sessions: tuple[str, ...] = ()
    """The uids of the sessions the document covers (a notice: its visit's)."""
    issued: str = ""
    path: str = ""
    reissue_of: str | None = None
    forms: tuple[str, ...] = ()
    """The self-check forms a reminder chased (their form ids)."""
    session_ids: tuple[int, ...] = field(default=(), compare=False)
    """Those sessions' ids in the database at hand (set by `entries_of`)."""
    line: int = field(default=0, compare=False)
    """Its line in the ledger (1 the first; set by `read_ledger`)."""


@dataclass(frozen=True)
class LedgerProblem:
    """A line of the ledger skipped: where, and why (`control`: a control character;
    `number`: its number is not what its kind, fiscal year and serial format to)."""

    path: Path
    line: int
    reason: str
    number: str = ""
    expected: str = ""


def problem_text(problem: LedgerProblem, lang: str) -> str:
    """The warning said for a skipped line: the ledger file, the line, why."""
    from inspector.i18n import Translator

    return Translator(lang)(
        f"rem10.ledger_{problem.reason}",
        path=problem.path,
        line=problem.line,
        number="".join(
            c.encode("unicode_escape").decode("ascii") if _has_control(c) else c
            for c in problem.number
        ),
        expected=problem.expected or "-",
    )


def ledger_formats(folders: Iterable[Path], kinds: Iterable[str]) -> Formats:
    """Each kind's (number_format, number_prefix) as its form (the office's, else the
    shipped one) writes it; a kind whose form cannot be read is left out."""
    from inspector.reports.errors import ReportProblem
    from inspector.reports.forms import load_form

    folders = list(folders)
    formats: dict[str, tuple[str, str]] = {}
    for kind in kinds:
        try:
            form = load_form(kind, "ja", folders)
        except (ReportProblem, OSError, ValueError):
            continue
        formats[kind] = (form.number_format, form.number_prefix)
    return formats


def _has_control(value: object) -> bool:
    if isinstance(value, str):
        return any(unicodedata.category(c).startswith("C") for c in value)
    if isinstance(value, list | tuple):
        return any(_has_control(v) for v in value)
    return False


def ledger_path(keys_dir: Path) -> Path:
    return keys_dir / "office" / LEDGER_NAME


def read_ledger(
    keys_dir: Path | None, problems: list[LedgerProblem] | None = None
) -> list[LedgerEntry]:
    """Every entry that parses; none when there is no ledger (or no keys folder). A line
    with a control character in any of its texts is skipped, said in `problems`."""
    if keys_dir is None:
        return []
    path = ledger_path(keys_dir)
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return []
    entries = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            if _has_control(list(raw.values())):
                if problems is not None:
                    problems.append(LedgerProblem(path, number, "control"))
                continue
            entries.append(
                LedgerEntry(
                    kind=str(raw["kind"]),
                    number=str(raw["number"]),
                    fiscal_year=int(raw["fiscal_year"]),
                    serial=int(raw["serial"]),
                    doc_id=str(raw["doc_id"]),
                    lang=str(raw.get("lang") or "ja"),
                    sessions=tuple(str(s) for s in raw.get("sessions") or ()),
                    issued=str(raw.get("issued") or ""),
                    path=str(raw.get("path") or ""),
                    reissue_of=raw.get("reissue_of") or None,
                    forms=tuple(str(f) for f in raw.get("forms") or ()),
                    line=number,
                )
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            continue
    return entries


Formats = Mapping[str, tuple[str, str]]
"""Per document kind, its form's (number_format, number_prefix)."""


def check_entries(
    entries: Iterable[LedgerEntry],
    formats: Formats,
    path: Path,
    problems: list[LedgerProblem] | None = None,
) -> list[LedgerEntry]:
    """The entries whose number is what their kind's form writes for their fiscal year and
    serial (a kind without a format in `formats` is kept as it is); any other is skipped
    and said in `problems` (`path`: the ledger file named)."""
    kept = []
    for entry in entries:
        style = formats.get(entry.kind)
        if style is None:
            kept.append(entry)
            continue
        try:
            expected = format_number(
                style[0], prefix=style[1], serial=entry.serial, day=date(entry.fiscal_year, 4, 1)
            )
        except (NumberFormatProblem, ValueError, OverflowError):
            expected = ""
        if entry.serial > 0 and expected and entry.number == expected:
            kept.append(replace(entry, number=expected))
        elif problems is not None:
            problems.append(LedgerProblem(path, entry.line, "number", entry.number, expected))
    return kept


def entries_of(
    entries: Iterable[LedgerEntry],
    uids: Mapping[str, int],
    form_ids: Collection[str] = (),
) -> list[LedgerEntry]:
    """The entries of this database's history: those naming a session it holds (`uids`:
    uid → id), with those sessions' ids, or a self-check form it holds (`form_ids`: a
    reminder's)."""
    result = []
    for entry in entries:
        ids = tuple(uids[u] for u in entry.sessions if u in uids)
        if ids or any(f in form_ids for f in entry.forms):
            result.append(replace(entry, session_ids=ids))
    return result


def forgotten(
    entries: Iterable[LedgerEntry], kind: str, documents: Sequence[object]
) -> list[LedgerEntry]:
    """The entries of `kind` the register (`documents`) does not record: issued from this
    database's history, then lost (a restore from a backup)."""
    known = {getattr(d, "doc_id", None) for d in documents}
    return [e for e in entries if e.kind == kind and e.doc_id not in known]


def append_entry(keys_dir: Path, entry: LedgerEntry) -> None:
    """One line added (0600, in the existing office folder); an error is the caller's."""
    line = asdict(entry)
    line.pop("session_ids")
    line.pop("line")
    if not line["forms"]:
        line.pop("forms")
    data = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    fd = os.open(ledger_path(keys_dir), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = [
    "LEDGER_NAME",
    "Formats",
    "LedgerEntry",
    "LedgerProblem",
    "append_entry",
    "check_entries",
    "entries_of",
    "forgotten",
    "ledger_formats",
    "ledger_path",
    "problem_text",
    "read_ledger",
]

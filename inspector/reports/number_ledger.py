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
file system), never through a link (O_NOFOLLOW). Reading decodes line by line: a line
that does not decode or parse, or is too long, or has an untrusted serial, is skipped and
named; a ledger that cannot be read at all refuses signing (rem11). A line whose text has a control
character, or whose number is not what its kind's form writes for its fiscal year and
serial (`check_entries`), is skipped too, with a problem naming the ledger file and line:
a number printed from the ledger is always the one derived, never the line's text.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import unicodedata
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from pathlib import Path

from inspector.domain.doc_numbers import NumberFormatProblem, format_number
from inspector.reports.errors import ReportProblem

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

    prefix = "rem10" if problem.reason in ("control", "number") else "rem11"
    return Translator(lang)(
        f"{prefix}.ledger_{problem.reason}",
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
    keys_dir: Path | None, problems: list[LedgerProblem] | None = None, *, lang: str = "ja"
) -> list[LedgerEntry]:
    """Every entry that parses; none when there is no ledger (or no keys folder). Each line
    is decoded on its own (a UTF-8 BOM at the start is accepted): a line that cannot be
    decoded or parsed, one over `MAX_LINE` bytes, one with a control character in any of its
    texts or a serial outside 1..`MAX_SERIAL` is skipped, said in `problems` (file and
    line). A ledger that is there but cannot be read (not a regular file, a link, over
    `MAX_SIZE`, an OSError) raises `LedgerUnreadable` (`lang`: its message's): numbering
    without it could give again a number already issued (rev10 D1)."""
    if keys_dir is None:
        return []
    path = ledger_path(keys_dir)
    data = _read_bytes(path, lang)
    if data is None:
        return []
    data = data.removeprefix(_BOM)
    entries = []
    for number, raw_line in enumerate(data.split(b"\n"), start=1):
        entry = _entry(path, number, raw_line, problems)
        if entry is not None:
            entries.append(entry)
    return entries


_BOM = b"\xef\xbb\xbf"
MAX_LINE = 4096
"""Bytes a line may take: an entry is under 1 KiB (eight session uids, eight form ids and a
path); a longer line is not one this program wrote (rev10 D9: a 50 MB line cost 42 s)."""
MAX_SIZE = 16 * 1024 * 1024
"""Bytes the ledger may take: some 16,000 entries of 1 KiB, decades of an office's numbers;
a larger file is refused rather than read into memory."""
MAX_SERIAL = 99999
"""The highest serial trusted: a number of the year (監第N号) is given one by one, and no
office issues 100,000 documents of one kind in a year; a larger serial (rev10 D3: 10**20
crashed SQLite, 99999 made the next number 100000) is a line not written by this program."""


class LedgerUnreadable(ReportProblem):
    """The ledger is there but cannot be read: signing is refused (its numbers unknown)."""


def _read_bytes(path: Path, lang: str) -> bytes | None:
    """The ledger's bytes (not through a link, at most `MAX_SIZE`); None when there is none."""
    from inspector.i18n import Translator

    t = Translator(lang)

    def refuse(why: str) -> LedgerUnreadable:
        return LedgerUnreadable(t("rem11.ledger_unreadable", path=path, why=why))

    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise refuse(t("rem11.why_link")) from None
        raise refuse(exc.strerror or str(exc)) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise refuse(t("rem11.why_not_file"))
        if info.st_size > MAX_SIZE:
            raise refuse(t("rem11.why_too_big", size=info.st_size, limit=MAX_SIZE))
        chunks = []
        left = MAX_SIZE + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise refuse(t("rem11.why_too_big", size=MAX_SIZE + 1, limit=MAX_SIZE))
        return b"".join(chunks)
    except OSError as exc:
        raise refuse(exc.strerror or str(exc)) from None
    finally:
        os.close(fd)


def _entry(
    path: Path, number: int, raw_line: bytes, problems: list[LedgerProblem] | None
) -> LedgerEntry | None:
    def skip(reason: str, said: str = "") -> None:
        if problems is not None:
            problems.append(LedgerProblem(path, number, reason, said))

    if len(raw_line) > MAX_LINE:
        skip("too_long")
        return None
    try:
        line = raw_line.decode("utf-8")
    except UnicodeDecodeError:
        skip("undecodable")
        return None
    if not line.strip():
        return None
    try:
        raw = json.loads(line)
        if _has_control(list(raw.values())):
            skip("control")
            return None
        serial = int(raw["serial"])
        if not 1 <= serial <= MAX_SERIAL:
            skip("serial", str(raw.get("number") or "")[:40])
            return None
        return LedgerEntry(
            kind=str(raw["kind"]),
            number=str(raw["number"]),
            fiscal_year=int(raw["fiscal_year"]),
            serial=serial,
            doc_id=str(raw["doc_id"]),
            lang=str(raw.get("lang") or "ja"),
            sessions=tuple(str(s) for s in raw.get("sessions") or ()),
            issued=str(raw.get("issued") or ""),
            path=str(raw.get("path") or ""),
            reissue_of=raw.get("reissue_of") or None,
            forms=tuple(str(f) for f in raw.get("forms") or ()),
            line=number,
        )
    except (ValueError, KeyError, TypeError, AttributeError, OverflowError):
        skip("unparsable")
        return None


def signed_at(
    entries: Iterable[LedgerEntry], where: Path, known: Collection[object] = ()
) -> LedgerEntry | None:
    """The entry naming `where` (resolved) as its signed document's file, among those whose
    document the register does not record (`known`: the register's doc ids, which the
    register's own rule covers): a restored database forgets them (rev10 D2)."""
    found = None
    for entry in entries:
        if not entry.path or entry.doc_id in known:
            continue
        try:
            if Path(entry.path).expanduser().resolve() == where:
                found = entry
        except (OSError, RuntimeError, ValueError):
            continue
    return found


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
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(ledger_path(keys_dir), flags, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = [
    "LEDGER_NAME",
    "MAX_LINE",
    "MAX_SERIAL",
    "MAX_SIZE",
    "Formats",
    "LedgerEntry",
    "LedgerProblem",
    "LedgerUnreadable",
    "append_entry",
    "check_entries",
    "entries_of",
    "forgotten",
    "ledger_formats",
    "ledger_path",
    "problem_text",
    "read_ledger",
    "signed_at",
]

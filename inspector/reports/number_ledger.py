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

Appending is one `write` of one line with O_APPEND (atomic between processes on a local
file system); a line that does not parse is skipped.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

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
    session_ids: tuple[int, ...] = field(default=(), compare=False)
    """Those sessions' ids in the database at hand (set by `entries_of`)."""


def ledger_path(keys_dir: Path) -> Path:
    return keys_dir / "office" / LEDGER_NAME


def read_ledger(keys_dir: Path | None) -> list[LedgerEntry]:
    """Every entry that parses; none when there is no ledger (or no keys folder)."""
    if keys_dir is None:
        return []
    try:
        lines = ledger_path(keys_dir).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    entries = []
    for line in lines:
        try:
            raw = json.loads(line)
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
                )
            )
        except (ValueError, KeyError, TypeError):
            continue
    return entries


def entries_of(entries: Iterable[LedgerEntry], uids: Mapping[str, int]) -> list[LedgerEntry]:
    """The entries of this database's history: those naming a session it holds (`uids`:
    uid → id), with those sessions' ids."""
    result = []
    for entry in entries:
        ids = tuple(uids[u] for u in entry.sessions if u in uids)
        if ids:
            result.append(LedgerEntry(**{**asdict(entry), "session_ids": ids}))
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
    data = (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n").encode("utf-8")
    fd = os.open(ledger_path(keys_dir), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)


__all__ = [
    "LEDGER_NAME",
    "LedgerEntry",
    "append_entry",
    "entries_of",
    "forgotten",
    "ledger_path",
    "read_ledger",
]

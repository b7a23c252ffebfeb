"""Backup media storage and transport (seed 001: the backup box was kept on a desk in the
server room with its key beside it).

A register lists each storage box or safe: where it is kept, where its key is kept, who
holds the key. Each move of a box is a transport log line: date, from, to, carrier,
whether the box was locked, whether the key travelled separately, and who received it.

Rules:

- ``key_apart``: the key is never kept with or next to its box (same place written, or
  observed next to it).
- ``transport_locked``: a box travels locked.
- ``transport_key_separate``: its key does not travel with it.
- ``transport_received``: every transport names its receiver.

Pure Python over plain data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from inspector.domain.findings import FindingDraft, FindingKind


class StorageKind(StrEnum):
    BOX = "box"  # 保管箱
    SAFE = "safe"  # 金庫


@dataclass(frozen=True)
class BackupStorage:
    id: int
    organization_id: int
    name: str
    kind: StorageKind
    box_location: str
    key_location: str
    key_holder: str = ""
    key_next_to_box: bool = False  # observed on site: the key lies beside the box
    note: str = ""
    updated_by: str = ""
    updated_at: datetime | None = None


@dataclass(frozen=True)
class BackupTransport:
    id: int
    storage_id: int
    transport_date: date
    from_place: str
    to_place: str
    carrier: str
    box_locked: bool
    key_separate: bool
    receiver: str = ""
    note: str = ""
    recorded_by: str = ""


BACKUP_RULE_IDS = ("key_apart", "transport_locked", "transport_key_separate", "transport_received")


@dataclass(frozen=True)
class BackupIssue:
    """A broken rule of the backup register, about one storage or one transport."""

    rule_id: str
    storage_id: int
    storage_name: str
    transport_id: int | None = None
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def title_key(self) -> str:
        return f"site.backup.rule.{self.rule_id}.title"

    @property
    def message_key(self) -> str:
        return f"site.backup.rule.{self.rule_id}.broken"

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule_id,
            "storage": self.storage_name,
            "transport_id": self.transport_id,
            **dict(self.params),
        }


def same_place(a: str, b: str) -> bool:
    """Two written locations name the same place (ignoring width, case and spaces)."""

    def norm(text: str) -> str:
        return "".join(unicodedata.normalize("NFKC", text).lower().split())

    return bool(norm(a)) and norm(a) == norm(b)


def evaluate_backup(
    storages: Sequence[BackupStorage], transports: Iterable[BackupTransport]
) -> list[BackupIssue]:
    """Every broken rule: storages in register order, then their transports by date."""
    issues: list[BackupIssue] = []
    by_storage: dict[int, list[BackupTransport]] = {}
    for transport in transports:
        by_storage.setdefault(transport.storage_id, []).append(transport)
    for storage in storages:
        if storage.key_next_to_box or same_place(storage.box_location, storage.key_location):
            issues.append(
                BackupIssue(
                    "key_apart",
                    storage.id,
                    storage.name,
                    params={"box_place": storage.box_location, "key_place": storage.key_location},
                )
            )
        for transport in sorted(
            by_storage.get(storage.id, []), key=lambda t: (t.transport_date, t.id)
        ):
            params = {
                "date": transport.transport_date.isoformat(),
                "from": transport.from_place,
                "to": transport.to_place,
                "carrier": transport.carrier,
            }
            if not transport.box_locked:
                issues.append(
                    BackupIssue("transport_locked", storage.id, storage.name, transport.id, params)
                )
            if not transport.key_separate:
                issues.append(
                    BackupIssue(
                        "transport_key_separate", storage.id, storage.name, transport.id, params
                    )
                )
            if not transport.receiver.strip():
                issues.append(
                    BackupIssue(
                        "transport_received", storage.id, storage.name, transport.id, params
                    )
                )
    return issues


def backup_finding(
    issue: BackupIssue,
    organization_id: int,
    session_id: int | None,
    t: Callable[..., str],
) -> FindingDraft:
    """A finding (指摘) for a broken rule of the backup register."""
    return FindingDraft(
        kind=FindingKind.FINDING,
        title=t(issue.title_key),
        text=t(issue.message_key, name=issue.storage_name, **issue.params),
        organization_id=organization_id,
        session_id=session_id,
        requested_measure=t(f"site.backup.rule.{issue.rule_id}.measure"),
    )


__all__ = [
    "BACKUP_RULE_IDS",
    "BackupIssue",
    "BackupStorage",
    "BackupTransport",
    "StorageKind",
    "backup_finding",
    "evaluate_backup",
    "same_place",
]

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

`evaluate_backup` lists the broken rules; `check_backup` gives every rule's state: kept,
broken, or *not checked* when the register holds nothing the rule could be judged on — no
box or safe at all, no transport in the log (the three transport rules), or a box whose
location or key location is not written (``key_apart`` for that box). An empty register
is never "no problems".

Pure Python over plain data.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from inspector.domain.findings import FindingDraft, FindingKind
from inspector.domain.rule_outcome import Judged, RuleState


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
TRANSPORT_RULE_IDS = BACKUP_RULE_IDS[1:]

# Why a rule of the register could not be checked: what the register lacks.
NO_STORAGE = "no_storage"  # no box or safe in the register
NO_TRANSPORT = "no_transport"  # no transport in the log
NO_BOX_LOCATION = "no_box_location"  # one box: where it is kept is not written
NO_KEY_LOCATION = "no_key_location"  # one box: where its key is kept is not written


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


@dataclass(frozen=True)
class BackupGap:
    """A rule that could not be judged for one box or safe, and why (`NO_BOX_LOCATION`,
    `NO_KEY_LOCATION`)."""

    rule_id: str
    storage_id: int
    storage_name: str
    reason: str

    @property
    def message_key(self) -> str:
        return f"site.backup.not_checked.{self.reason}"

    def to_json(self) -> dict[str, object]:
        return {"rule": self.rule_id, "storage": self.storage_name, "reason": self.reason}


@dataclass(frozen=True)
class BackupRuleResult(Judged):
    """One rule over the whole register.

    BROKEN when any issue; otherwise NOT_CHECKED when nothing could be judged (`reason`:
    `NO_STORAGE`, `NO_TRANSPORT`) or some box could not be (`gaps`); otherwise PASSED.
    `judged` counts the boxes or transports the rule was judged on.
    """

    rule_id: str
    state: RuleState
    issues: tuple[BackupIssue, ...] = ()
    gaps: tuple[BackupGap, ...] = ()
    judged: int = 0
    reason: str | None = None

    @property
    def title_key(self) -> str:
        return f"site.backup.rule.{self.rule_id}.title"

    @property
    def reason_key(self) -> str | None:
        """The sentence saying why nothing could be judged (None when something was)."""
        return f"site.backup.not_checked.{self.reason}" if self.reason else None

    def to_json(self) -> dict[str, object]:
        return {
            "rule": self.rule_id,
            "state": self.state.value,
            "reason": self.reason,
            "judged": self.judged,
            "issues": [i.to_json() for i in self.issues],
            "not_checked": [g.to_json() for g in self.gaps],
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
    issues, _gaps, _judged = _walk(storages, transports)
    return issues


def check_backup(
    storages: Sequence[BackupStorage], transports: Iterable[BackupTransport]
) -> list[BackupRuleResult]:
    """Every rule's result, in `BACKUP_RULE_IDS` order (kept, broken or not checked)."""
    issues, gaps, judged = _walk(storages, transports)
    results: list[BackupRuleResult] = []
    for rule_id in BACKUP_RULE_IDS:
        mine = tuple(i for i in issues if i.rule_id == rule_id)
        holes = tuple(g for g in gaps if g.rule_id == rule_id)
        count = judged[rule_id]
        reason = None
        if not count and not holes:
            reason = NO_STORAGE if not storages else NO_TRANSPORT
        if mine:
            state = RuleState.BROKEN
        elif holes or not count:
            state = RuleState.NOT_CHECKED
        else:
            state = RuleState.PASSED
        results.append(BackupRuleResult(rule_id, state, mine, holes, count, reason))
    return results


def _walk(
    storages: Sequence[BackupStorage], transports: Iterable[BackupTransport]
) -> tuple[list[BackupIssue], list[BackupGap], dict[str, int]]:
    """The broken rules in register order, the boxes a rule could not be judged on, and
    how many boxes or transports each rule was judged on."""
    issues: list[BackupIssue] = []
    gaps: list[BackupGap] = []
    judged = dict.fromkeys(BACKUP_RULE_IDS, 0)
    by_storage: dict[int, list[BackupTransport]] = {}
    for transport in transports:
        by_storage.setdefault(transport.storage_id, []).append(transport)
    for storage in storages:
        if storage.key_next_to_box or same_place(storage.box_location, storage.key_location):
            judged["key_apart"] += 1
            issues.append(
                BackupIssue(
                    "key_apart",
                    storage.id,
                    storage.name,
                    params={"box_place": storage.box_location, "key_place": storage.key_location},
                )
            )
        elif not storage.box_location.strip():
            gaps.append(BackupGap("key_apart", storage.id, storage.name, NO_BOX_LOCATION))
        elif not storage.key_location.strip():
            gaps.append(BackupGap("key_apart", storage.id, storage.name, NO_KEY_LOCATION))
        else:
            judged["key_apart"] += 1
        for transport in sorted(
            by_storage.get(storage.id, []), key=lambda t: (t.transport_date, t.id)
        ):
            for rule_id in TRANSPORT_RULE_IDS:
                judged[rule_id] += 1
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
    return issues, gaps, judged


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
    "NO_BOX_LOCATION",
    "NO_KEY_LOCATION",
    "NO_STORAGE",
    "NO_TRANSPORT",
    "TRANSPORT_RULE_IDS",
    "BackupGap",
    "BackupIssue",
    "BackupRuleResult",
    "BackupStorage",
    "BackupTransport",
    "StorageKind",
    "backup_finding",
    "check_backup",
    "evaluate_backup",
    "same_place",
]

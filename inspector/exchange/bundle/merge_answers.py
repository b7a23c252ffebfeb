"""Merge rules for answers and their change log.

An answer both sides have: the newer `answered_at` wins (an answer cleared on the laptop
counts as cleared at its last change); when both sides changed it after the last change
they share, that is a conflict, reported, and the older value stays in the change log.
The change log is append-only, identified by (action, by, at, new value) within its
session and item; an undo names the change it undoes by that identity, resolved to this
office's row.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import delete, insert, select, update

from inspector.exchange.bundle.merge_base import MergeBase
from inspector.exchange.bundle.rows import load_value


class AnswerRules(MergeBase):
    def _answers(self, answers: list[dict[str, Any]], changes: list[dict[str, Any]]) -> None:
        a_t = self.tables["answer"]
        c_t = self.tables["answer_change"]
        session_ids = sorted(
            {self.ids.to_id["inspection_session"][r["session_id"]] for r in answers + changes}
        )
        local_answers: dict[tuple[int, str], dict[str, Any]] = {}
        # (session, item) -> change identity -> id: local rows, then the ones added here
        change_ids: dict[tuple[int, str], dict[tuple[Any, ...], int]] = {}
        local_undoes: dict[int, int | None] = {}
        for start in range(0, len(session_ids), 500):
            chunk = session_ids[start : start + 500]
            for r in self.conn.execute(select(a_t).where(a_t.c.session_id.in_(chunk))):
                local_answers[(r.session_id, r.item_id)] = dict(r._mapping)
            for r in self.conn.execute(
                select(c_t).where(c_t.c.session_id.in_(chunk)).order_by(c_t.c.id)
            ):
                change_ids.setdefault((r.session_id, r.item_id), {}).setdefault(
                    _change_key(r._mapping), r.id
                )
                local_undoes[r.id] = r.undoes_id
        local_changes = {key: list(found) for key, found in change_ids.items()}
        remote_changes: dict[tuple[int, str], list[dict[str, Any]]] = {}
        undo_refs: dict[int, dict[str, Any]] = {}  # id(change) -> the change it undoes
        for raw in changes:
            change = self._local("answer_change", raw)
            if isinstance(raw.get("undoes_id"), dict):
                undo_refs[id(change)] = raw["undoes_id"]
            remote_changes.setdefault((change["session_id"], change["item_id"]), []).append(change)
        remote_answers: dict[tuple[int, str], dict[str, Any] | None] = {}
        for raw in answers:
            answer = self._local("answer", raw)
            remote_answers[(answer["session_id"], answer["item_id"])] = answer
        # An answer cleared on the laptop: no row in the bundle, its log ends with an empty state.
        cleared_at: dict[tuple[int, str], datetime] = {}
        for key, entries in remote_changes.items():
            if key in remote_answers or key not in local_answers:
                continue
            last = max(entries, key=lambda c: c["changed_at"])
            if last.get("new_state") is None and last.get("new_value") is None:
                cleared_at[key] = last["changed_at"]
                remote_answers[key] = None
        log: list[dict[str, Any]] = []
        fresh: list[dict[str, Any]] = []
        for key, theirs in remote_answers.items():
            mine = local_answers.get(key)
            local_keys = local_changes.get(key, [])
            if mine is None:
                assert theirs is not None
                if not local_keys:
                    fresh.append(theirs)
                    self.receipt.count("answer", "added")
                    if not remote_changes.get(key):
                        log.append(self._log(key, theirs, None, theirs["answered_by"]))
                    continue
                # no answer here, but a log: cleared here, at its last change
                self._cleared_here(key, theirs, local_keys, remote_changes, fresh, log)
                continue
            if theirs is not None and _state_of(mine) == _state_of(theirs):
                self.receipt.count("answer", "skipped")
                continue
            remote_keys = [_change_key(c) for c in remote_changes.get(key, [])]
            common = set(local_keys) & set(remote_keys)
            last_common = max((k[2] for k in common), default=None)

            conflict = _changed_after(local_keys, common, last_common) and _changed_after(
                remote_keys, common, last_common
            )
            theirs_at = cleared_at[key] if theirs is None else theirs["answered_at"]
            by = theirs["answered_by"] if theirs is not None else _cleared_by(remote_changes[key])
            theirs_newer = theirs_at > mine["answered_at"]
            if theirs_newer:
                if theirs is None:
                    self.conn.execute(delete(a_t).where(a_t.c.id == mine["id"]))
                else:
                    self.conn.execute(update(a_t).where(a_t.c.id == mine["id"]).values(**theirs))
                log.append(self._log(key, theirs, mine, by))
                self.receipt.count("answer", "updated")
            else:
                self.receipt.count("answer", "skipped")
                if conflict:
                    # the older remote value is kept in the log, not dropped
                    log.append(self._log(key, mine, theirs, by))
            if conflict:
                theirs_value = None if theirs is None else theirs["value"]
                self.receipt.conflicts.append(
                    {
                        "table": "answer",
                        "session": self.ids.to_key["inspection_session"][key[0]],
                        "item": key[1],
                        "kept": theirs_value if theirs_newer else mine["value"],
                        "kept_from": "bundle" if theirs_newer else "local",
                        "other": mine["value"] if theirs_newer else theirs_value,
                        "local_at": mine["answered_at"].isoformat(),
                        "bundle_at": theirs_at.isoformat(),
                    }
                )
        remote_log: list[dict[str, Any]] = []
        repairs: list[tuple[int, dict[str, Any]]] = []
        for key, entries in remote_changes.items():
            seen = set(local_changes.get(key, []))
            for change in entries:
                change_key = _change_key(change)
                if change_key in seen:
                    local_id = change_ids.get(key, {}).get(change_key)
                    ref = undo_refs.get(id(change))
                    if (
                        ref is not None
                        and local_id is not None
                        and local_undoes.get(local_id) is None
                    ):
                        repairs.append((local_id, ref))  # imported before undoes_id travelled
                    else:
                        self.receipt.count("answer_change", "skipped")
                    continue
                seen.add(change_key)
                remote_log.append(change)
                self.receipt.count("answer_change", "added")
        if fresh:
            self.conn.execute(insert(a_t), fresh)
        self._insert_changes(remote_log, undo_refs, change_ids)
        for local_id, ref in repairs:
            session_id = self.conn.execute(
                select(c_t.c.session_id).where(c_t.c.id == local_id)
            ).scalar_one()
            target = self._undone(change_ids, session_id, ref)
            if target is None:
                self.receipt.count("answer_change", "skipped")
                continue
            self.conn.execute(update(c_t).where(c_t.c.id == local_id).values(undoes_id=target))
            self.receipt.count("answer_change", "updated")
        if log:
            self.conn.execute(insert(c_t), log)

    def _cleared_here(
        self,
        key: tuple[int, str],
        theirs: dict[str, Any],
        local_keys: Sequence[tuple[Any, ...]],
        remote_changes: Mapping[tuple[int, str], Sequence[Mapping[str, Any]]],
        fresh: list[dict[str, Any]],
        log: list[dict[str, Any]],
    ) -> None:
        """An answer of the bundle this office has no answer for, though its log has the
        item: cleared here (by the office, or undone) at the log's last change. A bundle's
        answer older than that clear is skipped as an older answer is (a replayed bundle
        does not bring it back); a newer one is added again, always with the merge's own
        log row. Both sides changed after their last shared change: a conflict, reported."""
        cleared_at = max(k[2] for k in local_keys)
        remote_keys = [_change_key(c) for c in remote_changes.get(key, [])]
        common = set(local_keys) & set(remote_keys)
        last_common = max((k[2] for k in common), default=None)
        conflict = _changed_after(local_keys, common, last_common) and _changed_after(
            remote_keys, common, last_common
        )
        theirs_newer = theirs["answered_at"] > cleared_at
        if theirs_newer:
            fresh.append(theirs)
            self.receipt.count("answer", "added")
            log.append(self._log(key, theirs, None, theirs["answered_by"]))
        else:
            self.receipt.count("answer", "skipped")
            if conflict:
                # the older remote value is kept in the log, not dropped
                log.append(self._log(key, None, theirs, theirs["answered_by"]))
        if conflict:
            self.receipt.conflicts.append(
                {
                    "table": "answer",
                    "session": self.ids.to_key["inspection_session"][key[0]],
                    "item": key[1],
                    "kept": theirs["value"] if theirs_newer else None,
                    "kept_from": "bundle" if theirs_newer else "local",
                    "other": None if theirs_newer else theirs["value"],
                    "local_at": cleared_at.isoformat(),
                    "bundle_at": theirs["answered_at"].isoformat(),
                }
            )

    def _undone(
        self,
        change_ids: Mapping[tuple[int, str], Mapping[tuple[Any, ...], int]],
        session_id: int,
        ref: Mapping[str, Any],
    ) -> int | None:
        """This office's id of the change an undo of the bundle undoes (None: unknown)."""
        at = load_value(self.tables["answer_change"].c.changed_at, ref.get("changed_at"))
        key = (ref.get("action"), ref.get("changed_by"), at, ref.get("new_value"))
        return change_ids.get((session_id, str(ref.get("item_id"))), {}).get(key)

    def _insert_changes(
        self,
        rows: list[dict[str, Any]],
        undo_refs: Mapping[int, Mapping[str, Any]],
        change_ids: dict[tuple[int, str], dict[tuple[Any, ...], int]],
    ) -> None:
        """Insert the bundle's changes oldest first, an undo pointing at this office's row of
        the change it undoes (inserted in batches; a batch ends where an undo needs an id)."""
        c_t = self.tables["answer_change"]
        batch: list[dict[str, Any]] = []

        def flush() -> None:
            if not batch:
                return
            result = self.conn.execute(
                insert(c_t).returning(c_t.c.id, sort_by_parameter_order=True), batch
            )
            for row, new_id in zip(batch, result.scalars().all(), strict=True):
                change_ids.setdefault((row["session_id"], row["item_id"]), {}).setdefault(
                    _change_key(row), new_id
                )
            batch.clear()

        for change in sorted(rows, key=lambda c: c["changed_at"]):
            ref = undo_refs.get(id(change))
            if ref is not None:
                target = self._undone(change_ids, change["session_id"], ref)
                if target is None and batch:
                    flush()
                    target = self._undone(change_ids, change["session_id"], ref)
                change = {**change, "undoes_id": target}
            batch.append(change)
        flush()

    def _log(
        self,
        key: tuple[int, str],
        new: Mapping[str, Any] | None,
        old: Mapping[str, Any] | None,
        by: str,
    ) -> dict[str, Any]:
        """A change-log entry of the merge itself (counted as an added change); None: no
        answer (cleared)."""
        self.receipt.count("answer_change", "added")
        return {
            "session_id": key[0],
            "item_id": key[1],
            "action": "bundle",
            "old_value": old["value"] if old else None,
            "new_value": new["value"] if new else None,
            "old_state": _state_of(old) if old else None,
            "new_state": _state_of(new) if new else None,
            "changed_by": f"{self.actor} ({self.signed}: {by})",
            "changed_at": self.now,
            "undoes_id": None,
        }


def _state_of(row: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "value": row.get("value"),
        "reasons": list(row.get("reasons") or []),
        "reason_text": row.get("reason_text") or "",
        "note": row.get("note") or "",
        "evidence": list(row.get("evidence") or []),
    }


def _change_key(row: Any) -> tuple[Any, ...]:
    """The identity of an answer change across databases (within its session and item)."""
    return (row["action"], row["changed_by"], row["changed_at"], row.get("new_value"))


def _changed_after(
    keys: Iterable[tuple[Any, ...]], common: set[tuple[Any, ...]], last: datetime | None
) -> bool:
    """Whether a side has a change of its own after the last change both sides share."""
    return any(k not in common and (last is None or k[2] > last) for k in keys)


def _cleared_by(changes: Sequence[Mapping[str, Any]]) -> str:
    return str(max(changes, key=lambda c: c["changed_at"])["changed_by"])

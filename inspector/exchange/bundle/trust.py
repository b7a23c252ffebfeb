"""Who a bundle speaks for: its signer recorded on what it changes, and the records of
another inspector's visit kept from it.

A bundle is signed by one inspector's key, but it carries whatever the laptop had, and
the names in its rows (`answered_by`, `changed_by`, `withdrawn_by`) are the laptop's
words, not proof. So at the office:

- every session the bundle adds rows to or changes gets a session event
  (`BUNDLE_IMPORTED`) naming the bundle, the signer's name and certificate serial; the
  merge's own change-log rows (`bundle` actions) name them too (`Source.label`);
- an inspection visit the office already has, whose inspector is another person than the
  signer, must come out of the merge as it went in: its answers and their log, its
  status and events, its findings, their plans, both change logs and the plans' measure
  entries, its server-room layout. A bundle that would change any of them is refused
  whole, naming the visit and the rows; the visit's own inspector exports it. A finding recorded outside any session, likewise, only by its
  author. A visit the office does not have yet arrives whole (nothing of the office's
  changes; the event names the signer); self-checks (answered by the unit's own staff,
  carried by whichever inspector collected them) may be sent by any inspector's key;
- the answers of a session completed here change only when the merge leaves it reopened or
  completed anew: a laptop changes a completed session's answers only after a logged
  reopening, which travels in the bundle;
- and (`trust_scope`) the rows belong to the organization the bundle declares; a visit
  recording no inspector is kept by who completed it; a completed session is reopened
  only by its own inspector's bundle, or when the import accepts it (`accept_reopen`);
- and (`trust_site`) the site records a bundle adds or changes name its signer.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from cryptography import x509
from sqlalchemy import Connection, Select, Table, func, insert, select

from inspector.domain.person_names import same_name
from inspector.exchange.bundle.errors import BundleRefused
from inspector.exchange.bundle.rows import Ids
from inspector.exchange.bundle.trust_scope import check_reopened, check_scope, keepers
from inspector.exchange.bundle.trust_site import SiteGuard
from inspector.i18n import Message

BUNDLE_IMPORTED = "bundle_imported"
_SHOWN = 10


@dataclass(frozen=True)
class Source:
    """The bundle being merged: its id and the key that signed it."""

    bundle_id: str
    signer: str
    serial: str

    @classmethod
    def of(cls, bundle_id: str, signer: str, cert: x509.Certificate | None) -> Source:
        """(A merge of rows opened elsewhere, as tests do, may come without a certificate.)"""
        return cls(bundle_id, signer, "?" if cert is None else f"{cert.serial_number:x}")

    @property
    def label(self) -> str:
        """How the office's rows name it (one line, stored as it is: not translated)."""
        return f"bundle {self.bundle_id} signed by {self.signer} (certificate {self.serial})"


class Guard:
    """Taken before a bundle is merged (`before`), judged after it (`check`)."""

    def __init__(
        self,
        conn: Connection,
        tables: Mapping[str, Table],
        ids: Ids,
        *,
        accept_reopen: bool = False,
    ) -> None:
        self.conn = conn
        self.accept_reopen = accept_reopen
        # the completed sessions the bundle reopened, accepted (`accept_reopen`)
        self.reopened: list[dict[str, Any]] = []
        self.tables = tables
        self.ids = ids
        self.protected: dict[int, tuple[str, str]] = {}  # session id -> (uid, inspector)
        self.own_findings: dict[int, tuple[str, str]] = {}  # finding id -> (uid, author)
        self.shapes: dict[int, tuple[Any, ...]] = {}
        self.snapshot: dict[tuple[str, int], dict[tuple[str, Any], Any]] = {}
        self.sessions: list[int] = []
        self.data: Mapping[str, list[dict[str, Any]]] = {}
        self.payload: Mapping[str, Any] = {}
        self.signer = ""
        self.site = SiteGuard(conn, tables, ids)
        self.unnamed: set[int] = set()  # protected visits recording no inspector
        self.own: set[int] = set()  # visits recording no inspector, the signer's

    # -- before ------------------------------------------------------------------------

    def before(self, payload: Mapping[str, Any], signer: str) -> None:
        data: Mapping[str, list[dict[str, Any]]] = payload.get("tables") or {}
        self.data = data
        self.signer = signer
        self.payload = payload
        sessions = self._sessions_of(data)
        s_t = self.tables["inspection_session"]
        for start in range(0, len(sessions), 500):
            for row in self.conn.execute(
                select(s_t.c.id, s_t.c.uid, s_t.c.kind, s_t.c.inspector_name).where(
                    s_t.c.id.in_(sessions[start : start + 500])
                )
            ):
                if (
                    row.kind == "inspection"
                    and row.inspector_name
                    and not same_name(row.inspector_name, signer)
                ):
                    self.protected[row.id] = (row.uid, row.inspector_name)
        for session, (keeper, bringer) in keepers(self.conn, self.tables, sessions).items():
            if same_name(keeper, signer) or (bringer and same_name(bringer, signer)):
                self.own.add(session)
            else:  # recording no inspector: kept by who completed it or whose bundle brought it
                uid = self.ids.to_key["inspection_session"][session]
                self.protected[session] = (uid, keeper)
                self.unnamed.add(session)
        f_t = self.tables["finding"]
        uids = [r.get("uid") for r in data.get("finding", [])]
        uids += [self._plan_finding(r) for r in data.get("improvement_plan", [])]
        uids += self._entry_findings(data)
        known = sorted(
            {self.ids.to_id["finding"][u] for u in uids if u in self.ids.to_id["finding"]}
        )
        for start in range(0, len(known), 500):
            for found in self.conn.execute(
                select(f_t.c.id, f_t.c.uid, f_t.c.created_by).where(
                    f_t.c.id.in_(known[start : start + 500]), f_t.c.session_id.is_(None)
                )
            ):
                if not same_name(found.created_by, signer):
                    self.own_findings[found.id] = (found.uid, found.created_by)
        self.sessions = sessions
        self.shapes = self._shapes(sessions)
        self.snapshot = self._snapshot()
        self.completed = self._completed_answers(sessions)
        self.site.before(data, signer)

    def _plan_finding(self, row: Mapping[str, Any]) -> Any:
        """The finding (uid) of a bundle plan: the office's, when it has the plan."""
        local = self.ids.to_id.get("improvement_plan", {}).get(row.get("uid"))
        if local is None:
            return row.get("finding_id")
        p_t = self.tables["improvement_plan"]
        finding = self.conn.execute(select(p_t.c.finding_id).where(p_t.c.id == local)).scalar()
        return None if finding is None else self.ids.to_key["finding"].get(finding)

    def _entry_findings(self, data: Mapping[str, list[dict[str, Any]]]) -> list[Any]:
        """The findings (uids) of the plans the bundle's measure entries belong to."""
        plans = {r.get("uid"): r.get("finding_id") for r in data.get("improvement_plan", [])}
        return [
            self._plan_finding({"uid": r.get("plan_id"), "finding_id": plans.get(r.get("plan_id"))})
            for r in data.get("measure_entry", [])
        ]

    def _sessions_of(self, data: Mapping[str, list[dict[str, Any]]]) -> list[int]:
        """The office's sessions the bundle's rows belong to (by the bundle's word, and,
        for the findings and plans the office has, by the office's)."""
        to_id = self.ids.to_id["inspection_session"]
        uids = {r.get("uid") for r in data.get("inspection_session", [])}
        for name in ("answer", "answer_change", "session_event", "finding"):
            uids |= {r.get("session_id") for r in data.get(name, [])}
        for name in ("hearing_classification", "site_layout"):
            uids |= {r.get("session_id") for r in data.get(name, [])}
        found = {to_id[u] for u in uids if u in to_id}
        finding_uids = {r.get("uid") for r in data.get("finding", [])}
        finding_uids |= {self._plan_finding(r) for r in data.get("improvement_plan", [])}
        finding_uids |= set(self._entry_findings(data))
        local = [
            self.ids.to_id["finding"][u] for u in finding_uids if u in self.ids.to_id["finding"]
        ]
        f_t = self.tables["finding"]
        for start in range(0, len(local), 500):
            found |= {
                s
                for s in self.conn.execute(
                    select(f_t.c.session_id).where(f_t.c.id.in_(local[start : start + 500]))
                ).scalars()
                if s is not None
            }
        return sorted(found)

    # -- what a session holds ------------------------------------------------------------

    def _shapes(self, sessions: list[int]) -> dict[int, tuple[Any, ...]]:
        """Per session what any change of the merge alters: its status and how many rows
        each of its tables holds (every update of the merge appends a change-log row)."""
        shapes: dict[int, list[Any]] = {}
        s_t, f_t = self.tables["inspection_session"], self.tables["finding"]
        for start in range(0, len(sessions), 500):
            chunk = sessions[start : start + 500]
            for row in self.conn.execute(
                select(s_t.c.id, s_t.c.status, s_t.c.completed_at).where(s_t.c.id.in_(chunk))
            ):
                shapes[row.id] = [row.status, row.completed_at]
            counts: list[Select[Any]] = []
            for name in ("answer", "answer_change", "session_event", "finding"):
                column = self.tables[name].c.session_id
                counts.append(select(column, func.count()).where(column.in_(chunk)))
            for name in ("hearing_classification", "site_layout"):
                if name in self.tables:
                    column = self.tables[name].c.session_id
                    counts.append(select(column, func.count()).where(column.in_(chunk)))
            by_session = select(f_t.c.session_id, func.count()).where(f_t.c.session_id.in_(chunk))
            f_log, p_t = self.tables["finding_change"], self.tables["improvement_plan"]
            counts.append(by_session.select_from(f_log).join(f_t, f_t.c.id == f_log.c.finding_id))
            counts.append(by_session.select_from(p_t).join(f_t, f_t.c.id == p_t.c.finding_id))
            if "improvement_plan_change" in self.tables:
                p_log = self.tables["improvement_plan_change"]
                counts.append(
                    by_session.select_from(p_log)
                    .join(p_t, p_t.c.id == p_log.c.plan_id)
                    .join(f_t, f_t.c.id == p_t.c.finding_id)
                )
            m_t = self.tables["measure_entry"]
            counts.append(
                by_session.select_from(m_t)
                .join(p_t, p_t.c.id == m_t.c.plan_id)
                .join(f_t, f_t.c.id == p_t.c.finding_id)
            )
            for query in counts:
                got: dict[int, int] = {
                    r[0]: r[1] for r in self.conn.execute(query.group_by(query.selected_columns[0]))
                }
                for session in chunk:
                    shapes.setdefault(session, []).append(got.get(session, 0))
        return {k: tuple(v) for k, v in shapes.items()}

    def _snapshot(self) -> dict[tuple[str, int], dict[tuple[str, Any], Any]]:
        """Every row of the protected visits and findings, by what identifies it."""
        shot: dict[tuple[str, int], dict[tuple[str, Any], Any]] = {}
        for session in self.protected:
            shot[("session", session)] = self._session_rows(session)
        for finding in self.own_findings:
            rows: dict[tuple[str, Any], Any] = {}
            self._finding_rows(rows, [finding])
            shot[("finding", finding)] = rows
        return shot

    def _session_rows(self, session: int) -> dict[tuple[str, Any], Any]:
        rows: dict[tuple[str, Any], Any] = {}
        s_t = self.tables["inspection_session"]
        state = self.conn.execute(
            select(s_t.c.status, s_t.c.completed_at).where(s_t.c.id == session)
        ).one()
        rows[("session", None)] = tuple(state)
        for r in self._all("answer", "session_id", [session]):
            rows[("answer", r["item_id"])] = _values(r)
        for r in self._all("answer_change", "session_id", [session]):
            rows[("answer_change", r["id"])] = r["item_id"]
        for name in ("session_event", "hearing_classification"):
            if name in self.tables:
                for r in self._all(name, "session_id", [session]):
                    rows[(name, r["id"])] = None
        if "site_layout" in self.tables:
            for r in self._all("site_layout", "session_id", [session]):
                rows[("site_layout", None)] = _values(r)
        findings = [r["id"] for r in self._all("finding", "session_id", [session])]
        self._finding_rows(rows, findings)
        return rows

    def _finding_rows(self, rows: dict[tuple[str, Any], Any], findings: list[int]) -> None:
        f_key = self.ids.to_key["finding"]
        for r in self._all("finding", "id", findings):
            rows[("finding", r["uid"])] = _values(r)
        for r in self._all("finding_change", "finding_id", findings):
            rows[("finding_change", r["id"])] = f_key.get(r["finding_id"])
        plans = self._all("improvement_plan", "finding_id", findings)
        for r in plans:
            rows[("improvement_plan", r["uid"])] = _values(r)
        p_key = {r["id"]: r["uid"] for r in plans}
        if "improvement_plan_change" in self.tables:
            for r in self._all("improvement_plan_change", "plan_id", list(p_key)):
                rows[("improvement_plan_change", r["id"])] = p_key.get(r["plan_id"])
        for r in self._all("measure_entry", "plan_id", list(p_key)):
            rows[("measure_entry", r["uid"])] = (p_key.get(r["plan_id"]), *_values(r))

    def _all(self, name: str, column: str, ids: list[int]) -> list[Mapping[str, Any]]:
        if not ids:
            return []
        t = self.tables[name]
        return [dict(r._mapping) for r in self.conn.execute(select(t).where(t.c[column].in_(ids)))]

    def _completed_answers(
        self, sessions: list[int]
    ) -> dict[int, tuple[Any, dict[str, tuple[Any, ...]]]]:
        """The answers of the sessions completed here, with their completion time: on a
        laptop a completed session's answers change only once it is reopened (a logged
        event), so a bundle that changes them while the session stays completed as it was
        is not a laptop's work."""
        s_t, a_t = self.tables["inspection_session"], self.tables["answer"]
        found: dict[int, tuple[Any, dict[str, tuple[Any, ...]]]] = {}
        for start in range(0, len(sessions), 500):
            chunk = sessions[start : start + 500]
            for session in self.conn.execute(
                select(s_t.c.id, s_t.c.completed_at).where(
                    s_t.c.id.in_(chunk), s_t.c.status == "completed"
                )
            ):
                found[session.id] = (session.completed_at, {})
            done = [i for i in chunk if i in found]
            for start_done in range(0, len(done), 500):
                part = done[start_done : start_done + 500]
                for r in self.conn.execute(select(a_t).where(a_t.c.session_id.in_(part))):
                    found[r.session_id][1][r.item_id] = _values(dict(r._mapping))
        return found

    def _check_completed(self) -> None:
        s_t, a_t = self.tables["inspection_session"], self.tables["answer"]
        for session, (completed_at, before) in self.completed.items():
            now = self.conn.execute(
                select(s_t.c.uid, s_t.c.status, s_t.c.completed_at).where(s_t.c.id == session)
            ).one()
            if now.status != "completed" or now.completed_at != completed_at:
                continue  # reopened (and perhaps completed again): the answers may change
            after = {
                r.item_id: _values(dict(r._mapping))
                for r in self.conn.execute(select(a_t).where(a_t.c.session_id == session))
            }
            items = _changed(before, after)
            if items:
                shown = [_row_words("answer", item, None) for item in items]
                raise BundleRefused(
                    Message(
                        "bundle7t.completed_changed",
                        session=now.uid,
                        rows=_listed(shown[:_SHOWN]),
                    )
                )

    # -- after -------------------------------------------------------------------------

    def check(self) -> None:
        """Raise `BundleRefused` when the merge changed a protected visit or finding, or
        the answers of a session that stays completed as it was, carried rows outside the
        declared organization, reopened a completed session not accepted, or recorded a
        site record in another person's name (`trust_scope`, `trust_site`)."""
        check_scope(self.conn, self.tables, self.payload)  # after the organizations' checks
        self._check_completed()
        for (kind, local), before in self.snapshot.items():
            if kind == "session":
                after = self._session_rows(local)
            else:
                after = {}
                self._finding_rows(after, [local])
            changed = _changed(before, after)
            if not changed:
                continue
            shown = [
                _row_words(name, key, before.get((name, key), after.get((name, key))))
                for name, key in changed
            ]
            shown = list(dict.fromkeys(shown))
            rows = _listed(shown[:_SHOWN])
            if len(shown) > _SHOWN:
                rows = Message("bundle7t.and_more", rows=rows, count=len(shown) - _SHOWN)
            if kind == "session" and local in self.unnamed:
                uid, keeper = self.protected[local]
                words = "bundleguard.unnamed_visit" if keeper else "bundleguard.unkept_visit"
                raise BundleRefused(
                    Message(words, signer=self.signer, session=uid, keeper=keeper, rows=rows)
                )
            if kind == "session":
                uid, inspector = self.protected[local]
                raise BundleRefused(
                    Message(
                        "bundle7t.other_inspector",
                        signer=self.signer,
                        inspector=inspector,
                        session=uid,
                        rows=rows,
                    )
                )
            uid, creator = self.own_findings[local]
            raise BundleRefused(
                Message("bundle7t.other_creator", signer=self.signer, creator=creator, uid=uid)
            )
        self.reopened.extend(
            check_reopened(
                self.conn,
                self.tables,
                self.completed,
                self.signer,
                self.accept_reopen or self.own,
            )
        )
        self.site.check(self.data)

    def changed_sessions(self) -> list[int]:
        """The sessions the merge added rows to or changed (the ones it added too)."""
        sessions = self._sessions_of(self.data)
        after = self._shapes(sessions)
        return [s for s in sessions if s not in self.shapes or after.get(s) != self.shapes[s]]


def _listed(parts: list[str]) -> str:
    result = parts[0]
    for part in parts[1:]:
        result = Message("bundle7t.list", first=result, rest=part)
    return result


def _values(row: Mapping[str, Any]) -> tuple[Any, ...]:
    return tuple(repr(v) for k, v in sorted(row.items()) if k != "id")


def _changed(before: Mapping[Any, Any], after: Mapping[Any, Any]) -> list[Any]:
    keys = list(dict.fromkeys([*before, *after]))
    return [k for k in keys if before.get(k, _MISSING) != after.get(k, _MISSING)]


_MISSING = object()


def _row_words(name: str, key: Any, value: Any) -> str:
    if name == "answer":
        return Message("bundle7t.row.answer", item=key)
    if name == "answer_change":
        return Message("bundle7t.row.answer_change", item=value)
    if name in ("finding", "improvement_plan"):
        return Message(f"bundle7t.row.{name}", uid=key)
    if name in ("finding_change", "improvement_plan_change"):
        return Message(f"bundle7t.row.{name}", uid=value)
    if name == "site_layout":
        return Message("bundleguard.row.site_layout")
    if name == "measure_entry":
        return Message("bundleguard.row.measure_entry", uid=key, plan=value[0])
    return Message(f"bundle7t.row.{name}")


def log_imported(
    conn: Connection,
    tables: Mapping[str, Table],
    sessions: Iterable[int],
    source: Source,
    *,
    actor: str,
    at: datetime,
) -> int:
    """A session event naming the bundle and its signer on each of `sessions`."""
    e_t = tables["session_event"]
    rows = [
        {
            "session_id": session,
            "action": BUNDLE_IMPORTED,
            "actor": actor,
            "at": at,
            "note": source.label,
        }
        for session in sessions
    ]
    if rows:
        conn.execute(insert(e_t), rows)
    return len(rows)


__all__ = ["BUNDLE_IMPORTED", "Guard", "Source", "log_imported"]

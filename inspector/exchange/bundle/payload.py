"""The payload of a bundle: one organization's rows (and those below it) to send, with
natural keys instead of this database's ids (`rows`), ready for the envelope to seal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import Engine, Table, or_, select

from inspector.exchange.bundle.rows import (
    COMPOSITE_KEY,
    FORMAT,
    NATURAL_KEY,
    TABLE_ORDER,
    Ids,
    dump_value,
    fk_target,
    member_ids,
    tables_present,
)
from inspector.i18n import Message
from inspector.store.types import utcnow


def _dump_row(table: Table, row: Mapping[str, Any], ids: Ids) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for column in table.columns:
        if column.name == "id":
            continue
        value = row[column.name]
        target = fk_target(column)
        if target is not None and value is not None:
            if target in NATURAL_KEY:
                value = ids.to_key.get(target, {}).get(value)
            elif target in COMPOSITE_KEY:
                key = ids.to_key.get(target, {}).get(value)
                value = None if key is None else list(key)
            else:
                value = None
        out[column.name] = dump_value(value)
    return out


def collect(
    engine: Engine, organization: str, since: date | None = None, exporter: str = ""
) -> dict[str, Any]:
    """The payload of one organization (and those below it): sessions, answers, change log,
    events, findings, plans, their change log, measure entries and layouts; the site tools:
    card ledgers (cards, their events and usage log), the backup register (storages and
    their transports) and the hearing classifications.

    With `since`: the sessions with anything dated or recorded since then (date, creation,
    completion, answers, changes, events, layout, hearing classification) and the findings
    with anything recorded since then (themselves, their changes, plans, plan changes,
    measure entries), each whole (all its rows), with the sessions those findings refer to;
    the cards with anything recorded since then (the card, an event, a usage line) and the
    storages likewise (an edit, a transport), each whole. Sessions a card event refers to
    always travel (whole), so the office never meets an event of a session it does not
    know."""
    with engine.connect() as conn:
        tables = tables_present(conn)
        ids = Ids(conn, tables)

        def by_ids(name: str, column: str, values: Iterable[int]) -> list[dict[str, Any]]:
            table = tables[name]
            found: list[dict[str, Any]] = []
            chunk: list[int] = []
            for value in [*values, None]:
                if value is not None:
                    chunk.append(value)
                if chunk and (value is None or len(chunk) >= 500):
                    found.extend(
                        dict(r._mapping)
                        for r in conn.execute(
                            select(table).where(table.c[column].in_(chunk)).order_by(table.c.id)
                        )
                    )
                    chunk = []
            return found

        org_t = tables["organization"]
        orgs = conn.execute(select(org_t.c.id, org_t.c.code, org_t.c.name, org_t.c.parent_id)).all()
        root = next((o for o in orgs if o.code == organization.strip()), None) or next(
            (o for o in orgs if o.name == organization.strip()), None
        )
        if root is None:
            raise LookupError(Message("more.cards.unknown_organization", name=organization))
        children: dict[int, list[int]] = {}
        for o in orgs:
            if o.parent_id is not None:
                children.setdefault(o.parent_id, []).append(o.id)
        scope: set[int] = set()
        stack = [root.id]
        while stack:
            oid = stack.pop()
            if oid not in scope:
                scope.add(oid)
                stack.extend(children.get(oid, ()))
        s_t = tables["inspection_session"]
        f_t = tables["finding"]
        query = select(s_t).where(s_t.c.organization_id.in_(scope))
        finding_query = select(f_t).where(f_t.c.organization_id.in_(scope))
        if since is not None:
            start = datetime(since.year, since.month, since.day, tzinfo=UTC)
            # A session belongs to the bundle when anything of it was recorded since then:
            # an old session reopened and corrected on the laptop too.
            touched = [
                s_t.c.session_date >= since,
                s_t.c.created_at >= start,
                s_t.c.completed_at >= start,
            ]
            for name, at_column in (
                ("answer", "answered_at"),
                ("answer_change", "changed_at"),
                ("session_event", "at"),
                ("site_layout", "saved_at"),
                ("hearing_classification", "classified_at"),
            ):
                if name in tables:
                    t = tables[name]
                    touched.append(
                        s_t.c.id.in_(select(t.c.session_id).where(t.c[at_column] >= start))
                    )
            query = query.where(or_(*touched))
        sessions = [dict(r._mapping) for r in conn.execute(query.order_by(s_t.c.id))]
        if since is not None:
            # Every finding with anything dated since then: itself, its change log, its plans,
            # their change log and measure entries (an entry on an old finding included).
            p_t, m_t, fc_t = (
                tables["improvement_plan"],
                tables["measure_entry"],
                tables["finding_change"],
            )
            plans_touched = [
                p_t.c.created_at >= start,
                p_t.c.id.in_(
                    select(m_t.c.plan_id).where(
                        (m_t.c.recorded_at >= start) | (m_t.c.entry_date >= since)
                    )
                ),
            ]
            if "improvement_plan_change" in tables:
                pc_t = tables["improvement_plan_change"]
                plans_touched.append(
                    p_t.c.id.in_(select(pc_t.c.plan_id).where(pc_t.c.changed_at >= start))
                )
            finding_query = finding_query.where(
                or_(
                    f_t.c.session_id.in_([s["id"] for s in sessions] or [-1]),
                    f_t.c.created_at >= start,
                    f_t.c.id.in_(select(fc_t.c.finding_id).where(fc_t.c.changed_at >= start)),
                    f_t.c.id.in_(select(p_t.c.finding_id).where(or_(*plans_touched))),
                )
            )
        findings = [dict(r._mapping) for r in conn.execute(finding_query.order_by(f_t.c.id))]
        rows: dict[str, list[dict[str, Any]]] = {}
        if "card" in tables:
            # The card ledgers: every card of the scope (with `since`, those with anything
            # recorded since then), whole: all its events and usage lines.
            c_t, ce_t, cu_t = tables["card"], tables["card_event"], tables["card_usage"]
            card_query = select(c_t).where(c_t.c.organization_id.in_(scope))
            if since is not None:
                card_query = card_query.where(
                    or_(
                        c_t.c.created_at >= start,
                        c_t.c.id.in_(
                            select(ce_t.c.card_id).where(
                                (ce_t.c.recorded_at >= start) | (ce_t.c.at >= start)
                            )
                        ),
                        c_t.c.id.in_(
                            select(cu_t.c.card_id).where(
                                (cu_t.c.recorded_at >= start) | (cu_t.c.used_at >= start)
                            )
                        ),
                    )
                )
            rows["card"] = [dict(r._mapping) for r in conn.execute(card_query.order_by(c_t.c.id))]
            card_ids = [c["id"] for c in rows["card"]]
            rows["card_event"] = by_ids("card_event", "card_id", card_ids)
            rows["card_usage"] = by_ids("card_usage", "card_id", card_ids)
        if "backup_storage" in tables:
            # The backup register: every storage of the scope (with `since`, those edited or
            # with a transport recorded or dated since then), whole: all its transports.
            b_t, bt_t = tables["backup_storage"], tables["backup_transport"]
            storage_query = select(b_t).where(b_t.c.organization_id.in_(scope))
            if since is not None:
                storage_query = storage_query.where(
                    or_(
                        b_t.c.updated_at >= start,
                        b_t.c.id.in_(
                            select(bt_t.c.storage_id).where(
                                (bt_t.c.recorded_at >= start) | (bt_t.c.transport_date >= since)
                            )
                        ),
                    )
                )
            rows["backup_storage"] = [
                dict(r._mapping) for r in conn.execute(storage_query.order_by(b_t.c.id))
            ]
            rows["backup_transport"] = by_ids(
                "backup_transport", "storage_id", [b["id"] for b in rows["backup_storage"]]
            )
        # The sessions the findings (with `since`) and the card events refer to travel with
        # them (whole, like any session), so the office never meets a row referring to a
        # session it does not know.
        referred = {e["session_id"] for e in rows.get("card_event", [])}
        if since is not None:
            referred.update(f["session_id"] for f in findings)
        missing = sorted(referred - {s["id"] for s in sessions} - {None})
        if missing:
            sessions.extend(by_ids("inspection_session", "id", missing))
            sessions.sort(key=lambda s: s["id"])
        session_ids = [s["id"] for s in sessions]
        rows["inspection_session"] = sessions
        for name in ("answer", "answer_change", "session_event"):
            rows[name] = by_ids(name, "session_id", session_ids)
        for name in ("site_layout", "hearing_classification"):
            if name in tables:
                rows[name] = by_ids(name, "session_id", session_ids)
        rows["finding"] = findings
        rows["finding_change"] = by_ids("finding_change", "finding_id", [f["id"] for f in findings])
        rows["improvement_plan"] = by_ids(
            "improvement_plan", "finding_id", [f["id"] for f in findings]
        )
        plan_ids = [p["id"] for p in rows["improvement_plan"]]
        if "improvement_plan_change" in tables:
            rows["improvement_plan_change"] = by_ids("improvement_plan_change", "plan_id", plan_ids)
        rows["measure_entry"] = by_ids("measure_entry", "plan_id", plan_ids)
        # The people the rows refer to: respondents, card holders, card members and users.
        person_ids = {s["respondent_id"] for s in sessions}
        for name in ("card_event", "card_usage"):
            person_ids.update(r["person_id"] for r in rows.get(name, []))
        for card in rows.get("card", []):
            person_ids.update(member_ids(card["members"]))
        rows["person"] = by_ids("person", "id", sorted(person_ids - {None}))
        # The organizations the rows refer to, with the parents of organizations.
        wanted: set[int] = set(scope)
        for name, table in tables.items():
            for column in table.columns:
                if fk_target(column) == "organization":
                    wanted.update(
                        r[column.name] for r in rows.get(name, []) if r[column.name] is not None
                    )
        parent_of = {o.id: o.parent_id for o in orgs}
        for oid in list(wanted):
            cursor = parent_of.get(oid)
            while cursor is not None and cursor not in wanted:
                wanted.add(cursor)
                cursor = parent_of.get(cursor)
        rows["organization"] = by_ids("organization", "id", sorted(wanted))
        payload_tables = {
            name: [_dump_row(tables[name], r, ids) for r in rows.get(name, [])]
            for name in TABLE_ORDER
            if name in tables
        }
        # answer_change.undoes_id: local ids do not travel, the undone change's identity does
        change_by_id = {r["id"]: r for r in rows["answer_change"]}
        for raw, dumped in zip(rows["answer_change"], payload_tables["answer_change"], strict=True):
            target = change_by_id.get(raw["undoes_id"])
            dumped["undoes_id"] = None if target is None else _change_ref(target)
        # card.members: person ids in a JSON list; their staff numbers travel
        staff = ids.to_key.get("person", {})
        for raw, dumped in zip(rows.get("card", []), payload_tables.get("card", []), strict=True):
            dumped["members"] = [staff[m] for m in member_ids(raw["members"]) if m in staff]
    return {
        "format": FORMAT,
        "organization": root.code,
        "since": since.isoformat() if since else None,
        "exported_by": exporter,
        "exported_at": utcnow().isoformat(),
        "tables": payload_tables,
    }


def _change_ref(row: Mapping[str, Any]) -> dict[str, Any]:
    """How a bundle names the change an undo undoes (`answer_change.undoes_id`)."""
    return {
        "item_id": row["item_id"],
        "action": row["action"],
        "changed_by": row["changed_by"],
        "changed_at": dump_value(row["changed_at"]),
        "new_value": row["new_value"],
    }

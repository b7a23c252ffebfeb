"""Reading what consolidation needs: the latest completed session of each unit, and the
answers, as tuples (never ORM objects).

Two ways to the same `Tally`:

- `units()` returns plain `UnitRecord`s for `inspector.domain.consolidation.tally_units`
  (the reference, used by tests and small data);
- `tally()` pushes the counting of unconditional items into one SQL GROUP BY and
  evaluates in Python, unit by unit, only the items whose applicability depends on
  something (`depends_on`, `applies_when`, their parents) and the items of unions.

Tests check that both give the same consolidation on the same data.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, Engine, bindparam, text

from inspector.domain.checklist import Checklist, Item, Unit
from inspector.domain.consolidation import (
    NO_GROUP,
    Consolidation,
    Outcome,
    Tally,
    UnitRecord,
    answer_reasons,
    broken_value,
    group_key,
    summarize,
    value_outcome,
)

IMPORTED_SOURCES = ("csv", "bundle")
_TEMP = "consolidation_latest"


class UnknownOrganization(LookupError):
    pass


@dataclass(frozen=True)
class Scope:
    """Which sessions count: a checklist, optionally some organizations (and those below),
    optionally only sessions dated within [period_start, period_end] (a fiscal year)."""

    checklist: Checklist
    organization_ids: tuple[int, ...] | None = None
    period_start: date | None = None
    period_end: date | None = None

    def period_conditions(self, prefix: str, params: dict[str, Any]) -> list[str]:
        """The WHERE conditions of the period (and their parameters added to `params`)."""
        conditions = []
        if self.period_start is not None:
            conditions.append(f"{prefix}session_date >= :period_start")
            params["period_start"] = self.period_start.isoformat()
        if self.period_end is not None:
            conditions.append(f"{prefix}session_date <= :period_end")
            params["period_end"] = self.period_end.isoformat()
        return conditions


def _per_unit_items(checklist: Checklist) -> set[str]:
    """Items that must be evaluated unit by unit: conditional items, their parents, and
    the items of unions."""
    starts = [i.id for i in checklist.items if i.depends_on is not None or i.applies_when]
    for union in checklist.unions:
        starts.extend(union.items)
    ids: set[str] = set()
    for start in starts:
        # up the depends_on chain until an item already taken (with all it depends on):
        # each item is walked once, however long the chains
        cursor: Item | None = checklist.item(start)
        while cursor is not None and cursor.id not in ids:
            ids.add(cursor.id)
            dep = cursor.depends_on
            cursor = checklist.item(dep.item) if dep is not None else None
    return ids


class ConsolidationRepository:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- scope ----------------------------------------------------------------------------

    def scope(self, checklist: Checklist, organization_codes: Sequence[str] = ()) -> Scope:
        """The organizations named by code (or name), with every organization below them."""
        if not organization_codes:
            return Scope(checklist)
        with self.engine.connect() as conn:
            rows = conn.execute(text("SELECT id, code, name, parent_id FROM organization")).all()
        by_key: dict[str, int] = {}
        for oid, _code, name, _parent in rows:
            by_key.setdefault(name, oid)
        for oid, code, _name, _parent in rows:
            by_key[code] = oid
        children: dict[int, list[int]] = {}
        for oid, _code, _name, parent in rows:
            if parent is not None:
                children.setdefault(parent, []).append(oid)
        chosen: set[int] = set()
        for key in organization_codes:
            if key.strip() not in by_key:
                raise UnknownOrganization(f"unknown organization '{key}'")
            stack = [by_key[key.strip()]]
            while stack:
                oid = stack.pop()
                if oid not in chosen:
                    chosen.add(oid)
                    stack.extend(children.get(oid, ()))
        return Scope(checklist, tuple(sorted(chosen)))

    # -- SQL ------------------------------------------------------------------------------

    @staticmethod
    def _latest_cte(
        scope: Scope, grouped: bool = True, with_open: bool = False
    ) -> tuple[str, dict[str, Any], list[Any]]:
        """The CTE `latest(sid, grp, tags, unit_id, done)`: one row per unit, its newest
        completed session (by session_date, then created_at, then id); `grp` is the
        respondent's staff type when `grouped`, else ''.

        With `with_open`, units whose sessions are all open keep one row with done = 0
        (the missing units), so one pass finds both.
        """
        person = scope.checklist.unit is Unit.RESPONDENT
        partition = "s.respondent_id" if person else "s.organization_id"
        completed = "(s.status = 'completed' OR s.source IN ('csv', 'bundle'))"
        where = ["s.checklist_id = :checklist"]
        if not with_open:
            where.append(completed)
        if person:
            where.append("s.respondent_id IS NOT NULL")
        params: dict[str, Any] = {"checklist": scope.checklist.id}
        where += scope.period_conditions("s.", params)
        binds: list[Any] = []
        if scope.organization_ids is not None:
            where.append("s.organization_id IN :orgs")
            params["orgs"] = list(scope.organization_ids)
            binds.append(bindparam("orgs", expanding=True))
        group = "p.staff_type" if person and grouped else "''"
        join_person = "LEFT JOIN person p ON p.id = s.respondent_id" if person and grouped else ""
        sql = f"""
            WITH ranked AS (
                SELECT s.id AS sid, {group} AS grp, o.tags AS tags,
                       {partition} AS unit_id,
                       CASE WHEN {completed} THEN 1 ELSE 0 END AS done,
                       ROW_NUMBER() OVER (
                           PARTITION BY {partition}
                           ORDER BY CASE WHEN {completed} THEN 1 ELSE 0 END DESC,
                                    s.session_date DESC, s.created_at DESC, s.id DESC
                       ) AS rn
                FROM inspection_session s
                JOIN organization o ON o.id = s.organization_id
                {join_person}
                WHERE {" AND ".join(where)}
            ),
            latest AS (SELECT sid, grp, tags, unit_id, done FROM ranked WHERE rn = 1)
        """
        return sql, params, binds

    def _execute(self, conn: Connection, sql: str, params: dict[str, Any], binds: list[Any]) -> Any:
        statement = text(sql)
        if binds:
            statement = statement.bindparams(*binds)
        return conn.execute(statement, params)

    def missing(self, conn: Connection, scope: Scope) -> int:
        """Units with sessions of the checklist in scope, none of them completed."""
        person = scope.checklist.unit is Unit.RESPONDENT
        unit = "respondent_id" if person else "organization_id"
        where = ["checklist_id = :checklist"]
        params: dict[str, Any] = {"checklist": scope.checklist.id}
        where += scope.period_conditions("", params)
        binds: list[Any] = []
        if person:
            where.append("respondent_id IS NOT NULL")
        if scope.organization_ids is not None:
            where.append("organization_id IN :orgs")
            params["orgs"] = list(scope.organization_ids)
            binds.append(bindparam("orgs", expanding=True))
        sql = f"""
            SELECT COUNT(*) FROM (
                SELECT {unit} FROM inspection_session
                WHERE {" AND ".join(where)}
                GROUP BY {unit}
                HAVING MAX(CASE WHEN status = 'completed' OR source IN ('csv', 'bundle')
                                THEN 1 ELSE 0 END) = 0
            ) AS m
        """
        return int(self._execute(conn, sql, params, binds).scalar_one())

    def _latest(
        self, conn: Connection, scope: Scope, grouped: bool = True
    ) -> list[tuple[int, str, str, int]]:
        cte, params, binds = self._latest_cte(scope, grouped)
        rows = self._execute(
            conn, cte + " SELECT sid, grp, tags, unit_id FROM latest", params, binds
        )
        return [(sid, grp or "", tags, unit_id) for sid, grp, tags, unit_id in rows]

    def _materialize(
        self, conn: Connection, scope: Scope, grouped: bool
    ) -> tuple[str, dict[str, Any], list[Any], int]:
        """The latest sessions go into a temporary table once (the window function runs
        once, and finds the missing units too), which every later query reads: on
        PostgreSQL as on SQLite (carrying the CTE in each of the five queries made
        PostgreSQL run the window five times: 2.2x a hand-written GROUP BY). Returns the
        prefix, parameters and expanding binds every query on `latest` needs, and the
        number of missing units. On PostgreSQL the table goes with the transaction."""
        sqlite = conn.dialect.name == "sqlite"
        table = f"{'temp' if sqlite else 'pg_temp'}.{_TEMP}"
        cte, params, binds = self._latest_cte(scope, grouped, with_open=True)
        conn.exec_driver_sql(f"DROP TABLE IF EXISTS {table}")
        key = "PRIMARY KEY" if sqlite else ""  # PostgreSQL: no index to build, ANALYZE instead
        conn.exec_driver_sql(
            f"CREATE TEMP TABLE {_TEMP} "
            f"(sid INTEGER {key}, grp TEXT, tags TEXT, unit_id INTEGER, done INTEGER)"
            + ("" if sqlite else " ON COMMIT DROP")
        )
        self._execute(
            conn,
            cte + f" INSERT INTO {table} SELECT sid, grp, tags, unit_id, done FROM latest",
            params,
            binds,
        )
        if not sqlite:
            conn.exec_driver_sql(f"ANALYZE {table}")  # the planner sizes the joins by it
        missing = conn.exec_driver_sql(f"SELECT COUNT(*) FROM {table} WHERE done = 0").scalar_one()
        return (
            f"WITH latest AS (SELECT sid, grp, tags, unit_id FROM {table} WHERE done = 1) ",
            {},
            [],
            int(missing),
        )

    # -- plain records (the reference path) ----------------------------------------------

    def units(self, scope: Scope) -> tuple[list[UnitRecord], int]:
        """Every unit's latest completed session as a `UnitRecord`, and the missing count."""
        checklist = scope.checklist
        person = checklist.unit is Unit.RESPONDENT
        tag_cache: dict[str | None, frozenset[str]] = {}
        with self.engine.connect() as conn:
            latest = self._latest(conn, scope)
            missing = self.missing(conn, scope)
            cte, params, binds = self._latest_cte(scope)
            rows = self._execute(
                conn,
                cte
                + """ SELECT a.session_id, a.item_id, a.value, a.reasons, a.reason_text
                FROM latest l JOIN answer a ON a.session_id = l.sid""",
                params,
                binds,
            ).all()
        values: dict[int, dict[str, str | None]] = {sid: {} for sid, *_ in latest}
        reasons: dict[int, dict[str, tuple[str, ...]]] = {sid: {} for sid, *_ in latest}
        for sid, item_id, value, raw_reasons, reason_text in rows:
            values[sid][item_id] = value
            given = answer_reasons(
                json.loads(raw_reasons) if raw_reasons else [], reason_text or ""
            )
            if given:
                reasons[sid][item_id] = given
        records = []
        for sid, grp, tags, unit_id in latest:
            if tags not in tag_cache:
                tag_cache[tags] = frozenset(json.loads(tags) if tags else [])
            records.append(
                UnitRecord(
                    unit=str(unit_id),
                    values=values[sid],
                    reasons=reasons[sid],
                    org_tags=tag_cache[tags],
                    group=grp if person else None,
                )
            )
        return records, missing

    # -- the fast path --------------------------------------------------------------------

    def tally(self, scope: Scope, grouped: bool = True) -> Tally:
        """The same tally as `tally_units(self.units(scope))`, counted mostly in SQL.

        With `grouped` False, units are not split by staff type (all in group ''), which
        spares the GROUP BY one column.
        """
        checklist = scope.checklist
        per_unit = _per_unit_items(checklist)
        simple = {i.id: i for i in checklist.items if i.id not in per_unit}
        broken = sorted(
            {v for i in checklist.items if (v := broken_value(checklist, i)) is not None}
        ) or ["noncompliant"]
        tally = Tally()
        json_cache: dict[str, list[str]] = {}

        def parse(raw: str | None) -> list[str]:
            if not raw or raw == "[]":
                return []
            if raw not in json_cache:
                json_cache[raw] = json.loads(raw)
            return json_cache[raw]

        with self.engine.connect() as conn:
            prefix, base_params, base_binds, tally.missing = self._materialize(conn, scope, grouped)
            latest: list[tuple[int, str, str, int]] = []
            if per_unit:
                latest = [
                    (sid, grp or "", tags, unit_id)
                    for sid, grp, tags, unit_id in self._execute(
                        conn,
                        prefix + " SELECT sid, grp, tags, unit_id FROM latest",
                        base_params,
                        base_binds,
                    )
                ]
            for grp, size in self._execute(
                conn,
                prefix + " SELECT grp, COUNT(*) FROM latest GROUP BY grp",
                base_params,
                base_binds,
            ):
                tally.population[grp or NO_GROUP] += size
            params = dict(base_params)
            binds = list(base_binds)
            # the latest sessions drive the join (SQLite's planner knows nothing of the temp
            # table and would scan every answer otherwise)
            join = "CROSS JOIN" if conn.dialect.name == "sqlite" else "JOIN"
            # grouping by a constant still costs a lookup per row: leave the column out
            group_column = "l.grp," if grouped else ""
            exclude = ""
            if per_unit:
                exclude = "AND a.item_id NOT IN :per_unit"
                params["per_unit"] = sorted(per_unit)
                binds.append(bindparam("per_unit", expanding=True))
            # On PostgreSQL one pass over the answers gives the counts and, for broken
            # answers, their reasons (a second join for the reasons doubled the time
            # there); SQLite sorts the wider groups slower than it joins twice.
            one_pass = conn.dialect.name != "sqlite"
            if one_pass:
                params["broken"] = broken
                binds.append(bindparam("broken", expanding=True))
                case = "CASE WHEN a.value IN :broken THEN a.{} END"
                reason_columns = f"{case.format('reasons')}, {case.format('reason_text')}"
                positions = "1, 2, 3, 4, 5" if grouped else "1, 2, 3, 4"  # by position
            else:
                reason_columns = "NULL, NULL"
                positions = "1, 2, 3" if grouped else "1, 2"
            grouped_rows = self._execute(
                conn,
                prefix
                + f"""
                SELECT {group_column} a.item_id, a.value, {reason_columns}, COUNT(*)
                FROM latest l {join} answer a ON a.session_id = l.sid
                WHERE 1 = 1 {exclude}
                GROUP BY {positions}""",
                params,
                binds,
            )
            answered: dict[tuple[str, str], int] = {}
            reason_rows: list[Any] = []
            for row in grouped_rows:
                if grouped:
                    grp, item_id, value, raw_reasons, reason_text, count = row
                else:
                    grp, (item_id, value, raw_reasons, reason_text, count) = NO_GROUP, row
                item = simple.get(item_id)
                if item is None or value is None:
                    continue
                if one_pass and value in broken:
                    reason_rows.append((item_id, value, raw_reasons, reason_text, count))
                group = grp or NO_GROUP
                outcome = value_outcome(checklist, item, value)
                tally.outcomes[(group, item_id, outcome)] += count
                answered[(group, item_id)] = answered.get((group, item_id), 0) + count
            for group, size in tally.population.items():
                for item_id in simple:
                    missing_answers = size - answered.get((group, item_id), 0)
                    if missing_answers:
                        tally.outcomes[(group, item_id, Outcome.UNANSWERED)] += missing_answers
            if not one_pass:  # the reasons of broken answers: few rows, counted apart
                params = {**params, "broken": broken}
                binds = [*binds, bindparam("broken", expanding=True)]
                reason_rows = list(
                    self._execute(
                        conn,
                        prefix
                        + f"""
                        SELECT a.item_id, a.value, a.reasons, a.reason_text, COUNT(*)
                        FROM latest l {join} answer a ON a.session_id = l.sid
                        WHERE a.value IN :broken {exclude}
                        GROUP BY a.item_id, a.value, a.reasons, a.reason_text""",
                        params,
                        binds,
                    )
                )
            for item_id, value, raw_reasons, reason_text, count in reason_rows:
                item = simple.get(item_id)
                if (
                    item is None
                    or value_outcome(checklist, item, value) is not Outcome.NONCOMPLIANT
                ):
                    continue
                for reason in answer_reasons(parse(raw_reasons), reason_text or ""):
                    tally.reasons[(item_id, reason)] += count
            if per_unit:
                self._tally_per_unit(
                    conn, prefix, base_params, base_binds, scope, tally, latest, per_unit, parse
                )
            if conn.dialect.name == "sqlite":
                conn.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{_TEMP}")
        return tally

    def _tally_per_unit(
        self,
        conn: Connection,
        prefix: str,
        base_params: dict[str, Any],
        base_binds: list[Any],
        scope: Scope,
        tally: Tally,
        latest: Sequence[tuple[int, str, str, int]],
        per_unit: set[str],
        parse: Any,
    ) -> None:
        checklist = scope.checklist
        items = [i for i in checklist.items if i.id in per_unit]
        join = "CROSS JOIN" if conn.dialect.name == "sqlite" else "JOIN"
        params = {**base_params, "per_unit": sorted(per_unit)}
        binds = [*base_binds, bindparam("per_unit", expanding=True)]
        rows = self._execute(
            conn,
            prefix
            + f""" SELECT a.session_id, a.item_id, a.value, a.reasons, a.reason_text
            FROM latest l {join} answer a ON a.session_id = l.sid
            WHERE a.item_id IN :per_unit""",
            params,
            binds,
        )
        values: dict[int, dict[str, str | None]] = {}
        reasons: dict[int, dict[str, tuple[str, ...]]] = {}
        for sid, item_id, value, raw_reasons, reason_text in rows:
            values.setdefault(sid, {})[item_id] = value
            given = answer_reasons(parse(raw_reasons), reason_text or "")
            if given:
                reasons.setdefault(sid, {})[item_id] = given
        tag_cache: dict[str | None, frozenset[str]] = {}
        empty: dict[str, Any] = {}
        for sid, grp, tags, _unit in latest:
            if tags not in tag_cache:
                tag_cache[tags] = frozenset(json.loads(tags) if tags else [])
            tally.add_unit(
                checklist,
                group_key(grp),
                values.get(sid, empty),
                reasons.get(sid, empty),
                tag_cache[tags],
                items=items,
            )

    # -- the service ----------------------------------------------------------------------

    def consolidate(
        self,
        checklist: Checklist,
        organization_codes: Iterable[str] = (),
        *,
        by: str | None = None,
        top: int = 10,
        lang: str = "ja",
    ) -> Consolidation:
        scope = self.scope(checklist, tuple(organization_codes))
        return self.consolidate_scope(scope, by=by, top=top, lang=lang)

    def consolidate_scope(
        self,
        scope: Scope,
        *,
        by: str | None = None,
        top: int = 10,
        lang: str = "ja",
    ) -> Consolidation:
        """The consolidation of a scope already resolved (`scope()`), optionally within a
        period (`dataclasses.replace(scope, period_start=..., period_end=...)`)."""
        tally = self.tally(scope, grouped=by is not None)
        return summarize(scope.checklist, tally, by=by, top=top, lang=lang)


__all__ = ["ConsolidationRepository", "Scope", "UnknownOrganization"]

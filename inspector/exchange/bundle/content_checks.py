"""The decrypted content of a bundle, checked whole before anything is merged.

A bundle is signed by an inspector, but its content is still input: a damaged exporter,
a hand-made payload or a laptop with a wrong clock must not reach the merge, where a
wrong type ends in a traceback (AttributeError, `Invalid isoformat`, IntegrityError) and
a date from the future becomes a unit's "latest" answer forever. The rules come from the
tables themselves (SQLModel metadata): every column of a known table has the type the
database expects, required columns are present, values that are unique in the database
are unique in the bundle, every reference names a row the bundle carries (an export
always carries what its rows refer to), enumerations hold one of their values, and
moments are between 1900 and now plus a small clock-skew margin (a plan's deadline may lie
ahead). The first problems are named with their table, row and field; the import is
refused whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from sqlalchemy import Boolean, Column, Date, Integer, Table, UniqueConstraint

from inspector.domain.backup import StorageKind
from inspector.domain.cards import CardEventKind, CardKind, CardUse
from inspector.domain.controls import escape_controls, first_control
from inspector.domain.dates import JAPAN
from inspector.domain.findings import FindingKind, MeasureStatus
from inspector.domain.model import (
    PersonStatus,
    Role,
    SessionKind,
    SessionSource,
    SessionStatus,
    StaffType,
)
from inspector.domain.organization_code import organization_code_problem
from inspector.exchange.bundle.rows import fk_target
from inspector.i18n import Message, joined
from inspector.store.types import JSONText, UTCDateTime

#: how far ahead of this machine's clock a laptop's clock may run
CLOCK_SKEW = timedelta(minutes=10)
EARLIEST_YEAR = 1900
#: dates that are plans, not records: they may lie in the future
FUTURE_ALLOWED = {("improvement_plan", "deadline")}
#: JSON columns that hold lists (of strings for `members`: staff numbers)
LIST_COLUMNS = {"tags", "reasons", "evidence", "items", "members", "based_on"}
#: JSON lists of moments (a layout's earlier versions)
MOMENT_LISTS = {("site_layout", "based_on")}
ENUMS: dict[tuple[str, str], type[StrEnum]] = {
    ("person", "staff_type"): StaffType,
    ("person", "status"): PersonStatus,
    ("inspection_session", "role"): Role,
    ("inspection_session", "kind"): SessionKind,
    ("inspection_session", "status"): SessionStatus,
    ("inspection_session", "source"): SessionSource,
    ("finding", "kind"): FindingKind,
    ("measure_entry", "status"): MeasureStatus,
    ("card", "kind"): CardKind,
    ("card", "use"): CardUse,
    ("card_event", "kind"): CardEventKind,
    ("backup_storage", "kind"): StorageKind,
}
#: text columns that name or identify something: one line, no tab (the rest are free text,
#: where a line break and a tab are layout, as the CSV import allows in notes)
ONE_LINE_COLUMNS = {
    "code",
    "name",
    "staff_number",
    "uid",
    "item_id",
    "checklist_id",
    "inspector_name",
    "heard_by",
    "answered_by",
    "changed_by",
    "number",
    "holder",
}
_SHOWN = 10


class PayloadProblems(Exception):
    """What is wrong with a bundle's content, each with table, row and field."""

    def __init__(self, problems: list[str]) -> None:
        shown = joined(problems[:_SHOWN])
        if len(problems) > _SHOWN:
            shown = Message("more.bundle.and_more", problems=shown, count=len(problems) - _SHOWN)
        super().__init__(Message("more.bundle.damaged_content", problems=shown))
        self.problems = problems


def _required(column: Column[Any]) -> bool:
    return not column.nullable and column.default is None and column.server_default is None


class _Checker:
    def __init__(
        self,
        tables: Mapping[str, Table],
        natural_key: Mapping[str, str],
        composite_key: Mapping[str, tuple[str, str]],
        now: datetime,
    ) -> None:
        self.tables = tables
        self.natural_key = natural_key
        self.composite_key = composite_key
        self.latest = now + CLOCK_SKEW
        # a plain date is an office's day in Japan (entry dates are `japan_today()`): the
        # machine's own zone (UTC on many servers) is a day behind from 00:00 to 09:00 JST;
        # a machine ahead of Japan keeps its own day
        self.latest_day = max(self.latest.astimezone(JAPAN).date(), self.latest.astimezone().date())
        self.problems: list[str] = []

    def problem(self, table: str, row: int, column: str, what: str) -> None:
        self.problems.append(
            Message("more.bundle.at_field", table=table, row=row, column=column, what=what)
        )

    # -- one value ---------------------------------------------------------------------

    def moment(self, value: Any) -> str | None:
        if not isinstance(value, str):
            return Message("more.bundle.expected_datetime", kind=_kind(value))
        try:
            parsed = datetime.fromisoformat(value)
            parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
            parsed.astimezone(UTC)
        except (ValueError, OverflowError):
            return Message("more.bundle.not_datetime", value=_short(value))
        if parsed.year < EARLIEST_YEAR:
            return Message("more.bundle.before", value=value, year=EARLIEST_YEAR)
        if parsed > self.latest:
            return Message("more.bundle.future", value=value)
        return None

    def day(self, value: Any, future: bool) -> str | None:
        if not isinstance(value, str):
            return Message("more.bundle.expected_date", kind=_kind(value))
        try:
            parsed = date.fromisoformat(value)
        except ValueError:
            return Message("more.bundle.not_date", value=_short(value))
        if parsed.year < EARLIEST_YEAR:
            return Message("more.bundle.before", value=value, year=EARLIEST_YEAR)
        if not future and parsed > self.latest_day:
            return Message("more.bundle.future", value=value)
        return None

    def plain(self, name: str, column: Column[Any], value: Any) -> str | None:
        kind = column.type
        if isinstance(kind, UTCDateTime):
            return self.moment(value)
        if isinstance(kind, Date):
            return self.day(value, (name, column.name) in FUTURE_ALLOWED)
        if isinstance(kind, Boolean):
            return (
                None
                if isinstance(value, bool)
                else Message("more.bundle.expected_bool", kind=_kind(value))
            )
        if isinstance(kind, Integer):
            ok = isinstance(value, int) and not isinstance(value, bool)
            return None if ok else Message("more.bundle.expected_int", kind=_kind(value))
        if isinstance(kind, JSONText):
            if column.name in LIST_COLUMNS and not isinstance(value, list):
                return Message("more.bundle.expected_list", kind=_kind(value))
            if column.name == "members" and not all(isinstance(m, str) for m in value):
                return Message("more.bundle.expected_staff_numbers")
            if (name, column.name) in MOMENT_LISTS:
                return next((w for m in value if (w := self.moment(m))), None)
            texts = value if isinstance(value, list) else []
            return next(
                (w for t in texts if isinstance(t, str) and (w := _controls(t, True))), None
            )
        if not isinstance(value, str):
            return Message("more.bundle.expected_text", kind=_kind(value))
        if bad := _controls(value, column.name not in ONE_LINE_COLUMNS):
            return bad
        if name == "organization" and column.name == "code":
            return organization_code_problem(value)
        enum = ENUMS.get((name, column.name))
        if enum is not None and value not in {e.value for e in enum}:
            return Message(
                "more.bundle.not_one_of",
                value=_short(value),
                choices=", ".join(e.value for e in enum),
            )
        return None

    def reference(self, target: str, value: Any) -> tuple[str | None, Any]:
        """(a problem, the key) of a value naming a row of `target`."""
        if target in self.composite_key:
            ok = (
                isinstance(value, list)
                and len(value) == 2
                and all(isinstance(v, str) for v in value)
            )
            if not ok:
                return Message("more.bundle.expected_code_name", target=target), None
            return None, tuple(value)
        if target in self.natural_key:
            if not isinstance(value, str):
                return (
                    Message(
                        "more.bundle.expected_key", ref=self.natural_key[target], target=target
                    ),
                    None,
                )
            return None, value
        # local ids do not travel: answer_change.undoes_id names the undone change
        if not isinstance(value, dict) or not all(
            isinstance(value.get(k), str) for k in ("item_id", "action", "changed_by")
        ):
            return Message("more.bundle.expected_undone"), None
        return self.moment(value.get("changed_at")), None

    # -- the payload -------------------------------------------------------------------

    def keys_of(self, name: str, rows: list[Any]) -> set[Any]:
        if name in self.natural_key:
            key = self.natural_key[name]
            return {r.get(key) for r in rows if isinstance(r, dict)}
        parent, column = self.composite_key[name]
        return {
            (r.get(parent), r.get(column))
            for r in rows
            if isinstance(r, dict) and isinstance(r.get(parent), str)
        }

    def check(self, payload: Any) -> None:
        if not isinstance(payload, dict) or not isinstance(payload.get("tables"), dict):
            self.problems.append(Message("more.bundle.no_tables"))
            return
        data: dict[str, Any] = payload["tables"]
        for name, rows in data.items():
            if name in self.tables and not isinstance(rows, list):
                self.problems.append(
                    Message("more.bundle.expected_rows", table=name, kind=_kind(rows))
                )
        lists = {n: r for n, r in data.items() if n in self.tables and isinstance(r, list)}
        carried = {
            n: self.keys_of(n, lists.get(n, []))
            for n in [*self.natural_key, *self.composite_key]
            if n in self.tables
        }
        for name, rows in lists.items():
            self.rows(name, self.tables[name], rows, carried)
        self.finding_organizations(lists)

    def finding_organizations(self, lists: Mapping[str, list[Any]]) -> None:
        """A finding of a session belongs to that session's organization: one carried with
        another would be listed on the other organization's notice and plan workbook."""
        of_session = {
            r.get("uid"): r.get("organization_id")
            for r in lists.get("inspection_session", [])
            if isinstance(r, dict)
        }
        for number, row in enumerate(lists.get("finding", []), start=1):
            if not isinstance(row, dict) or not isinstance(row.get("session_id"), str):
                continue
            organization = row.get("organization_id")
            expected = of_session.get(row["session_id"])
            if (
                isinstance(organization, str)
                and isinstance(expected, str)
                and organization != expected
            ):
                self.problem(
                    "finding",
                    number,
                    "organization_id",
                    Message(
                        "bundle7t.finding_organization",
                        organization=organization,
                        session=row["session_id"],
                        session_organization=expected,
                    ),
                )

    def rows(
        self, name: str, table: Table, rows: list[Any], carried: Mapping[str, set[Any]]
    ) -> None:
        unique = _unique_sets(table)
        seen: dict[tuple[str, ...], dict[Any, int]] = {u: {} for u in unique}
        for number, row in enumerate(rows, start=1):
            if not isinstance(row, dict):
                self.problems.append(Message("more.bundle.expected_object", table=name, row=number))
                continue
            for column in table.columns:
                if column.name == "id":
                    continue
                if column.name not in row:
                    if _required(column):
                        self.problem(name, number, column.name, Message("more.bundle.missing"))
                    continue
                value = row[column.name]
                if value is None:
                    if not column.nullable:
                        self.problem(name, number, column.name, Message("more.bundle.null"))
                    continue
                target = fk_target(column)
                if target is None:
                    what = self.plain(name, column, value)
                else:
                    what, key = self.reference(target, value)
                    if what is None and key is not None and key not in carried.get(target, ()):
                        what = Message("more.bundle.not_carried", target=target, ref=_show(key))
                if what is not None:
                    self.problem(name, number, column.name, what)
            if name == "card" and isinstance(row.get("members"), list):
                for member in row["members"]:
                    if isinstance(member, str) and member not in carried.get("person", ()):
                        self.problem(
                            name,
                            number,
                            "members",
                            Message("more.bundle.unknown_person", member=member),
                        )
            for columns in unique:
                key = tuple(_hashable(row.get(c)) for c in columns)
                if any(k is None for k in key):
                    continue
                if key in seen[columns]:
                    self.problem(
                        name,
                        number,
                        ", ".join(columns),
                        Message("more.bundle.same_as_row", row=seen[columns][key]),
                    )
                else:
                    seen[columns][key] = number


def _unique_sets(table: Table) -> list[tuple[str, ...]]:
    sets = [
        tuple(c.name for c in con.columns)
        for con in table.constraints
        if isinstance(con, UniqueConstraint)
    ]
    sets += [tuple(c.name for c in ix.columns) for ix in table.indexes if ix.unique]
    return [s for s in dict.fromkeys(sets) if "id" not in s]


def _hashable(value: Any) -> Any:
    return (
        tuple(value) if isinstance(value, list) else value if not isinstance(value, dict) else None
    )


def _controls(value: str, layout: bool) -> str | None:
    """The control character in a text (the one definition: `domain.controls`)."""
    found = first_control(value, allow_layout=layout)
    return (
        Message(
            "more.bundle.control",
            found=found,
            value=_short(escape_controls(value, keep_layout=False)),
        )
        if found
        else None
    )


def _kind(value: Any) -> str:
    kind = {
        bool: "bool",
        int: "number",
        float: "number",
        str: "text",
        list: "list",
        dict: "object",
        type(None): "null",
    }.get(type(value))
    return Message(f"more.bundle.kind.{kind}") if kind else type(value).__name__


def _short(value: str, width: int = 40) -> str:
    return value if len(value) <= width else value[: width - 1] + "…"


def _show(key: Any) -> str:
    return "/".join(map(str, key)) if isinstance(key, tuple) else _short(str(key))


def check_payload(
    payload: Any,
    tables: Mapping[str, Table],
    natural_key: Mapping[str, str],
    composite_key: Mapping[str, tuple[str, str]],
    *,
    now: datetime,
) -> None:
    """Raise `PayloadProblems` unless every row of every known table is sound (see above)."""
    checker = _Checker(tables, natural_key, composite_key, now)
    checker.check(payload)
    if checker.problems:
        raise PayloadProblems(checker.problems)


def known_tables(names: Iterable[str]) -> dict[str, Table]:
    """The model's tables among `names` (the ones a bundle may carry)."""
    from sqlmodel import SQLModel

    return {n: SQLModel.metadata.tables[n] for n in names if n in SQLModel.metadata.tables}


__all__ = ["CLOCK_SKEW", "PayloadProblems", "check_payload", "known_tables"]

"""Organizations as a roster import would leave them: no code that is another
organization's name, no name that is another's code, no cycle of parents.

A row names its organization by code or by name (`organization_lookup`), the code
winning; an organization whose code is another one's name (code `総務課`) would silently
take every later row that meant the other. A cycle (A under B under A, or a unit its own
parent) has no department at the top, so the tree views and consolidation by department
would never end or would drop it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from inspector.domain.model import Organization
from inspector.exchange.csvfile import RowProblem
from inspector.i18n import Message
from inspector.store.repository import KEEP, OrganizationInput


def organization_conflicts(
    existing: Sequence[Organization], inputs: Sequence[tuple[int, OrganizationInput]]
) -> list[RowProblem]:
    """Problems of `inputs` (each with its row number) against each other and the
    organizations already stored."""
    code_of = {o.id: o.code for o in existing}
    names = {o.code: o.name for o in existing}
    parents = {o.code: code_of.get(o.parent_id) if o.parent_id else None for o in existing}
    rows: dict[str, int] = {}
    for number, item in inputs:
        rows.setdefault(item.code, number)
        names[item.code] = item.name
        if item.parent_code is not KEEP:
            parents[item.code] = item.parent_code if isinstance(item.parent_code, str) else None
    holders: dict[str, list[str]] = {}  # name -> the codes of the organizations named so
    for code, name in names.items():
        holders.setdefault(name, []).append(code)
    problems: list[RowProblem] = []
    for number, item in inputs:
        others = [c for c in holders.get(item.code, []) if c != item.code]
        if others:
            problems.append(
                RowProblem(
                    number,
                    Message("more.org.code_is_name", code=item.code, other=others[0]),
                )
            )
        if item.name != item.code and item.name in names:
            problems.append(
                RowProblem(
                    number,
                    Message("more.org.name_is_code", name=item.name),
                )
            )
    reported: set[str] = set()
    for code, number in rows.items():
        cycle = _cycle(code, parents)
        if cycle and code not in reported:
            reported.update(cycle)
            problems.append(
                RowProblem(
                    number,
                    Message("more.org.cycle", code=code, cycle=" -> ".join([*cycle, cycle[0]])),
                )
            )
    return problems


def ambiguous_name(key: str, ambiguous: Mapping[str, Sequence[str]]) -> str | None:
    """Why a row naming organization `key` cannot be resolved: its name is shared (see
    `organization_lookup`); None when it is not."""
    codes = ambiguous.get(key)
    if not codes:
        return None
    return Message("more.org.ambiguous", ref=key, codes=", ".join(codes[:-1]), last=codes[-1])


def _cycle(code: str, parents: dict[str, str | None]) -> list[str]:
    """The cycle through `code`, from it; empty when its parents lead to a top."""
    path = [code]
    seen = {code}
    current = parents.get(code)
    while current is not None:
        if current == code:
            return path
        if current in seen:  # a cycle above, not through this one
            return []
        path.append(current)
        seen.add(current)
        current = parents.get(current)
    return []

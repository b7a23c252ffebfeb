"""Organizations in tree order, for the pickers: each under its parent (children by code),
with its depth, so that a section is listed indented under its own department."""

from __future__ import annotations

from collections.abc import Sequence

from inspector.domain.model import Organization


def in_tree_order(organizations: Sequence[Organization]) -> list[tuple[int, Organization]]:
    """(depth, organization) in tree order; a cycle in the roster lists each once, and an
    organization whose parent is unknown is a root."""
    children: dict[int | None, list[Organization]] = {}
    known = {o.id for o in organizations}
    for organization in sorted(organizations, key=lambda o: o.code):
        parent = organization.parent_id if organization.parent_id in known else None
        children.setdefault(parent, []).append(organization)
    ordered: list[tuple[int, Organization]] = []
    seen: set[int] = set()

    def walk(parent: int | None, level: int) -> None:
        for organization in children.get(parent, []):
            if organization.id in seen:
                continue
            seen.add(organization.id)
            ordered.append((level, organization))
            walk(organization.id, level + 1)

    walk(None, 0)
    return ordered + [(0, o) for o in organizations if o.id not in seen]


def tree_label(level: int, organization: Organization) -> str:
    """The organization indented by its depth, with its code: 「  市民課（210）」."""
    return "  " * level + f"{organization.name}（{organization.code}）"


__all__ = ["in_tree_order", "tree_label"]

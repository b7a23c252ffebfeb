"""Compartments and the server zone of a room, and distances between cells.

Partitions (walls) and doors are *barriers*. A *compartment* is a set of non-barrier
cells connected through their four sides (not diagonally) without crossing a barrier;
the edge of the grid is the room's outer wall. The **server zone** is the union of the
compartments that contain at least one rack. So a partition with a door splits the
room into a server zone and the rest, and a partition with a gap does not separate
anything (the flood fill leaks through the gap, as people and air would).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from inspector.domain.layout.room import BARRIERS, CellKind, Layout, Pos


def neighbours(pos: Pos) -> list[Pos]:
    """The four cells beside `pos` (north, east, south, west), inside the room or not."""
    x, y = pos
    return [(x, y - 1), (x + 1, y), (x, y + 1), (x - 1, y)]


def distance(a: Pos, b: Pos) -> int:
    """Chebyshev distance in cells (a diagonal step counts as one)."""
    return max(abs(a[0] - b[0]), abs(a[1] - b[1]))


def compartments(layout: Layout) -> dict[Pos, int]:
    """Each non-barrier cell's compartment number (connected through sides)."""
    number: dict[Pos, int] = {}
    current = 0
    for y in range(layout.height):
        for x in range(layout.width):
            start = (x, y)
            if start in number or layout.kind_at(start) in BARRIERS:
                continue
            stack = [start]
            number[start] = current
            while stack:
                pos = stack.pop()
                for nxt in neighbours(pos):
                    if (
                        layout.inside(nxt)
                        and nxt not in number
                        and layout.kind_at(nxt) not in BARRIERS
                    ):
                        number[nxt] = current
                        stack.append(nxt)
            current += 1
    return number


def zone_of(comp: Mapping[Pos, int], racks: Iterable[Pos]) -> frozenset[Pos]:
    """The cells of every compartment (numbered by `compartments`) that holds a rack."""
    with_racks = {comp[p] for p in racks if p in comp}
    return frozenset(p for p, n in comp.items() if n in with_racks)


def server_zone(layout: Layout) -> frozenset[Pos]:
    """The cells of every compartment that holds a rack."""
    return zone_of(compartments(layout), layout.positions([CellKind.RACK]))

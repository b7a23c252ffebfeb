"""The receipt of an import: per table what was added, updated and skipped, the
conflicts, the rows merged unchecked (layouts without the version they were based on: an
older bundle), the bundles merged and the tables this database does not have."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from inspector.exchange.bundle.rows import TABLE_ORDER


@dataclass
class Receipt:
    """What an import did: per table added / updated / skipped, and the conflicts."""

    bundles: list[dict[str, Any]] = field(default_factory=list)
    counts: dict[str, Counter[str]] = field(default_factory=dict)
    conflicts: list[dict[str, Any]] = field(default_factory=list)
    # merged by the newer save time without the check for edits in between (`merge_layouts`)
    unchecked: list[dict[str, Any]] = field(default_factory=list)
    # layouts of this database replaced by a bundle's that says it went on from them: the
    # history is the sender's word, so each is shown with both versions (`merge_layouts`)
    replaced: list[dict[str, Any]] = field(default_factory=list)
    ignored_tables: list[str] = field(default_factory=list)
    # sessions completed in this database that a bundle reopened (and perhaps completed
    # anew), accepted by the import's `accept_reopen` (`trust.Guard`)
    reopened: list[dict[str, Any]] = field(default_factory=list)

    def count(self, table: str, what: str, n: int = 1) -> None:
        self.counts.setdefault(table, Counter())[what] += n

    @property
    def changed(self) -> bool:
        return any(c["added"] or c["updated"] for c in self.counts.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "bundles": self.bundles,
            "tables": {
                name: {
                    k: self.counts.get(name, Counter())[k] for k in ("added", "updated", "skipped")
                }
                for name in TABLE_ORDER
                if name in self.counts
            },
            "conflicts": self.conflicts,
            "unchecked": self.unchecked,
            "replaced": self.replaced,
            "ignored_tables": self.ignored_tables,
            "reopened": self.reopened,
        }

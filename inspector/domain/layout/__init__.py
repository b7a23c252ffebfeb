"""Server room layout: a grid of cells and the rules an inspector checks on it (seed 001).

- `room.py`: the room (`Layout`), its cells and their kinds, and its JSON form;
- `geometry.py`: compartments, the server zone, distances between cells;
- `rules.py`: the five rules and their outcomes (`evaluate_layout`, `RuleResult`);
- `text.py`: cell names, the text grid, the finding (指摘) for a broken rule.

The thresholds come from `site_rules.yaml` (`inspector.domain.site_rules`); the outcome
states are shared with the backup rules (`inspector.domain.rule_outcome`). Every public
name is importable from `inspector.domain.layout` as before the split. Pure Python: no
terminal, database or PDF library.
"""

from inspector.domain.layout.geometry import compartments, distance, server_zone
from inspector.domain.layout.room import (
    ARROWS,
    BARRIERS,
    CLUTTER,
    DIRECTED,
    DOORS,
    EMPTY_GLYPH,
    GLYPHS,
    LAYOUT_FORMAT,
    MAX_SIZE,
    NOT_BLOCKING,
    PEOPLE,
    Cell,
    CellKind,
    Direction,
    Layout,
    LayoutError,
    Pos,
    layout_changes,
)
from inspector.domain.layout.rules import (
    NO_BACKUP_BOX,
    NO_BACKUP_BOX_OR_KEY,
    NO_DOOR,
    NO_ENTRANCE,
    NO_KEY_CABINET,
    NO_RACK,
    NOT_CHECKED_REASONS,
    RULE_IDS,
    RuleResult,
    broken,
    evaluate_layout,
    not_checked,
    rule_counts,
)
from inspector.domain.layout.text import (
    cell_label,
    column_name,
    highlighted_cells,
    layout_finding,
    render_grid,
)
from inspector.domain.rule_outcome import Judged, RuleState
from inspector.domain.site_rules import RULES_FILE, LayoutThresholds, SiteRules, load_site_rules

__all__ = [
    "ARROWS",
    "BARRIERS",
    "CLUTTER",
    "DIRECTED",
    "DOORS",
    "EMPTY_GLYPH",
    "GLYPHS",
    "LAYOUT_FORMAT",
    "MAX_SIZE",
    "NOT_BLOCKING",
    "NOT_CHECKED_REASONS",
    "NO_BACKUP_BOX",
    "NO_BACKUP_BOX_OR_KEY",
    "NO_DOOR",
    "NO_ENTRANCE",
    "NO_KEY_CABINET",
    "NO_RACK",
    "PEOPLE",
    "RULES_FILE",
    "RULE_IDS",
    "Cell",
    "CellKind",
    "Direction",
    "Judged",
    "Layout",
    "LayoutError",
    "LayoutThresholds",
    "Pos",
    "RuleResult",
    "RuleState",
    "SiteRules",
    "broken",
    "cell_label",
    "column_name",
    "compartments",
    "distance",
    "evaluate_layout",
    "highlighted_cells",
    "layout_changes",
    "layout_finding",
    "load_site_rules",
    "not_checked",
    "render_grid",
    "rule_counts",
    "server_zone",
]

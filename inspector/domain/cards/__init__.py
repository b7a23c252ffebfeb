"""Card ledgers (seeds 001 and 002): server-room access cards and operator ID cards.

- `ledger.py`: cards, their events and usage log, a card's state replayed from its events;
- `reconciliation.py`: the ledger against the roster and the on-site check, mismatches
  and their findings;
- `rows.py`: the rows of an imported ledger or usage log, checked.

Every public name is importable from `inspector.domain.cards` as before the split.
"""

from inspector.domain.cards.ledger import (
    CHECK_EVENTS,
    LOSS_EVENTS,
    Card,
    CardEvent,
    CardEventKind,
    CardKind,
    CardState,
    CardStatus,
    CardThresholds,
    CardUsage,
    CardUse,
    card_state,
    format_delay,
)
from inspector.domain.cards.reconciliation import (
    Mismatch,
    MismatchKind,
    mismatch_finding,
    onsite_unchecked,
    reconcile,
)
from inspector.domain.cards.rows import (
    CARD_COLUMNS,
    USAGE_COLUMNS,
    CardRow,
    UsageRow,
    parse_card_rows,
    parse_datetime,
    parse_usage_rows,
)

__all__ = [
    "CARD_COLUMNS",
    "CHECK_EVENTS",
    "LOSS_EVENTS",
    "USAGE_COLUMNS",
    "Card",
    "CardEvent",
    "CardEventKind",
    "CardKind",
    "CardRow",
    "CardState",
    "CardStatus",
    "CardThresholds",
    "CardUsage",
    "CardUse",
    "Mismatch",
    "MismatchKind",
    "UsageRow",
    "card_state",
    "format_delay",
    "mismatch_finding",
    "onsite_unchecked",
    "parse_card_rows",
    "parse_datetime",
    "parse_usage_rows",
    "reconcile",
]

"""The site rules' thresholds, read from `site_rules.yaml` (or an office's copy): the
layout rules' distances and the card ledger's usage period."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from inspector.domain import strict_yaml
from inspector.domain.cards.ledger import CardThresholds
from inspector.i18n import Message

RULES_FILE = Path(__file__).resolve().parent / "site_rules.yaml"


@dataclass(frozen=True)
class LayoutThresholds:
    min_person_distance: int = 3
    exhaust_clearance: int = 1
    backup_key_min_distance: int = 3
    backup_key_other_compartment: bool = False


@dataclass(frozen=True)
class SiteRules:
    """Every threshold of the site rules, as read from the data file."""

    layout: LayoutThresholds = field(default_factory=LayoutThresholds)
    cards: CardThresholds = field(default_factory=CardThresholds)


def load_site_rules(path: Path | None = None) -> SiteRules:
    """The thresholds from `site_rules.yaml` (or an office's copy); missing keys keep
    their defaults, unknown keys are an error so a typo does not pass silently."""
    source = path or RULES_FILE
    data = strict_yaml.load_file(source, Message("more.yaml.what.site_rules"))
    try:
        layout = LayoutThresholds(**(data.get("layout") or {}))
        cards = CardThresholds(**(data.get("cards") or {}))
    except TypeError as exc:
        raise ValueError(f"{source}: {exc}") from exc
    return SiteRules(layout=layout, cards=cards)

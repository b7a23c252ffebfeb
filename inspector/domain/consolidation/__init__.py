"""Consolidation maths: per-item counts, the distribution of items by how many units broke
them, unions counted once per unit, counts by staff type, and the reasons ranked.

- `outcome.py`: how one item stands for one unit; what counts as broken;
- `tally.py`: the raw counts (`Tally`) from plain unit records;
- `results.py`: the tables (`Consolidation`) and their JSON;
- `distribution.py`, `unions.py`, `reasons.py`: one table each;
- `summary.py`: a tally turned into the tables (`summarize`, `consolidate`).

Every public name is importable from `inspector.domain.consolidation` as before the split.

Pure Python on plain data. The store may compute the same `Tally` in SQL for speed (see
`inspector.store.repositories.consolidation`); `summarize` turns either tally into the
result, so the tables, the JSON, the Excel file and the PDF all come from one place.

Rules (documented in the README's consolidation section):

- A unit is an organization (organization checklists) or a respondent (person
  checklists). Only its latest completed session counts; units whose sessions are all
  open are reported as `missing` and are not in the population.
- An item *applies* to a unit when `Checklist.applies` says so (its `applies_when` tags
  meet the organization's, and its `depends_on` item applies and was given the named
  answer). An item that applies but was answered `not_applicable` is not applicable
  either. `applicable` = units for which the item applies and that did not answer
  `not_applicable`; `applicable + not_applicable = population`.
- What counts as *broken* (noncompliant): `noncompliant` for compliance items; for yes/no
  items, `yes` in person checklists (a hearing question: "have you ever...?") and `no` in
  organization checklists (a survey of measures: "do you ...?"). Choice, number and text
  items are never broken: they are counted as `answered`.
  `compliant + noncompliant + answered + unanswered = applicable`.
- rate = noncompliant / applicable (0 when nothing applies).
- A union counts a unit once when any of its items applies and was answered with the
  union's `answer` (default "yes").
"""

from inspector.domain.consolidation.distribution import distribution
from inspector.domain.consolidation.outcome import (
    Outcome,
    answer_reasons,
    broken_value,
    classify,
    is_judged,
    value_outcome,
)
from inspector.domain.consolidation.reasons import rank_reasons
from inspector.domain.consolidation.results import (
    Bucket,
    Consolidation,
    GroupCount,
    ItemCount,
    ItemReasons,
    ReasonCount,
)
from inspector.domain.consolidation.summary import (
    GROUP_BY_CHOICES,
    UNKNOWN_GROUP,
    consolidate,
    staff_type_rows,
    summarize,
)
from inspector.domain.consolidation.tally import NO_GROUP, Tally, UnitRecord, group_key, tally_units
from inspector.domain.consolidation.unions import PairUnion, group_count, pair_union, union_hit

__all__ = [
    "GROUP_BY_CHOICES",
    "NO_GROUP",
    "UNKNOWN_GROUP",
    "Bucket",
    "Consolidation",
    "GroupCount",
    "ItemCount",
    "ItemReasons",
    "Outcome",
    "PairUnion",
    "ReasonCount",
    "Tally",
    "UnitRecord",
    "answer_reasons",
    "broken_value",
    "classify",
    "consolidate",
    "distribution",
    "group_count",
    "group_key",
    "is_judged",
    "pair_union",
    "rank_reasons",
    "staff_type_rows",
    "summarize",
    "tally_units",
    "union_hit",
    "value_outcome",
]

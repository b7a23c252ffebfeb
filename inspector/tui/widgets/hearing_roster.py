"""The hearing screen's roster: one row per staff member with the questions answered yes,
the case it was classified as, whether a detailed hearing is needed, and the manager who
heard the person."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from inspector.domain.hearing import HearingCases, PersonHearing
from inspector.i18n import Translator
from inspector.tui.plain import plain_cell
from inspector.tui.text import fit
from inspector.tui.widgets.hearing_tally import hearing_key as _k
from inspector.tui.widgets.hearing_tally import question_label

COLUMNS = ("number", "name", "staff_type", "status", "yes", "case", "detailed", "heard_by")


def case_label(cases: HearingCases | None, case_id: str, lang: str) -> str:
    """The case's label in `lang`, else its id."""
    if cases is not None and case_id in cases:
        return cases.get(case_id).label.get(lang)
    return case_id


NAME_CELLS = 40
"""The widest a name is shown in the roster (cells): a 100,000-character name was drawn
whole, the table as wide as it (hunt9 L1)."""


def roster_cells(
    t: Translator, cases: HearingCases | None, row: PersonHearing
) -> tuple[str | Text, ...]:
    yes = " ".join(question_label(t, q) for q in row.yes)
    case = ""
    detailed = ""
    if row.classification is not None:
        case = case_label(cases, row.classification.case_id, t.lang)
        detailed = t(_k("detailed_mark")) if row.classification.detailed_hearing else ""
    elif row.is_case:
        case = t(_k("to_classify"))
    return (
        plain_cell(fit(row.person.staff_number, NAME_CELLS)),  # data: never read as markup
        plain_cell(fit(row.person.name, NAME_CELLS)),
        t(_k(f"staff_type.{row.person.staff_type.value}")),
        t(_k(f"status.{row.status.value}")),
        yes,
        case,
        detailed,
        # the manager who heard; "?" for a hearing whose manager was not recorded
        plain_cell(fit(row.heard_by or t("trust3.heard_by_unknown"), NAME_CELLS))
        if row.session_id is not None
        else "",
    )


class HearingRosterTable(DataTable[str | Text]):
    """Rows keyed by the person's id."""

    def add_roster_columns(self, t: Translator) -> None:
        self.add_columns(*[t(_k(f"columns.{name}")) for name in COLUMNS])

    def show(
        self,
        rows: list[PersonHearing],
        t: Translator,
        cases: HearingCases | None,
        keep: int | None,
    ) -> None:
        """The rows; the cursor on person `keep` when listed, else on the first row."""
        self.clear()
        for row in rows:
            self.add_row(*roster_cells(t, cases, row), key=str(row.person.id))
        if rows:
            index = next((i for i, r in enumerate(rows) if r.person.id == keep), 0)
            self.move_cursor(row=index)


__all__ = ["HearingRosterTable", "case_label", "roster_cells"]

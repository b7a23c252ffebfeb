"""The hearing screen's table (`t`): the people who answered "yes" to each question and
union of questions, by staff type, with the total and its rate; and the highlighted row in
words."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import partial
from typing import Any

from rich.cells import cell_len
from rich.text import Text

from inspector.domain.checklist import Checklist
from inspector.domain.consolidation import Consolidation, group_count, pair_union
from inspector.domain.hearing import hearing_questions
from inspector.domain.model import StaffType
from inspector.i18n import Translator
from inspector.tui.text import Column, pad
from inspector.tui.widgets.fitted_table import NARROW, FittedTable
from inspector.tui.wrapping import distinct_fits

STAFF_TYPES = tuple(t.value for t in StaffType)
"""The columns of the table, in the document's order (職員, 非常勤嘱託員, 臨時的任用職員, 派遣労働者)."""
POPULATION_ROW = "\tpopulation"
UNION_ROW = "union:"

# The strings are in locales/*/hearing.toml; the prefix is joined so that the catalogue
# test, which reads tui.toml only, does not take it for a key of tui.toml.
_K = ".".join(("tui", "hearing"))


def hearing_key(name: str) -> str:
    """A key of the hearing screen and its table (locales/*/hearing.toml)."""
    return f"{_K}.{name}"


_k = hearing_key


def question_label(t: Translator, question_id: str) -> str:
    """The short label of a question (①, ②, ...), else its id."""
    key = _k(f"questions.{question_id}")
    text = t(key)
    return question_id if text == key else text


def _name(t: Translator, key: str) -> str:
    if key == "row":
        return t(_k("tally.question"))
    if key in STAFF_TYPES:
        return t(_k(f"staff_type.{key}"))
    return t(_k(f"tally.{key}"))


def tally_header(t: Translator, key: str) -> str:
    """A column's heading; the numbers' right-aligned over them."""
    name = _name(t, key)
    if key == "row":
        return name
    width = max(cell_len(name), 6 if key == "rate" else 5)
    return " " * (width - cell_len(name)) + name


def tally_columns(t: Translator) -> list[Column]:
    """The row label, one column per staff type, the total, and the rate when there
    is room; at 80 columns the label takes what the numbers leave."""
    numbers = [Column(key, cell_len(tally_header(t, key))) for key in (*STAFF_TYPES, "total")]
    rate = Column("rate", 0, least=cell_len(tally_header(t, "rate")))
    used = sum(c.width + 2 for c in numbers) + 2 + 2  # the label's padding, the scrollbar
    label = Column("row", max(NARROW - used, 10), grow=1, widest=60)
    return [label, *numbers, rate]


def _number(value: int, *, bold: bool = False) -> Text:
    return Text(f"{value:,}", justify="right", style="bold" if bold else "")


def _percent(value: float) -> str:
    return f"{value * 100:.1f}%"


class HearingTallyTable(FittedTable):
    """Rows keyed `POPULATION_ROW`, the question id, and `UNION_ROW + union id`."""

    def __init__(self, t: Translator, **kwargs: Any) -> None:
        super().__init__(tally_columns(t), partial(tally_header, t), refill=self.fill, **kwargs)
        self.t = t
        self.checklist: Checklist | None = None
        self.result: Consolidation | None = None

    def show(self, checklist: Checklist | None, result: Consolidation | None) -> None:
        self.checklist = checklist
        self.result = result
        self.fill()

    def tally_rows(self) -> list[tuple[str, str, str]]:
        """(row key, short label, long label) of the questions and the unions."""
        assert self.checklist is not None
        t = self.t
        lang = t.lang
        rows = [(POPULATION_ROW, t(_k("tally.population")), "")]
        for question in hearing_questions(self.checklist):
            text = self.checklist.item(question).text.get(lang)
            rows.append((question, question_label(t, question), text))
        for union in self.checklist.unions:
            short = t(_k("tally.union_join")).join(question_label(t, i) for i in union.items)
            rows.append((UNION_ROW + union.id, short, union.label.get(lang)))
        return rows

    def row_names(self) -> list[tuple[str, str, str]]:
        """(row key, short label, name) as the rows show them: a question by its section's
        title (設問① 他者のID・パスワードでの操作, without its number: the short label has
        it), a union by its label, a union of three questions or more in a row as 問1〜問4
        (問1又は問2又は問3又⋯ was cut before its label, walk8 M3)."""
        assert self.checklist is not None
        checklist, t = self.checklist, self.t
        titles = {s.id: s.title.get(t.lang) for s in checklist.sections}
        questions = hearing_questions(checklist)
        rows = []
        for key, short, text in self.tally_rows():
            if key in questions:
                title = _NUMBERED.sub("", titles.get(checklist.item(key).section) or "")
                # a section of several questions names none of them
                alone = (
                    sum(checklist.item(q).section == checklist.item(key).section for q in questions)
                    == 1
                )
                rows.append((key, short, title if title and alone else text))
            elif key.startswith(UNION_ROW):
                union = next(u for u in checklist.unions if UNION_ROW + u.id == key)
                rows.append((key, union_short(t, questions, union.items), text))
            else:
                rows.append((key, short, text))
        return rows

    def labels(self, width: int) -> dict[str, str]:
        """Each row's label in `width` cells: its short label, then its name cut so that
        rows of the same short label's width never read the same (`distinct_fits`)."""
        by_room: dict[int, list[tuple[str, str, str]]] = {}
        for key, short, name in self.row_names():
            short = unambiguous(short, self.t)
            room = width - cell_len(short) - 1
            by_room.setdefault(room, []).append((key, short, unambiguous(name, self.t)))
        out: dict[str, str] = {}
        for room, rows in by_room.items():
            names = distinct_fits([name for _k, _s, name in rows], max(room, 0))
            for (key, short, _name), name in zip(rows, names, strict=True):
                out[key] = pad(f"{short} {name}".rstrip(), width).replace("…", "⋯")
        return out

    def fill(self) -> None:
        self.clear()
        if self.result is None or self.checklist is None:
            return
        result = self.result
        labels = self.labels(self.widths.get("row", 10))
        for key, _short, _text in self.tally_rows():
            by_type, total = counts(result, key)
            rate = total / result.population if result.population else 0.0
            population = key == POPULATION_ROW
            label = labels[key]
            style = "bold" if population or key.startswith(UNION_ROW) else ""
            cells = {
                "row": Text(label, style=style),
                **{g: _number(n) for g, n in by_type.items()},
                "total": _number(total, bold=True),
                "rate": Text("" if population else _percent(rate), justify="right"),
            }
            self.add_cells(cells, key=key)

    def detail(self) -> Text | None:
        """The highlighted row in words: the question or union in full, the count and its
        share of the people counted, a union of two questions as ② + ④ − both."""
        key = self.cursor_key
        if self.result is None or self.checklist is None or key is None:
            return None
        t = self.t
        result = self.result
        labels = {k: (short, text) for k, short, text in self.tally_rows()}
        short, text = labels[key]
        _by_type, total = counts(result, key)
        population = result.population
        rate = _percent(total / population if population else 0.0)
        if key.startswith(UNION_ROW):
            short = dict((k, s) for k, s, _n in self.row_names())[key]
        out = Text(f"{short} {text}".rstrip(), style="bold")
        if key == POPULATION_ROW:
            line = t(_k("tally.population_detail"), population=population, missing=result.missing)
        elif key.startswith(UNION_ROW):
            union_id = key.removeprefix(UNION_ROW)
            union = next(u for u in self.checklist.unions if u.id == union_id)
            pair = pair_union(self.checklist, result, union_id)
            if pair is not None:
                line = t(
                    _k("tally.pair"),
                    first_label=question_label(t, union.items[0]),
                    first=pair.first,
                    second_label=question_label(t, union.items[1]),
                    second=pair.second,
                    both=pair.both,
                    union=pair.union,
                    population=population,
                    rate=rate,
                )
            else:
                line = t(_k("tally.union"), union=total, population=population, rate=rate)
        else:
            line = t(_k("tally.yes"), count=total, population=population, rate=rate)
        out.append("\n" + line)
        return out


_NUMBERED = re.compile(r"^\S*?[0-9①-⑳]+\s+")
"""A section title's leading number (設問① , Q1 )."""


def union_short(t: Translator, questions: Sequence[str], items: Sequence[str]) -> str:
    """A union's short label: its questions joined (問2又は問4); three or more questions
    that follow each other, as a range (問1〜問4)."""
    order = [questions.index(i) if i in questions else -1 for i in items]
    in_a_row = (
        len(items) >= 3
        and -1 not in order
        and order == list(range(order[0], order[0] + len(items)))
    )
    if in_a_row:
        return t(
            "tui9a.hearing.union_range",
            first=question_label(t, items[0]),
            last=question_label(t, items[-1]),
        )
    return t(_k("tally.union_join")).join(question_label(t, i) for i in items)


def unambiguous(text: str, t: Translator) -> str:
    """`text` without the circled numbers (①..⑳), written 問1.. instead: their width is
    "ambiguous" (one cell in some terminals, two in many Japanese ones), so a row holding
    more of them was drawn shifted against the others (issue 14). The cut mark is ⋯ for
    the same reason (… is ambiguous too)."""
    out = []
    for char in text:
        if "\u2460" <= char <= "\u2473":
            out.append(t("visit.hearing.question_number", number=ord(char) - 0x2460 + 1))
        else:
            out.append(char)
    return "".join(out)


def counts(result: Consolidation, key: str) -> tuple[dict[str, int], int]:
    """The count of each staff type and the total of one row of the table."""
    if key == POPULATION_ROW:
        return (
            {g: group_count(result, g).population for g in STAFF_TYPES},
            result.population,
        )
    if key.startswith(UNION_ROW):
        union_id = key.removeprefix(UNION_ROW)
        return (
            {g: group_count(result, g).unions.get(union_id, 0) for g in STAFF_TYPES},
            result.unions[union_id],
        )
    return (
        {g: group_count(result, g).items.get(key, 0) for g in STAFF_TYPES},
        result.item(key).noncompliant,
    )


__all__ = [
    "HearingTallyTable",
    "counts",
    "hearing_key",
    "question_label",
    "tally_columns",
    "tally_header",
]

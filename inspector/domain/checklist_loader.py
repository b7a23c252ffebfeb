"""Reading checklist YAML files into validated `Checklist` objects.

Every problem is reported as its own `LoadProblem` with the file, the line and the item
id it concerns, so that an office editing its own checklist sees exactly what to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from inspector.domain import strict_yaml
from inspector.domain.checklist import Checklist, ChecklistProblems
from inspector.domain.checklist_files import checklist_files
from inspector.domain.controls import first_control
from inspector.domain.errors import ChecklistLoadError, LoadProblem
from inspector.domain.pydantic_errors import pydantic_explanation
from inspector.i18n import Message, os_error


def load_checklist(path: Path) -> Checklist:
    """Load and validate one file; raises `ChecklistLoadError` listing every problem."""
    checklist, problems = _load(path)
    if problems or checklist is None:
        raise ChecklistLoadError(problems)
    return checklist


def validate_files(paths: Iterable[Path]) -> list[LoadProblem]:
    """All problems of all the files (and of ids shared between them)."""
    problems: list[LoadProblem] = []
    owners: dict[str, Path] = {}
    for path in paths:
        checklist, found = _load(path)
        problems.extend(found)
        if checklist is not None:
            if checklist.id in owners:
                problems.append(
                    LoadProblem(
                        path,
                        1,
                        None,
                        Message(
                            "more.checklist.id_used", id=checklist.id, other=owners[checklist.id]
                        ),
                    )
                )
            owners.setdefault(checklist.id, path)
    return problems


def _load(path: Path) -> tuple[Checklist | None, list[LoadProblem]]:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, [LoadProblem(path, None, None, Message("errors.checklist.not_found"))]
    except UnicodeDecodeError as exc:
        return None, [
            LoadProblem(path, None, None, Message("errors.checklist.not_utf8", reason=exc.reason))
        ]
    except OSError as exc:
        return None, [
            LoadProblem(
                path, None, None, Message("more.checklist.cannot_read", detail=os_error(exc))
            )
        ]
    loader = strict_yaml.StrictLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        line, what = strict_yaml.describe(text, exc)
        return None, [
            LoadProblem(path, line, None, Message("errors.checklist.malformed_yaml", what=what))
        ]
    finally:
        loader.dispose()
    if not isinstance(data, dict) or node is None:
        return None, [LoadProblem(path, 1, None, Message("errors.checklist.not_mapping"))]
    controls = _control_problems(path, node, data)
    try:
        checklist = Checklist.model_validate(data)
    except ValidationError as exc:
        return None, controls + _problems_from(exc, path, data, node)
    return (None, controls) if controls else (checklist, [])


def _control_problems(path: Path, root: yaml.Node, data: dict[str, Any]) -> list[LoadProblem]:
    """Every text holding a control character (ESC, BEL, ... written as YAML escapes such
    as "\\e"): it would reach the terminal and the printed documents raw. Newline and tab
    are layout and allowed."""
    problems: list[LoadProblem] = []
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, tuple[Any, ...]]] = [(root, ())]
    while stack:
        node, loc = stack.pop()
        if id(node) in seen:  # an alias: checked where its anchor is
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            found = first_control(str(node.value))
            if found is not None:
                where = ".".join(str(part) for part in loc) or Message("more.checklist.a_key")
                line = node.start_mark.line + 1
                message = Message("more.checklist.control", found=found, where=where)
                problems.append(LoadProblem(path, line, _item_id(data, loc), message))
        elif isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                stack.append((key_node, loc))
                stack.append((value_node, (*loc, key_node.value)))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((child, (*loc, index)) for index, child in enumerate(node.value))
    return sorted(problems, key=lambda problem: problem.line or 0)


def _problems_from(
    exc: ValidationError, path: Path, data: dict[str, Any], node: yaml.Node
) -> list[LoadProblem]:
    problems: list[LoadProblem] = []
    for error in exc.errors():
        original = (error.get("ctx") or {}).get("error")
        if isinstance(original, ChecklistProblems):
            for problem in original.problems:
                key = {"item": "items", "section": "sections", "union": "unions"}[problem.kind]
                line = _line_of(node, (key, problem.position))
                item_id = problem.ref_id if problem.kind == "item" else None
                message = (
                    problem.message
                    if problem.kind == "item"
                    else Message(
                        f"more.checklist.in_{problem.kind}",
                        id=problem.ref_id,
                        problem=problem.message,
                    )
                )
                problems.append(LoadProblem(path, line, item_id, message))
            continue
        loc = tuple(error["loc"])
        problems.append(
            LoadProblem(
                path,
                _line_of(node, loc),
                _item_id(data, loc),
                _describe(loc, error["msg"], error["type"], error.get("ctx") or {}),
            )
        )
    return problems


def _describe(loc: tuple[Any, ...], msg: str, kind: str, ctx: dict[str, Any]) -> str:
    field = ".".join(str(part) for part in loc) or "checklist"
    if kind == "missing":
        if len(loc) > 1:
            inside = ".".join(str(p) for p in loc[:-1])
            return Message("errors.checklist.missing_in", field=loc[-1], inside=inside)
        return Message("errors.checklist.missing", field=loc[-1])
    if kind == "enum" and loc and loc[-1] == "answer":
        return Message(
            "more.checklist.unknown_answer_type",
            expected=str(ctx.get("expected", "")).replace(" or ", ", ")
            or msg.removeprefix("Input should be "),
        )
    if kind == "extra_forbidden":
        return Message("more.checklist.unknown_key", ref=loc[-1])
    return Message(
        "more.checklist.field",
        field=field,
        what=pydantic_explanation(kind, msg, ctx),
    )


def _item_id(data: dict[str, Any], loc: tuple[Any, ...]) -> str | None:
    if len(loc) >= 2 and loc[0] == "items" and isinstance(loc[1], int):
        items = data.get("items")
        if isinstance(items, list) and loc[1] < len(items) and isinstance(items[loc[1]], dict):
            value = items[loc[1]].get("id")
            return str(value) if value is not None else f"#{loc[1] + 1}"
    return None


def _line_of(node: yaml.Node, loc: tuple[Any, ...]) -> int:
    """The line of the deepest YAML node on the error's path (1-based)."""
    current = node
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(current, yaml.MappingNode):
            for key_node, value_node in current.value:
                if key_node.value == part:
                    child = value_node
                    break
        elif (
            isinstance(current, yaml.SequenceNode)
            and isinstance(part, int)
            and part < len(current.value)
        ):
            child = current.value[part]
        if child is None:
            break
        current = child
    return current.start_mark.line + 1


__all__ = ["checklist_files", "load_checklist", "validate_files"]

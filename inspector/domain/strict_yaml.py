"""The one YAML loader of every data file the program reads (checklists, forms, site rules,
hearing cases): PyYAML's safe loader that refuses a key given twice in one mapping.

YAML itself lets the last of two `answer:` keys win silently; an office editing a checklist
by hand must hear about the first one instead. `load` reports any error as one line with
its line number (`YamlError`, a `yaml.YAMLError`, so callers catch it as before).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from inspector.i18n import Message, message_of

# libyaml's parser when it is there: the shipped checklists load several times faster.
_Base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

_MERGE = "tag:yaml.org,2002:merge"


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping names the same key twice."""


class StrictLoader(_Base):  # type: ignore[misc]
    """The safe loader, refusing duplicate keys (keys merged in with `<<` may still be
    overridden: that is what merging is for)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, yaml.MappingNode):
            lines: dict[Any, int] = {}
            for key_node, _value in node.value:
                if key_node.tag == _MERGE or not isinstance(key_node, yaml.ScalarNode):
                    continue
                key = self.construct_object(key_node)
                try:
                    first = lines.get(key)
                except TypeError:  # an unhashable key: the constructor reports it
                    continue
                if first is not None:
                    raise DuplicateKeyError(
                        "while constructing a mapping",
                        node.start_mark,
                        Message("more.yaml.duplicate_key", ref=key, line=first),
                        key_node.start_mark,
                    )
                lines[key] = key_node.start_mark.line + 1
        result: dict[Any, Any] = super().construct_mapping(node, deep=deep)
        return result


class YamlError(yaml.YAMLError):
    """A YAML file that cannot be read, as one line: `line 5: duplicate key 'answer' ...`."""

    def __init__(self, line: int | None, problem: str) -> None:
        super().__init__(
            Message("more.yaml.at_line", line=line, problem=problem) if line else problem
        )
        self.line = line
        self.problem = problem


def load(text: str) -> Any:
    """The data of one YAML document, read strictly; raises `YamlError` naming the line."""
    loader = StrictLoader(text)
    try:
        return loader.get_single_data()
    except yaml.YAMLError as exc:
        raise YamlError(*describe(text, exc)) from exc
    finally:
        loader.dispose()


def reader_line(text: str, exc: yaml.reader.ReaderError) -> int:
    """The line (1-based) of a character the reader refused (it gives only a position: in
    UTF-8 bytes from libyaml, in characters from the pure-Python reader)."""
    if _Base is not yaml.SafeLoader:
        return text.encode("utf-8").count(b"\n", 0, exc.position) + 1
    return text.count("\n", 0, exc.position) + 1


def describe(text: str, exc: yaml.YAMLError) -> tuple[int | None, str]:
    """The line and a short description of a YAML error, for messages with file and line."""
    if isinstance(exc, yaml.reader.ReaderError):
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        return reader_line(text, exc), Message(
            "more.yaml.unacceptable", code=f"U+{code:04X}", reason=_reason(exc.reason)
        )
    if isinstance(exc, yaml.MarkedYAMLError):
        mark = exc.problem_mark
        return (mark.line + 1 if mark is not None else None), _problem(exc.problem)
    return None, str(exc)


# PyYAML's commonest complaints, said in the run's language (any other stays as it is)
_PROBLEMS = {
    "mapping values are not allowed here": "mapping_values",
    "could not find expected ':'": "expected_colon",
    "found character that cannot start any token": "cannot_start",
    "found undefined alias": "undefined_alias",
    "expected <block end>, but found": "block_end",
    "found unexpected end of stream": "end_of_stream",
}


def _reason(reason: object) -> str:
    """PyYAML's reason for refusing a character, in the run's language when it is known."""
    text = str(reason)
    for kind in ("control", "special"):
        if text == f"{kind} characters are not allowed":
            return Message(f"more.yaml.reason.{kind}")
    return text


def _problem(problem: object) -> str:
    if isinstance(problem, Message):
        return problem
    text = str(problem)
    for start, key in _PROBLEMS.items():
        if text.startswith(start):
            return Message(f"more.yaml.problem.{key}", detail=text)
    return text


def load_file(path: Path, what: str, error: type[Exception] = ValueError) -> Any:
    """The data of a YAML data file (an empty file is `{}`), read strictly; a file that
    cannot be opened or parsed raises `error` as `PATH: cannot read WHAT: problem`."""
    try:
        return load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise error(
            Message("more.yaml.cannot_read", path=path, what=what, problem=message_of(exc))
        ) from exc

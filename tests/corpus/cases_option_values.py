"""An option's value that is itself a long option (cli11, `cli/option_values.py`): refused as
a usage error (exit 2) naming the option, the value and how to write a path that starts with
`--`, before anything runs. The runner works in the case's folder (`in_folder`), so that the
file an output option would have written under the refused value's name ("--force", wrote
`report plans --xlsx --force` before) is one it sees: nothing is written, the database is
unchanged. The cases that pass (`--xlsx=--force`, `./--force`, negative numbers) are in
`tests/cli/test_cli11_option_values.py`."""

from __future__ import annotations

from tests.corpus.case import Case


def _refused(id: str, args: list[str], option: str, value: str, *, keys: bool = False) -> Case:
    return Case(
        id=f"option-value-{id}",
        args=args,
        expect=[f"{option} の値がありません（{value} はオプションです）", f"{option} ./{value}"],
        exit_code=2,
        keys=keys,
        in_folder=True,
    )


CASES = [
    # a workbook path: the file "--force" was written and the --force lost
    _refused(
        "xlsx-force",
        ["report", "plans", "--organization", "110", "--xlsx", "--force"],
        "--xlsx",
        "--force",
    ),
    # an output path by its short name
    _refused("export-short-output", ["export-csv", "-o", "--force"], "-o", "--force"),
    _refused(
        "export-output-organization",
        ["export-csv", "--output", "--organization", "110"],
        "--output",
        "--organization",
    ),
    # a notice's file: a draft named "--reissue" was written
    _refused(
        "notice-output-reissue",
        ["report", "notice", "--session", "1", "--unsigned", "-o", "--reissue"],
        "-o",
        "--reissue",
    ),
    # numbers
    _refused(
        "findings-session", ["findings", "list", "--session", "--json"], "--session", "--json"
    ),
    _refused(
        "keys-issue-years",
        ["keys", "issue", "監査 花子", "--organization", "130", "--years", "--force"],
        "--years",
        "--force",
        keys=True,
    ),
    # an option of the root, before the command
    _refused(
        "root-checklist-dir",
        ["--checklist-dir", "--force", "sessions", "list"],
        "--checklist-dir",
        "--force",
    ),
    Case(
        id="option-value-export-short-output-en",
        args=["export-csv", "-o", "--force"],
        expect=["-o has no value (--force is an option)", "--output=--force"],
        exit_code=2,
        lang="en",
        in_folder=True,
    ),
]

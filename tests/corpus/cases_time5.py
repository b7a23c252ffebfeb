"""An unknown checklist id is refused in the run's language (time5): the domain's
`UnknownChecklist` printed itself in English ("エラー: unknown checklist 'nope'") in a
Japanese run of every command that names a checklist."""

from __future__ import annotations

from tests.corpus.case import Case

_COMMANDS = {
    "selfcheck-status": ["selfcheck", "status", "--checklist", "nope"],
    "selfcheck-distribute": ["selfcheck", "distribute", "--checklist", "nope", "-o", "{tmp}/out"],
    "selfcheck-start": ["selfcheck", "--organization", "410", "--checklist", "nope", "--no-open"],
    "consolidate": ["consolidate", "--checklist", "nope"],
    "export-csv": ["export-csv", "--checklist", "nope", "-o", "{tmp}/answers.csv"],
    "checklists-show": ["checklists", "show", "nope"],
}

CASES = [
    case
    for name, args in _COMMANDS.items()
    for case in (
        Case(
            id=f"time5-{name}-unknown-checklist",
            args=args,
            expect=["エラー: チェックリスト「nope」はありません。"],
            exit_code=1,
        ),
        Case(
            id=f"time5-{name}-unknown-checklist-en",
            lang="en",
            args=args,
            expect=["error: unknown checklist 'nope'"],
            exit_code=1,
        ),
    )
]

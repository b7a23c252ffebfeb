"""What stopped a file being written from the interface (a form, a report, an export), in
the interface language: the output rules (`OutputError`), the file system (`OSError`),
documents and keys (`ReportProblem`), else the screens' usual description."""

from __future__ import annotations

from inspector.i18n import Translator, os_error, render


def output_failure(exc: BaseException, t: Translator, key: str) -> str:
    """`key` (a message with `{why}`) said with why `exc` stopped the work."""
    from inspector.output_files import OutputError
    from inspector.reports.errors import ReportProblem
    from inspector.tui.errors import describe_error

    if isinstance(exc, OutputError | ReportProblem):
        why = render(exc, t)
    elif isinstance(exc, OSError):
        why = f"{exc.filename or ''}: {render(os_error(exc), t)}".lstrip(": ")
    else:
        why = describe_error(exc, t)
    return t(key, why=why)


__all__ = ["output_failure"]

"""The `inspector` command. Subcommands call services; errors are turned into messages in
one place (`errors.handle_errors`), never a traceback for a user's mistake."""

from __future__ import annotations

from inspector.cli.launch import main

__all__ = ["main"]

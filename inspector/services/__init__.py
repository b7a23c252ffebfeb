"""The application layer: the use cases both faces run (the CLI and the TUI).

One module per use case. Each takes the `AppContext` and plain arguments, reports progress
through a callback, and raises the project's own errors (the faces turn them into messages).
Neither face imports the other; both import from here. Nothing here imports click or Textual.
"""

"""The terminal interface (Textual). Only this package imports Textual."""

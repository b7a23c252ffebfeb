"""inspector: information-security inspections for Japanese local government."""

__version__ = "0.1.0"

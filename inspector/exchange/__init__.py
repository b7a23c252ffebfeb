"""Import and export: CSV rosters and answers (and later Excel and bundles)."""

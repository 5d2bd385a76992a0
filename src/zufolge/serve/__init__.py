"""serve: the ways people reach zufolge — CLI (``zufolge``), text report, Python API."""

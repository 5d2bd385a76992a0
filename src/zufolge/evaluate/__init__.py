"""Evaluation against gold data: one module per task, each exposing a click ``command``.

``zufolge eval NAME`` is registered for every module listed in ``COMMANDS``.
"""

COMMANDS = ["html", "specimen", "quotes", "times", "ner", "certainty", "factuality"]

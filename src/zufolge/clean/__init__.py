"""clean: ``RawDocument`` → ``Article`` (title, paragraphs, metadata, removed boilerplate)."""

from zufolge.clean.article import clean, verbatim

__all__ = ["clean", "verbatim"]

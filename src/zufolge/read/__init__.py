"""read: inputs of any common kind → a stream of ``RawDocument`` (or ``ReadError``).

Readers stream: a WARC crawl or a JSONL archive is never loaded whole.
"""

from zufolge.read.dispatch import iter_inputs

__all__ = ["iter_inputs"]

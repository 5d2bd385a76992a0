"""Route each input path to the reader for its format (PLACEHOLDER, being replaced)."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator

from zufolge.model import RawDocument, ReadError


def iter_inputs(paths: Iterable[str]) -> Iterator[RawDocument | ReadError]:
    for path in paths:
        if os.path.isdir(path):
            for root, _dirs, files in os.walk(path):
                for name in sorted(files):
                    yield from iter_inputs([os.path.join(root, name)])
            continue
        try:
            with open(path, encoding="utf-8") as f:
                yield RawDocument(path=path, text=f.read())
        except (OSError, UnicodeDecodeError) as e:
            yield ReadError(path, str(e))

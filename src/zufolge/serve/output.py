"""Atomic output: results go to a temporary file beside the target, renamed into place.

A reader of ``--out`` never sees half a JSON line: either the old file, or a complete new
one. On Ctrl-C the records finished so far are kept (each complete), and the caller says so.
"""

from __future__ import annotations

import os
import sys
import tempfile
from typing import IO, Self


class AtomicOutput:
    def __init__(self, path: str | None) -> None:
        self.path = path
        self._tmp: str | None = None
        self.stream: IO[str]
        if path is None or path == "-":
            self.stream = sys.stdout
            return
        directory = os.path.dirname(os.path.abspath(path))
        fd, self._tmp = tempfile.mkstemp(prefix=".zufolge-", suffix=".part", dir=directory)
        self.stream = os.fdopen(fd, "w", encoding="utf-8", newline="\n")

    def write(self, s: str) -> None:
        self.stream.write(s)

    def commit(self) -> None:
        """Flush, fsync and move the finished file into place."""
        if self._tmp is None:
            self.stream.flush()
            return
        self.stream.flush()
        os.fsync(self.stream.fileno())
        self.stream.close()
        os.replace(self._tmp, self.path)  # type: ignore[arg-type]
        self._tmp = None

    def discard(self) -> None:
        if self._tmp is not None:
            self.stream.close()
            os.unlink(self._tmp)
            self._tmp = None

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None or issubclass(exc_type, KeyboardInterrupt):
            self.commit()
        else:
            self.discard()

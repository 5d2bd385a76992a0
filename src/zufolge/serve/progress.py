"""A progress line on stderr for batches; silent when stderr is not a terminal."""

from __future__ import annotations

import sys
import time

from rich.console import Console


class Progress:
    """Counts documents as they finish. The total of a stream is unknown, so it shows the
    count, failures and rate, like ``pv`` does for pipes."""

    def __init__(self, enabled: bool) -> None:
        self.console = Console(stderr=True)
        self.live = enabled and sys.stderr.isatty()
        self.started = time.perf_counter()
        self._last = 0.0
        self._status = None
        if self.live:
            self._status = self.console.status("reading …", spinner="dots")
            self._status.start()

    def advance(self, done: int, failed: int) -> None:
        if not self._status:
            return
        now = time.perf_counter()
        if now - self._last < 0.1:
            return
        self._last = now
        rate = (done + failed) / max(now - self.started, 1e-9)
        self._status.update(f"{done} documents, {failed} failed, {rate:.0f}/s")

    def message(self, line: str) -> None:
        """A line that must stay visible (a skipped input), printed above the progress line."""
        self.console.print(line, markup=False, highlight=False, soft_wrap=True)

    def close(self) -> None:
        if self._status:
            self._status.stop()
            self._status = None

"""A dependency-free progress bar for management commands (stderr; redraws at most ten times a second)."""

import sys
import time


class Progress:
    def __init__(self, total, label="", stream=None, enabled=True):
        self.total, self.label, self.done = total, label, 0
        self.stream = stream or sys.stderr
        self.enabled = enabled
        self.started = self._last = time.monotonic()

    def advance(self, count=1):
        self.done += count
        now = time.monotonic()
        if self.enabled and (now - self._last > 0.1 or self.done >= self.total):
            self._last = now
            self._draw(now)

    def _draw(self, now):
        fraction = min(self.done / self.total, 1.0) if self.total else 1.0
        filled = int(fraction * 30)
        rate = self.done / max(now - self.started, 1e-6)
        self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (30 - filled)}] {self.done}/{self.total} "
                          f"{fraction:5.1%} {rate:,.0f}/s")
        self.stream.flush()

    def close(self):
        if self.enabled:
            self._draw(time.monotonic())
            self.stream.write("\n")
            self.stream.flush()

    @property
    def elapsed(self):
        return time.monotonic() - self.started

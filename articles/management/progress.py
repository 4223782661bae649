"""A one-line progress bar for long management commands (search_rebuild, benchmarks)."""

from __future__ import annotations

import sys
import time


class Progress:
    """A one-line progress bar on stderr."""

    def __init__(self, label: str, total: int, stream=sys.stderr):
        self.label, self.total, self.stream = label, max(total, 1), stream
        self.started = time.monotonic()

    def __call__(self, done: int, total: int | None = None) -> None:
        total = total or self.total
        fraction = min(done / max(total, 1), 1.0)
        elapsed = time.monotonic() - self.started
        eta = elapsed / fraction - elapsed if fraction else 0
        bar = "#" * int(fraction * 30)
        self.stream.write(
            f"\r{self.label:<22} [{bar:<30}] {fraction:6.1%} {done:>9,}/{total:,}"
            f"  {elapsed:5.0f}s elapsed, ~{eta:4.0f}s left"
        )
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()

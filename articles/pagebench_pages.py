"""Which pages bench_pages asks for: the URLs of each page kind, picked from the
archive in a few queries (different pieces, people and groups per request)."""

from __future__ import annotations


def page_plan(runs: int) -> list[tuple[str, str, list[str]]]:
    return []

"""Deep pages: a search's ranking is computed once and kept for the pages after it.

Page N of a ranking costs what its first N pages cost together (the best buckets
must be read N pages deep), so a reader paging on, or landing on page 50 from a
link, would pay that again on every page. Past the first page the ranking is
computed in blocks of PAGES_PER_BLOCK pages and kept in the default cache (Redis
when configured) under the query, its filters and sort, and the page cache's
generation, which moves with every content change: a kept ranking is never
older than the archive. The first page is never kept here (it is the cheap one,
and the whole-page cache already serves repeats).
"""

from __future__ import annotations

import hashlib
import json

from django.core.cache import cache

PAGES_PER_BLOCK = 5
KEEP_SECONDS = 10 * 60


def block_depth(page: int, per_page: int) -> int:
    """Rows to rank so that this page and the rest of its block are kept (+1 to
    know whether a next page exists)."""
    blocks = -(-page // PAGES_PER_BLOCK)
    return blocks * PAGES_PER_BLOCK * per_page + 1


def key(text: str, filters, sort: str, per_page: int) -> str:
    from archive import page_cache

    state = [text, filters.publication, filters.author, filters.topic, filters.year]
    digest = hashlib.sha256(json.dumps([state, sort, per_page]).encode()).hexdigest()
    return f"search-ranking:{page_cache.current_generation()}:{digest}"


def kept(cache_key: str, offset: int, limit: int) -> list[int] | None:
    """The slice of a kept ranking, or None when it was not kept this deep."""
    entry = cache.get(cache_key)
    if entry is None:
        return None
    ids, complete = entry
    if not complete and len(ids) < offset + limit:
        return None
    return ids[offset : offset + limit]


def keep(cache_key: str, ids: list[int], depth: int) -> None:
    cache.set(cache_key, (ids, len(ids) < depth), KEEP_SECONDS)

"""Local-memory caches that fail one operation, as a Redis that went away in the
middle of a request would: for the page cache's fault paths."""

from __future__ import annotations

from django.core.cache.backends.locmem import LocMemCache


class LockReleaseFails(LocMemCache):
    """Everything works but releasing a page's render lock."""

    def delete(self, key, version=None):
        if key.startswith("page-render:"):
            raise ConnectionError("the cache went away")
        return super().delete(key, version)


class PageStoreFails(LocMemCache):
    """Everything works but storing a page."""

    def set(self, key, value, timeout=None, version=None):
        if key.startswith("page2:"):
            raise ConnectionError("the cache went away")
        return super().set(key, value, timeout, version)

"""Empty the shared caches in front of the site (Varnish, a CDN) when content changes.

The page cache moves to a new generation on every change (archive/page_cache.py);
this sends the same news outwards: an HTTP ``BAN`` to each URL in
PAGE_CACHE_PURGE_URLS, which the VCL in varnish/archive.vcl answers by dropping
every page it keeps. Pages are cheap to render again and a change is rare next to
reads, so one rule ("everything") beats tracking which pages show what.

A reader whose page was rendered from the old content while the change
committed could put it back just after the ban, so the ban is sent again
PAGE_CACHE_PURGE_REPEAT_SECONDS later. A burst of changes (an import, an admin
bulk action) sends one ban and lets the pending repeat cover the rest.

A shared cache that does not answer costs a logged warning, never the write:
its pages still expire with their ``s-maxage``.
"""

from __future__ import annotations

import http.client
import logging
import threading
import time
import urllib.parse

from django.conf import settings

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 2
# A ban sent this recently, with a repeat still to come, covers a new change too.
COALESCE_SECONDS = 0.25

_lock = threading.Lock()
_last_sent = 0.0
_repeat: threading.Timer | None = None


def ban(url: str) -> bool:
    """Ask the cache at ``url`` to drop every page; True if it said it did."""
    parts = urllib.parse.urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname, parts.port, timeout=TIMEOUT_SECONDS)
    try:
        connection.request("BAN", parts.path or "/")
        response = connection.getresponse()
        response.read()
    except OSError as error:
        logger.warning("cdn purge: %s did not answer: %s", url, error)
        return False
    finally:
        connection.close()
    if response.status != 200:
        logger.warning("cdn purge: %s answered %s to BAN", url, response.status)
        return False
    return True


def _ban_everywhere() -> None:
    for url in settings.PAGE_CACHE_PURGE_URLS:
        ban(url)


def _repeat_now() -> None:
    global _repeat
    with _lock:
        _repeat = None
    _ban_everywhere()


def purge_all() -> None:
    """Drop every page the shared caches keep, now and once more a moment later."""
    global _last_sent, _repeat
    if not settings.PAGE_CACHE_PURGE_URLS:
        return
    delay = settings.PAGE_CACHE_PURGE_REPEAT_SECONDS
    with _lock:
        now = time.monotonic()
        covered = _repeat is not None and now - _last_sent < COALESCE_SECONDS
        if not covered:
            _last_sent = now
        if delay > 0 and _repeat is None:
            _repeat = threading.Timer(delay, _repeat_now)
            _repeat.start()
    if not covered:
        _ban_everywhere()

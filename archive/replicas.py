"""Reads from PostgreSQL replicas, writes (and read-after-write) on the primary.

``DATABASE_REPLICA_URLS`` lists replicas; they become the aliases ``replica_0``,
``replica_1``, ... Reads go to a random replica, every write to ``default``.
Replicas lag a little, so once a request writes, the rest of that request reads
from the primary, and so do the same visitor's requests for the next
``REPLICA_PIN_SECONDS`` (a cookie): a reader who posts a comment or an editor
who saves a piece sees the result at once. Unsafe methods (POST, ...) read from
the primary from the start, since they usually validate before they write.
A replica that cannot be reached is left out for ``REPLICA_RETRY_SECONDS``:
its reads go to another replica or the primary, so pages keep answering.
"""

from __future__ import annotations

import contextvars
import copy
import logging
import random
import time

import dj_database_url

logger = logging.getLogger(__name__)

PIN_COOKIE = "archive_primary"
# Signed: the page cache serves no shared copy to a pinned visitor, so a made-up
# pin would buy an uncached render per request.
PIN_COOKIE_SALT = "archive.replicas.pin"
REPLICA_PREFIX = "replica_"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

# True while the current request (or task) must read from the primary.
_pinned: contextvars.ContextVar[bool] = contextvars.ContextVar("db_pinned", default=False)
# True once the current request has written.
_wrote: contextvars.ContextVar[bool] = contextvars.ContextVar("db_wrote", default=False)
# Replica alias -> monotonic time before which this process does not try it again.
_down_until: dict[str, float] = {}


def replica_databases(urls: list[str], primary: dict) -> dict[str, dict]:
    """DATABASES entries for the replica URLs, with the primary's connection options."""
    databases = {}
    for index, url in enumerate(urls):
        settings = dj_database_url.parse(
            url,
            conn_max_age=primary.get("CONN_MAX_AGE", 0),
            conn_health_checks=primary.get("CONN_HEALTH_CHECKS", False),
        )
        settings["OPTIONS"] = {
            **copy.deepcopy(primary.get("OPTIONS", {})),
            **settings.get("OPTIONS", {}),
        }
        # Tests run against the primary's test database: a replica is its mirror.
        settings["TEST"] = {"MIRROR": "default"}
        databases[f"{REPLICA_PREFIX}{index}"] = settings
    return databases


def replica_aliases() -> list[str]:
    from django.db import connections

    return [alias for alias in connections if alias.startswith(REPLICA_PREFIX)]


def pin_to_primary() -> None:
    _pinned.set(True)


def is_pinned() -> bool:
    return _pinned.get()


def _reachable(alias: str) -> bool:
    """Connect (or health-check the kept connection, once per request) before
    routing to a replica: a stopped replica costs one refused connection per
    retry period and worker, not a failed page."""
    from django.conf import settings
    from django.db import DatabaseError, connections

    if _down_until.get(alias, 0) > time.monotonic():
        return False
    connection = connections[alias]
    try:
        connection.close_if_health_check_failed()
        connection.ensure_connection()
    except DatabaseError as exc:
        _down_until[alias] = time.monotonic() + settings.REPLICA_RETRY_SECONDS
        logger.warning("replica %s unreachable, reading from the primary: %s", alias, exc)
        return False
    _down_until.pop(alias, None)
    return True


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if _pinned.get():
            return "default"
        aliases = replica_aliases()
        random.shuffle(aliases)  # spread the reads; not security
        return next((alias for alias in aliases if _reachable(alias)), "default")

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        _pinned.set(True)
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        # Every alias holds the same data (replicas copy the primary).
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"


def pinned_until(request) -> int:
    """Until when (epoch seconds) this visitor reads from the primary; 0 if not pinned
    or if the cookie is not one we signed."""
    value = request.get_signed_cookie(PIN_COOKIE, default="", salt=PIN_COOKIE_SALT)
    return int(value) if value.isdigit() else 0


class ReadAfterWriteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        recently_wrote = pinned_until(request) > time.time()
        pinned = _pinned.set(recently_wrote or request.method not in SAFE_METHODS)
        wrote = _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() and replica_aliases():
                seconds = settings.REPLICA_PIN_SECONDS
                response.set_signed_cookie(
                    PIN_COOKIE,
                    str(int(time.time()) + seconds),
                    salt=PIN_COOKIE_SALT,
                    max_age=seconds,
                    httponly=True,
                    samesite="Lax",
                    secure=request.is_secure(),
                )
            return response
        finally:
            _pinned.reset(pinned)
            _wrote.reset(wrote)

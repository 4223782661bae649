"""Probes for load balancers and orchestrators.

``/healthz``: the process is alive and serving (touches nothing else), for a
liveness check that restarts a wedged worker. ``/readyz``: this node can serve
real pages (the database answers, every migration is applied, the cache
answers), for a readiness check that takes the node out of rotation; 503 and a
JSON body naming what failed otherwise.

Answered by a middleware placed before SecurityMiddleware: load balancers probe
by IP address over plain http, which ALLOWED_HOSTS and the https redirect would
otherwise turn into 400s and 301s.
"""

from __future__ import annotations

import logging
import time

from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse

logger = logging.getLogger(__name__)

HEALTH_PATH = "/healthz"
READY_PATH = "/readyz"

# Once this code's migrations are all applied they stay applied; checking again on
# every probe would load the whole migration graph each time.
_migrations_verified = False


def check_database() -> str | None:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any failure means "not ready", with its reason
        return f"unreachable: {type(exc).__name__}"
    return None


def check_migrations() -> str | None:
    global _migrations_verified
    if _migrations_verified:
        return None
    try:
        loader = MigrationExecutor(connections[DEFAULT_DB_ALIAS]).loader
        # Every migration on disk, not just the plan to the leaves: a plan skips an
        # unapplied migration whose descendants (merge migrations) are recorded.
        unapplied = set(loader.graph.nodes) - set(loader.applied_migrations)
    except Exception as exc:
        return f"cannot be checked: {type(exc).__name__}"
    if unapplied:
        return f"{len(unapplied)} unapplied"
    _migrations_verified = True
    return None


def check_cache() -> str | None:
    cache = caches["default"]
    key = f"readyz:{time.monotonic_ns()}"
    try:
        cache.set(key, "ok", 10)
        ok = cache.get(key) == "ok"
        cache.delete(key)
    except Exception as exc:
        return f"unreachable: {type(exc).__name__}"
    return None if ok else "does not keep values"


def readiness() -> dict[str, str]:
    checks = {"database": check_database()}
    # Migrations are read from the database: no point asking a database that is down.
    checks["migrations"] = (
        check_migrations() if checks["database"] is None else "unknown: database unreachable"
    )
    checks["cache"] = check_cache()
    return {name: problem or "ok" for name, problem in checks.items()}


def _no_store(response):
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == HEALTH_PATH:
            return _no_store(JsonResponse({"status": "ok"}))
        if request.path == READY_PATH:
            checks = readiness()
            ready = all(value == "ok" for value in checks.values())
            if not ready:
                logger.warning("not ready: %s", checks)
            return _no_store(
                JsonResponse(
                    {"status": "ok" if ready else "unavailable", "checks": checks},
                    status=200 if ready else 503,
                )
            )
        return self.get_response(request)

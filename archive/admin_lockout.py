"""Throttle the editors' sign-in: repeated failures lock the form for a while.

Counted in Django's cache (Redis in production, so every web node shares the
count): failures per (address, user name) stop password guessing against one
account; a larger budget per address stops spraying many names. A successful
sign-in clears both counters. Locked attempts are refused before the password
is even checked, with a 429 page that says when to retry.
"""

from __future__ import annotations

import hashlib
import logging
from functools import wraps

from django.conf import settings
from django.core.cache import cache

from archive.errors import too_many_requests

logger = logging.getLogger(__name__)

PER_ADDRESS_FACTOR = 4


def _key(*parts: str) -> str:
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:32]
    return f"admin-login-failures:{digest}"


def _keys(request) -> dict[str, int]:
    address = request.META.get("REMOTE_ADDR") or "unknown"
    username = str(request.POST.get("username", ""))[:150].strip().lower()
    limit = settings.ADMIN_LOGIN_MAX_FAILURES
    return {
        _key("user", address, username): limit,
        _key("address", address): limit * PER_ADDRESS_FACTOR,
    }


def is_locked(request) -> bool:
    limits = _keys(request)
    counts = cache.get_many(list(limits))
    return any(counts.get(key, 0) >= limit for key, limit in limits.items())


def record_failure(request) -> None:
    timeout = settings.ADMIN_LOGIN_LOCKOUT_SECONDS
    for key in _keys(request):
        # add() starts the window at the first failure; incr() keeps its expiry.
        if not cache.add(key, 1, timeout):
            try:
                cache.incr(key)
            except ValueError:  # expired between add() and incr()
                cache.add(key, 1, timeout)


def reset(request) -> None:
    cache.delete_many(list(_keys(request)))


def lockout_response(request):
    minutes = max(1, round(settings.ADMIN_LOGIN_LOCKOUT_SECONDS / 60))
    response = too_many_requests(
        request,
        {
            "message": (
                "Too many failed sign-in attempts. For your safety this sign-in is locked; "
                f"try again in {minutes} minute{'s' if minutes != 1 else ''}."
            )
        },
    )
    response["Retry-After"] = str(settings.ADMIN_LOGIN_LOCKOUT_SECONDS)
    return response


def throttled(login_view):
    """Wrap an admin login view (``admin.site.login``)."""

    @wraps(login_view)
    def view(request, *args, **kwargs):
        if request.method != "POST":
            return login_view(request, *args, **kwargs)
        if is_locked(request):
            logger.warning(
                "admin sign-in locked for %r from %s",
                str(request.POST.get("username", ""))[:150],
                request.META.get("REMOTE_ADDR"),
            )
            return lockout_response(request)
        response = login_view(request, *args, **kwargs)
        if response.status_code in (301, 302) and request.user.is_authenticated:
            reset(request)
        else:
            record_failure(request)
        return response

    return view

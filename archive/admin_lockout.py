"""Throttle the editors' sign-in: repeated failures lock the form for a while.

Counted in PostgreSQL (archive/counters.py), so every worker and machine shares
the count, no cached page can push it out, and editors see and clear lockouts
in the admin ("Sign-in lockouts"). Failures per (address, user name) stop
password guessing against one account; a larger budget per address stops
spraying many names. The address is read proxy-aware (archive/client_address.py):
behind a trusted proxy, other clients' failures never lock out an editor's
address. A successful sign-in clears both counters. Locked attempts are refused
before the password is even checked, with a 429 page that says when to retry.
"""

from __future__ import annotations

import logging
from functools import wraps

from django.conf import settings

from archive import counters
from archive.client_address import client_ip
from archive.errors import too_many_requests
from archive.models import SIGN_IN_PREFIX

logger = logging.getLogger(__name__)

PER_ADDRESS_FACTOR = 4


def _keys(request) -> dict[str, int]:
    address = client_ip(request) or "unknown"
    username = str(request.POST.get("username", ""))[:150].strip().lower()
    limit = settings.ADMIN_LOGIN_MAX_FAILURES
    return {
        f"{SIGN_IN_PREFIX}user/{address}/{username}": limit,
        f"{SIGN_IN_PREFIX}address/{address}": limit * PER_ADDRESS_FACTOR,
    }


def is_locked(request) -> bool:
    limits = _keys(request)
    counts = counters.database.counts(list(limits))
    return any(counts.get(key, 0) >= limit for key, limit in limits.items())


def record_failure(request) -> None:
    for key in _keys(request):
        counters.database.hit(key, settings.ADMIN_LOGIN_LOCKOUT_SECONDS)


def reset(request) -> None:
    counters.database.clear(list(_keys(request)))


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
                client_ip(request),
            )
            return lockout_response(request)
        response = login_view(request, *args, **kwargs)
        if response.status_code == 302 and request.user.is_authenticated:
            reset(request)
        else:
            record_failure(request)
        return response

    return view

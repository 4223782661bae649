"""Turn a lost database into a 503 page that tells people to retry."""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError

from archive.errors import service_unavailable

logger = logging.getLogger(__name__)

# Raised when PostgreSQL is down, restarting, or refusing connections.
UNAVAILABLE = (OperationalError, InterfaceError)


def is_database_unavailable(exc: BaseException | None) -> bool:
    if isinstance(exc, UNAVAILABLE):
        return True
    # psycopg errors wrapped by Django keep the original as __cause__.
    return isinstance(exc, DatabaseError) and isinstance(exc.__cause__, UNAVAILABLE)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if is_database_unavailable(exception):
            logger.warning(
                "database unavailable for %s %s: %s", request.method, request.path, exception
            )
            return service_unavailable(request)
        return None

"""Turn a lost database into a 503 page that tells people to retry."""

from __future__ import annotations

import logging

from archive.errors import service_unavailable
from archive.outage import is_database_unavailable, kept_form_context

logger = logging.getLogger(__name__)


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
            return service_unavailable(request, kept_form_context(request))
        return None

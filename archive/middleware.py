"""Turn a lost database into a 503 page that tells people to retry."""

from __future__ import annotations

import logging

from django.db import DatabaseError, InterfaceError, OperationalError
from django.middleware.csrf import get_token

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
            return service_unavailable(request, kept_form_context(request))
        return None


# Forms whose typed text the 503 page gives back, by view name: the fields shown
# (the template names them) and the hidden ones sent back as they came.
KEPT_FORMS = {
    "articles:post_comment": {
        "template": "includes/comment_form_kept.html",
        "fields": ("body", "name", "email", "url", "remember", "notify", "parent", "token"),
    },
}


def kept_form_context(request) -> dict:
    """What a POST carried, so the 503 page can offer it back in a form to resend.

    Built from request.POST only: nothing here may touch the database."""
    match = getattr(request, "resolver_match", None)
    kept = KEPT_FORMS.get(match.view_name) if match and request.method == "POST" else None
    if kept is None:
        return {}
    return {
        "kept_form": {
            "template": kept["template"],
            "action": request.path,
            "csrf_token": get_token(request),
            "values": {name: request.POST.get(name, "") for name in kept["fields"]},
        }
    }

"""Error pages that never depend on the database (it may be the thing that failed)."""

from __future__ import annotations

import sys

from django.conf import settings
from django.http import HttpResponse
from django.template import loader

from archive.context_processors import site_links
from archive.outage import is_database_unavailable, kept_form_context

RETRY_AFTER_SECONDS = 30


def _render(request, template_name: str, status: int, context: dict | None = None) -> HttpResponse:
    # RequestContext would run the auth context processor, which may query the
    # database; error pages render with a plain context instead.
    body = loader.get_template(template_name).render(
        {
            "request_path": request.path,
            "SITE_NAME": settings.SITE_NAME,
            "SITE_LINKS": site_links(),
            **(context or {}),
        }
    )
    return HttpResponse(body, status=status)


def service_unavailable(request, context: dict | None = None) -> HttpResponse:
    response = _render(request, "503.html", 503, context)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


def server_error(request) -> HttpResponse:
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request, kept_form_context(request))
    return _render(request, "500.html", 500)


def page_not_found(request, exception) -> HttpResponse:
    return _render(request, "404.html", 404)


def bad_request(request, exception) -> HttpResponse:
    return _render(request, "400.html", 400)


def permission_denied(request, exception) -> HttpResponse:
    return _render(request, "403.html", 403)


def too_many_requests(request, context: dict | None = None) -> HttpResponse:
    response = _render(request, "429.html", 429, context)
    response["Cache-Control"] = "no-store"
    return response

"""CSRF protection for a form served inside a page every reader shares.

A page a CDN keeps cannot carry a visitor's CSRF token. The browser itself says
where a POST comes from: current browsers send ``Sec-Fetch-Site`` and, on every
POST, ``Origin``, and no page on another site can forge either. So a POST to a
view wrapped in ``token_or_same_origin``:

- carrying a CSRF token (a private page, or a token fetched by script) is checked
  by Django's CsrfViewMiddleware exactly as before;
- carrying none is accepted when the browser says it comes from this site
  (``Sec-Fetch-Site: same-origin``, else an ``Origin`` equal to this site's);
- saying it comes from elsewhere gets Django's CSRF failure page (403);
- saying nothing either way (an old browser, a privacy tool) reaches the view with
  ``request.csrf_unverified`` set: the view must not act on it, and answers with
  a private page holding the form, what was typed and a token, to send again.
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.middleware.csrf import CsrfViewMiddleware, _get_failure_view
from django.views.decorators.csrf import csrf_exempt

SAME, CROSS, UNKNOWN = "same", "cross", "unknown"


def browser_says(request) -> str:
    """Where the browser says this request comes from: SAME, CROSS or UNKNOWN."""
    site = request.headers.get("Sec-Fetch-Site")
    if site is not None:
        return SAME if site == "same-origin" else CROSS
    origin = request.headers.get("Origin")
    if origin is None:
        return UNKNOWN
    ours = f"{request.scheme}://{request.get_host()}"
    return SAME if origin == ours or origin in settings.CSRF_TRUSTED_ORIGINS else CROSS


def _carries_token(request) -> bool:
    header = request.META.get(settings.CSRF_HEADER_NAME)
    return bool(header or request.POST.get("csrfmiddlewaretoken"))


def _checked_view(request):  # stands for the wrapped view, which is csrf_exempt
    raise AssertionError("never called")


def token_or_same_origin(view):
    """CSRF protection by token, or else by the browser's word (see the module)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        request.csrf_unverified = False
        enforced = not getattr(request, "_dont_enforce_csrf_checks", False)
        if request.method == "POST" and enforced:
            if _carries_token(request):
                middleware = CsrfViewMiddleware(lambda request: None)
                refused = middleware.process_view(request, _checked_view, args, kwargs)
                if refused is not None:
                    return refused
            else:
                said = browser_says(request)
                if said == CROSS:
                    return _get_failure_view()(
                        request, reason="Origin checking failed: the form came from elsewhere."
                    )
                request.csrf_unverified = said == UNKNOWN
        return view(request, *args, **kwargs)

    return csrf_exempt(wrapped)

"""Security headers Django 5.2 does not send by itself (CSP comes from django-csp)."""

from __future__ import annotations

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as DjangoCSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What a view (django-csp's decorators) or a template (a nonce) may change per response.
PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
POLICY_SETTINGS = {
    HEADER: "CONTENT_SECURITY_POLICY",
    HEADER_REPORT_ONLY: "CONTENT_SECURITY_POLICY_REPORT_ONLY",
}


class CSPMiddleware(DjangoCSPMiddleware):
    """django-csp's middleware, with the site-wide policy headers built once.

    django-csp rebuilds the same header from settings for every response (deep
    copies included: ~5% of a page served from the cache). A response whose view
    or template changed its policy (a decorator, a nonce) still goes through
    django-csp unchanged.
    """

    def __init__(self, get_response):
        super().__init__(get_response)
        self.headers = {
            name: value
            for name, value in (
                (HEADER, build_policy()),
                (HEADER_REPORT_ONLY, build_policy(report_only=True)),
            )
            if value
        }
        # Paths one of the policies is not sent for (django-csp's EXCLUDE_URL_PREFIXES).
        self.excluded_prefixes = tuple(
            prefix
            for header in self.headers
            for prefix in (getattr(settings, POLICY_SETTINGS[header], None) or {}).get(
                "EXCLUDE_URL_PREFIXES", ()
            )
        )

    def process_response(self, request, response):
        if (
            settings.DEBUG
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in PER_RESPONSE_POLICY)
            or request.path_info.startswith(self.excluded_prefixes)
        ):
            return super().process_response(request, response)
        for name, value in self.headers.items():
            response.headers.setdefault(name, value)
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` -> ``camera=(), fullscreen=(self)``."""
    parts = []
    for feature, origins in policy.items():
        allowed = " ".join(
            origin if origin in {"self", "*"} else f'"{origin}"' for origin in origins
        )
        parts.append(f"{feature}=({allowed})")
    return ", ".join(parts)


class PermissionsPolicyMiddleware:
    """Switch off browser features (camera, geolocation, ...) the archive never uses."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request):
        response = self.get_response(request)
        if self.header:
            response.headers.setdefault("Permissions-Policy", self.header)
        return response

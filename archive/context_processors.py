from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, reverse

# The links in every page's header and footer (templates/base.html).
SITE_LINK_NAMES = {
    "home": "articles:home",
    "archive": "articles:archive",
    "topics": "articles:topics",
    "authors": "articles:authors",
    "publications": "articles:publications",
    "search": "articles:search",
    "feed": "articles:feed",
    "feed_atom": "articles:feed_atom",
    "admin": "admin:index",
}


@cache
def _site_links(script_prefix: str) -> dict[str, str]:
    # Reversed once per process (and prefix): the {% url %} tags in base.html were
    # ~8% of an article page rendered outside the page cache.
    return {key: reverse(name) for key, name in SITE_LINK_NAMES.items()}


def site_links() -> dict[str, str]:
    return _site_links(get_script_prefix())


def site(request):
    return {"SITE_NAME": settings.SITE_NAME, "SITE_LINKS": site_links()}

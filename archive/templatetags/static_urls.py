"""``{% static_url "css/site.css" %}``: ``{% static %}`` worked out once per process.

The files' hashed names are fixed for the life of a process (collectstatic runs
before it starts), and ``{% static %}`` looks them up afresh on every page:
a few per cent of a page rendered outside the page cache.
"""

from __future__ import annotations

from functools import cache

from django import template
from django.templatetags.static import static

register = template.Library()


@cache
def _url(path: str) -> str:
    return static(path)


@register.simple_tag
def static_url(path: str) -> str:
    return _url(path)

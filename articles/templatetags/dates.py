"""{% load dates %}: dates for machines (<time datetime>, meta tags)."""

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def machine_datetime(value) -> str:
    """ISO 8601 in the site's time zone, whole seconds: HTML's <time datetime> allows
    at most three fractional digits, and nobody needs them."""
    if not value:
        return ""
    return timezone.localtime(value).replace(microsecond=0).isoformat()

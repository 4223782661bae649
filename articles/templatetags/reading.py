"""{% load reading %}: reading time and the "Cite this" text of a piece."""

import math

from django import template
from django.utils import dateformat, timezone

register = template.Library()

# A common estimate of adult silent reading speed for non-fiction.
WORDS_PER_MINUTE = 230


@register.filter
def reading_minutes(article) -> int:
    return max(1, math.ceil(len(article.body.split()) / WORDS_PER_MINUTE))


@register.simple_tag(takes_context=True)
def citation(context, article) -> str:
    """Author(s), "Title", Publication, date. Permalink: one line, plain text."""
    names = [author.name for author in article.byline_authors]
    if len(names) > 1:
        names = [", ".join(names[:-1]) + " and " + names[-1]]
    parts = [*names, f"\u201c{article.title}\u201d"]
    if article.publication:
        parts.append(article.publication.name)
    if article.published_at:
        parts.append(dateformat.format(timezone.localtime(article.published_at), "j F Y"))
    permalink = context["request"].build_absolute_uri(article.get_absolute_url())
    return ", ".join(parts) + f". {permalink}"

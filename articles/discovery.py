"""How machines find and describe the archive: robots.txt, canonical URLs and
the JSON-LD that search engines read for each piece."""

from __future__ import annotations

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.views.generic import TemplateView

from articles.models import Article
from articles.pagination import CURSOR

# Inline JSON must not be able to close its <script> element or open a comment:
# the same escapes as Django's json_script, applied to ld+json.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


class RobotsTxtView(TemplateView):
    template_name = "robots.txt"
    content_type = "text/plain; charset=utf-8"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            sitemap_url=self.request.build_absolute_uri(reverse("sitemap")),
            **kwargs,
        )


def canonical_url(request) -> str:
    """This page's address without tracking or sorting parameters; page 2+ keeps
    ?page=, a page read by seek its ?older= or ?newer= cursor."""
    url = request.build_absolute_uri(request.path)
    page = request.GET.get("page", "")
    if page.isdigit() and int(page) > 1:
        return url + f"?page={int(page)}"
    for direction in ("older", "newer"):
        cursor = request.GET.get(direction, "")
        if CURSOR.fullmatch(cursor):
            return url + f"?{direction}={cursor}"
    return url


def article_structured_data(request, article: Article) -> dict:
    """schema.org Article for a piece (bylines, topics and publication are prefetched)."""
    absolute = request.build_absolute_uri
    url = absolute(article.get_absolute_url())
    if article.publication:
        publisher = {
            "@type": "Organization",
            "name": article.publication.name,
            "url": absolute(article.publication.get_absolute_url()),
        }
    else:
        publisher = {"@type": "Organization", "name": settings.SITE_NAME, "url": absolute("/")}
    data = {
        "@context": "https://schema.org",
        "@type": "Article",
        "headline": article.title,
        "url": url,
        "mainEntityOfPage": {"@type": "WebPage", "@id": url},
        "datePublished": article.published_at,
        "dateModified": article.updated_at,
        "author": [
            {"@type": "Person", "name": author.name, "url": absolute(author.get_absolute_url())}
            for author in article.byline_authors
        ],
        "publisher": publisher,
        "wordCount": len(article.body.split()),
    }
    if article.standfirst:
        data["description"] = article.standfirst
    topics = [topic.name for topic in article.topic_list]
    if topics:
        data["keywords"] = topics
    return data


def json_ld_script(data: dict) -> SafeString:
    """A <script type="application/ld+json"> element that no value can break out of."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308

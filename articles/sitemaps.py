"""/sitemap.xml: every live piece (with its last change) and every author,
publication and topic page that has live pieces."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.utils import timezone

from articles.models import Article, Author, Publication, Topic


class ArticleSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.8

    def items(self):
        return (
            Article.objects.published().only("slug", "updated_at").order_by("-published_at", "-id")
        )

    def lastmod(self, item: Article):
        return item.updated_at


class _GroupSitemap(Sitemap):
    """People and groups with live pieces; lastmod is their newest piece's last change."""

    changefreq = "weekly"
    priority = 0.5
    model: type = Author

    def items(self):
        # Filtering before annotating limits Max() to the live pieces (one grouped query).
        return (
            self.model.objects.filter(
                articles__status=Article.Status.PUBLISHED,
                articles__published_at__lte=timezone.now(),
            )
            .annotate(last_change=Max("articles__updated_at"))
            .only("slug")
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.last_change


class AuthorSitemap(_GroupSitemap):
    model = Author


class PublicationSitemap(_GroupSitemap):
    model = Publication


class TopicSitemap(_GroupSitemap):
    model = Topic


SITEMAPS = {
    "articles": ArticleSitemap,
    "authors": AuthorSitemap,
    "publications": PublicationSitemap,
    "topics": TopicSitemap,
}

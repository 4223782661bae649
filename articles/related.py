"""Related pieces under an article: shared topics and authors first, then similar titles.

One query, whatever the archive's size: the shared-topic and shared-author counts
and each candidate's byline are correlated subqueries, and the title similarity
is pg_trgm's, so nothing is fetched per related piece.
"""

from __future__ import annotations

from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.search import TrigramSimilarity
from django.db.models import Count, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject

from articles.models import Article, Byline

RELATED_LIMIT = 4
# pg_trgm's default threshold for the `%` operator used to find candidates; below
# it a title only shares filler ("the", "why ...") with the piece.
MIN_TITLE_SIMILARITY = 0.3


def _count_of(queryset) -> Coalesce:
    counted = queryset.values("article_id").annotate(n=Count("*")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def related_articles(article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
    """Up to ``limit`` live pieces most like ``article``, each with ``byline`` (name/slug)."""
    topic_ids = [topic.pk for topic in article.topics.all()]  # prefetched by for_detail()
    author_ids = [byline.author_id for byline in article.bylines.all()]
    Topics = Article.topics.through
    candidates = (
        Article.objects.published()
        .exclude(pk=article.pk)
        .filter(
            Q(pk__in=Topics.objects.filter(topic_id__in=topic_ids).values("article_id"))
            | Q(pk__in=Byline.objects.filter(author_id__in=author_ids).values("article_id"))
            | Q(title__trigram_similar=article.title)
        )
        .annotate(
            shared_topics=_count_of(
                Topics.objects.filter(article_id=OuterRef("pk"), topic_id__in=topic_ids)
            ),
            shared_authors=_count_of(
                Byline.objects.filter(article_id=OuterRef("pk"), author_id__in=author_ids)
            ),
            similarity=TrigramSimilarity("title", article.title),
            byline=ArraySubquery(
                Byline.objects.filter(article_id=OuterRef("pk"))
                .order_by("position", "id")
                .values(json=JSONObject(name="author__name", slug="author__slug"))
            ),
        )
        .filter(
            Q(shared_topics__gt=0)
            | Q(shared_authors__gt=0)
            | Q(similarity__gte=MIN_TITLE_SIMILARITY)
        )
        .select_related("publication")
        .defer("body", "body_html")
        .order_by(
            (F("shared_topics") + F("shared_authors")).desc(),
            F("similarity").desc(),
            F("published_at").desc(),
        )
    )
    return list(candidates[:limit])

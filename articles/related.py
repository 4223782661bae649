"""Related pieces under an article: shared topics and authors first, then similar titles.

One query, whatever the archive's size. Candidates come only from indexes, a
bounded number from each: the newest pieces sharing a topic or an author (the two
join tables, by their (topic or author, article) indexes) and pieces whose
title is trigram-similar (pg_trgm's `%`) among the newest RECENT_TITLES. Those few are ranked by
how much they share, then by title similarity, then by date; the byline of the
winners comes back in the same row as a JSON array, so the template needs no
query per related piece.
"""

from __future__ import annotations

from django.utils import timezone

from articles.models import Article, Byline, Publication

RELATED_LIMIT = 4
# Candidates per topic, author and similar titles: a topic of a large archive has
# tens of thousands of pieces, and counting what each shares with this one cost
# seconds. The newest pieces (highest ids) of each link are the candidates.
PER_LINK = 300
# Similar titles are looked for among the newest pieces only: in a large archive
# of everyday words the trigram index's candidates for a title run to hundreds of
# thousands (seconds), while a similarity test of a few thousand titles is cheap.
RECENT_TITLES = 1000

_SQL = """
WITH shared AS (
    SELECT article_id, count(*) AS n FROM (
        SELECT t.article_id FROM unnest(%(topic_ids)s::bigint[]) AS k(id)
         CROSS JOIN LATERAL (
               SELECT article_id FROM {topics} WHERE topic_id = k.id
                ORDER BY article_id DESC LIMIT %(per_link)s) AS t
        UNION ALL
        SELECT b.article_id FROM unnest(%(author_ids)s::bigint[]) AS k(id)
         CROSS JOIN LATERAL (
               SELECT article_id FROM {bylines} WHERE author_id = k.id
                ORDER BY article_id DESC LIMIT %(per_link)s) AS b
    ) AS links
    GROUP BY article_id
),
candidates AS (
    SELECT article_id FROM shared
    UNION
    (SELECT id FROM (SELECT id, title FROM {articles} ORDER BY id DESC LIMIT %(recent)s) AS r
      WHERE title %% %(title)s)
)
SELECT a.id, a.title, a.slug, a.published_at,
       p.name AS publication_name,
       COALESCE(s.n, 0) AS shared,
       similarity(a.title, %(title)s) AS title_similarity,
       (SELECT COALESCE(json_agg(json_build_object('name', au.name, 'slug', au.slug)
                                 ORDER BY b.position, b.id), '[]'::json)
          FROM {bylines} b JOIN {authors} au ON au.id = b.author_id
         WHERE b.article_id = a.id) AS byline
  FROM candidates c
  JOIN {articles} a ON a.id = c.article_id
  LEFT JOIN shared s ON s.article_id = a.id
  LEFT JOIN {publications} p ON p.id = a.publication_id
 WHERE a.status = %(published)s AND a.published_at <= %(now)s AND a.id <> %(id)s
 ORDER BY shared DESC, title_similarity DESC, a.published_at DESC, a.id DESC
 LIMIT %(limit)s
"""


def related_articles(article: Article, limit: int = RELATED_LIMIT) -> list[Article]:
    """Up to ``limit`` live pieces most like ``article``.

    Each comes with ``publication_name`` and ``byline`` ([{"name", "slug"}, ...]).
    The article's topics and bylines must be prefetched (``for_detail()``).
    """
    sql = _SQL.format(
        articles=Article._meta.db_table,
        topics=Article.topics.through._meta.db_table,
        bylines=Byline._meta.db_table,
        authors=Byline._meta.get_field("author").related_model._meta.db_table,
        publications=Publication._meta.db_table,
    )
    params = {
        "topic_ids": [topic.pk for topic in article.topic_list],
        "author_ids": [byline.author_id for byline in article.bylines.all()],
        "title": article.title,
        "published": Article.Status.PUBLISHED,
        "now": timezone.now(),
        "id": article.pk,
        "limit": limit,
        "per_link": PER_LINK,
        "recent": RECENT_TITLES,
    }
    return list(Article.objects.raw(sql, params))

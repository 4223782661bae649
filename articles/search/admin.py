"""The editors' article search: the same index and query language as the site,
drafts and scheduled pieces included, in the admin's own order."""

from __future__ import annotations

from django.db.models.expressions import RawSQL

from articles.search import tsquery
from articles.search.parsing import parse


def search_articles(queryset, text: str):
    parsed = parse(text)
    if parsed.is_empty:
        return queryset.none()
    queries = tsquery.build(parsed)
    match = queries.everything
    sql = (
        "SELECT d.article_id FROM articles_searchdocument d"
        f" WHERE d.vector @@ {match.sql} OR d.head @@ {queries.stopwords.sql}"
    )
    return queryset.filter(pk__in=RawSQL(sql, match.params + queries.stopwords.params))

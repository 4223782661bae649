"""The editors' article search: the same index and query language as the site,
drafts and scheduled pieces included, in the admin's own order; the newest
ADMIN_MATCH_CAP matches (by id) are listed."""

from __future__ import annotations

from django.db import connection

from articles.search import tsquery
from articles.search.parsing import parse
from articles.sql import compose

# The newest matches only: a common word matches most of a large archive, and an
# editor pages through recent pieces. With ORDER BY and LIMIT the planner reads
# the newest documents and tests each (a common word) or the word's index entry
# (a rare one), instead of matching every document for each list page.
ADMIN_MATCH_CAP = 1000


def search_articles(queryset, text: str):
    parsed = parse(text)
    if parsed.is_empty:
        return queryset.none()
    queries = tsquery.build(parsed)
    match = queries.everything
    sql = compose(
        "SELECT d.article_id FROM articles_searchdocument d"
        " WHERE d.vector @@ {match} OR d.head @@ {stopwords}"
        " ORDER BY d.article_id DESC LIMIT {cap}",
        match=match,
        stopwords=queries.stopwords,
        cap=ADMIN_MATCH_CAP,
    )
    # Read once: the list's count, page and date hierarchy each filter by these ids.
    with connection.cursor() as cursor:
        cursor.execute(sql.sql, sql.params)
        ids = [row[0] for row in cursor.fetchall()]
    return queryset.filter(pk__in=ids)

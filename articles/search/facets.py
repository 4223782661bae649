"""Facet counts (publication, author, topic, year) that follow the current query.

One query for all four. The matches' bylines and topics are looked up per match
(LATERAL ... OFFSET 0 keeps it a nested loop over their article_id indexes): the
planner, which cannot estimate a tsquery's matches well, otherwise merge-joins
the matches with the whole byline and topic tables, 2.5 million index entries at
a million pieces. Up to COUNT_CAP matches they are exact; beyond that
they are counted on the archive's fixed 1-in-64 sample (its own partial GIN
index) and scaled, and the page says "about": counting half a million matches
exactly, four ways, would cost seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles.search.ranking import DOC, FINE_SAMPLE_SQL, SAMPLE_SQL, _fetch
from articles.search.schema import FINE_SAMPLE_MODULUS, SAMPLE_MODULUS
from articles.sql import Sql, compose

KINDS = ("publication", "author", "topic", "year")
SHOWN_PER_KIND = 10


@dataclass(frozen=True)
class FacetValue:
    kind: str
    value: str  # slug, or the year
    label: str
    count: int
    selected: bool = False


def facet_counts(
    match: Sql, filters: Sql, *, sampled: bool, fine: bool = False, sampled_facets: bool = False
) -> tuple[dict, int]:
    """Counts per facet value, and the (estimated) number of matches. `fine`: from
    the 1-in-1024 sample, for sets so large that even 1 in 64 is many rows.
    `sampled_facets`: the matches are counted exactly but the facets on the 1-in-64
    sample (a set known to be a little over COUNT_CAP: its bylines and topics
    looked up one by one cost 15 ms a thousand)."""
    modulus = FINE_SAMPLE_MODULUS if fine else SAMPLE_MODULUS
    sample_sql = FINE_SAMPLE_SQL if fine else SAMPLE_SQL
    where = compose(
        "{filters} AND {match}{sample}",
        filters=filters,
        match=match,
        sample=Sql(f" AND {sample_sql}" if sampled else ""),
    )
    facet_rows = compose(
        "m WHERE m.article_id %% {modulus} = 0" if sampled_facets else "m",
        modulus=SAMPLE_MODULUS,
    )
    sql = compose(
        """
        WITH m AS MATERIALIZED (
            SELECT d.article_id, d.publication_id, d.published_at FROM {doc} WHERE {where}
        ), f AS (SELECT * FROM {facet_rows})
        SELECT 'total', '', '', count(*) FROM m
        UNION ALL
        SELECT * FROM (
            SELECT 'publication', p.slug, p.name, count(*) AS n FROM f AS m
            JOIN articles_publication p ON p.id = m.publication_id
            GROUP BY p.slug, p.name ORDER BY n DESC, p.name LIMIT {shown}) AS pubs
        UNION ALL
        SELECT * FROM (
            SELECT 'author', a.slug, a.name, ids.n FROM (
                SELECT b.author_id, count(DISTINCT m.article_id) AS n FROM f AS m
                CROSS JOIN LATERAL (SELECT b.author_id FROM articles_byline b
                    WHERE b.article_id = m.article_id OFFSET 0) AS b
                GROUP BY b.author_id) AS ids
            JOIN articles_author a ON a.id = ids.author_id
            ORDER BY ids.n DESC, a.name LIMIT {shown}) AS authors
        UNION ALL
        SELECT * FROM (
            SELECT 'topic', t.slug, t.name, ids.n FROM (
                SELECT at.topic_id, count(*) AS n FROM f AS m
                CROSS JOIN LATERAL (SELECT at.topic_id FROM articles_article_topics at
                    WHERE at.article_id = m.article_id OFFSET 0) AS at
                GROUP BY at.topic_id) AS ids
            JOIN articles_topic t ON t.id = ids.topic_id
            ORDER BY ids.n DESC, t.name LIMIT {shown}) AS topics
        UNION ALL
        SELECT * FROM (
            SELECT 'year', y::text, y::text, count(*) AS n FROM (
                SELECT extract(year FROM m.published_at AT TIME ZONE 'UTC')::int AS y FROM f AS m
            ) AS years GROUP BY y ORDER BY y DESC) AS years
        """,
        doc=Sql(DOC),
        where=where,
        facet_rows=facet_rows,
        shown=SHOWN_PER_KIND,
    )
    scale = modulus if sampled else 1
    facet_scale = SAMPLE_MODULUS if sampled_facets else scale
    facets: dict[str, list[tuple[str, str, int]]] = {kind: [] for kind in KINDS}
    total = 0
    for kind, value, label, count in _fetch(sql):
        if kind == "total":
            total = count * scale
        else:
            facets[kind].append((value, label, count * facet_scale))
    return facets, total

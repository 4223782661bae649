"""The relevance score: BM25 with field weights, from the archive's own statistics.

For each positive clause c of the query (a word, a "phrase", or alternatives
joined by `or`) that piece d holds:

    s(c, d) = idf(c) * (TITLE_WEIGHT [c in title] / (1 - TITLE_B + TITLE_B tl / avgtl)
                        + HEAD_WEIGHT [c in standfirst/bylines]
                        + tf (K1 + 1) / (tf + K1 (1 - B + B (dl / avgdl) ^ DL_POWER)))
    score(d) = sum over c of s(c, d)
               + PROXIMITY * min(idf) for each pair of adjacent query words found in that
                 order within PROXIMITY_SPAN positions

tf counts every occurrence of the clause's lexemes in the piece (a phrase: their
mean); dl is the piece's number of distinct lexemes (the tsvector's length: no
stored column, and the lexicon gives its average exactly, see `averages_sql`);
tl the title's (the head's lexemes of weight A), avgtl its average;
idf = ln(1 + (N - df + 0.5) / (df + 0.5)), df from the lexicon. Short queries
(`tiered`) rank the pieces with every word first; ties go to the newer piece.
The constants and the reasons for them: docs/search.md.

All of the score's SQL is here. Each candidate's vector is read (detoasted) once,
into a materialized row, and every test of the score runs on that copy.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass

from articles.sql import Sql, compose, identifier, join, separated, value

K1 = 1.2
B = 0.9
# dl is counted in distinct lexemes, which grow more slowly than words (Heaps' law);
# squaring the ratio to the average brings it near the ratio of word counts.
DL_POWER = 2.0
TITLE_WEIGHT = 2.5
# A title match counts for less in a long title (the word is less of what the piece
# is about), as BM25 normalises a field's length: 0 would ignore the length.
TITLE_B = 0.75
HEAD_WEIGHT = 1.0
PROXIMITY = 0.25
PROXIMITY_SPAN = 3
# Queries of up to this many words rank pieces with all of them first (a tier no
# score reaches); longer ones, usually descriptions, let the score weigh them (three
# words tiered did worse on both relevance sets: docs/search.md).
ALL_WORDS_TIER_UP_TO = 2
ALL_CLAUSES = 1_000_000
# typos.py: a clause matched only through a corrected word scores this share, so its
# pieces rank below those matching what was typed.
TYPO_FACTOR = 0.15

_LEXEME = re.compile(r"'((?:[^']|'')+)'(:[*A-D]+)?")


def idf(df: int, total: int) -> float:
    df = min(max(df, 0), total)
    return math.log(1 + (total - df + 0.5) / (df + 0.5))


@dataclass(frozen=True)
class ClauseTerms:
    """A positive clause as the score sees it."""

    query: Sql  # its tsquery
    lexemes: tuple[str, ...]  # exact lexemes whose occurrences count as tf
    idf: float
    in_title: Sql  # its tsquery with weight A (title)
    in_head: Sql  # with weight B (standfirst, bylines)
    exact: Sql | None = None  # the clause as typed, when a word of it was corrected


def impact(weights: str, tf: int, dl: int, avgdl: float, tl: int, avgtl: float) -> float:
    """A one-word clause's score in a piece, without idf: what impact lists hold.
    `weights` are the fields the word occurs in (A title, B standfirst/bylines); tl the
    title's length (the head's lexemes of weight A)."""
    title = TITLE_WEIGHT / (1 - TITLE_B + TITLE_B * tl / avgtl)
    fields = title * ("A" in weights) + HEAD_WEIGHT * ("B" in weights)
    return fields + tf * (K1 + 1) / (tf + K1 * (1 - B + B * (dl / avgdl) ** DL_POWER))


def impact_function_sql() -> str:
    """The same as SQL, for the impact lists' trigger and bulk build (impacts.py):
    `impact` above and the ranking below, from the same constants."""
    return f"""
CREATE OR REPLACE FUNCTION archive_search_impact(
  weights text[], tf integer, dl integer, avgdl float8, tl integer, avgtl float8)
RETURNS float8 LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT {TITLE_WEIGHT} / ({1 - TITLE_B} + {TITLE_B} * tl / avgtl) * ('A' = ANY(weights))::int
       + {HEAD_WEIGHT} * ('B' = ANY(weights))::int
       + tf * {K1 + 1} / (tf + {K1} * (1 - {B} + {B} * power(dl / avgdl, {DL_POWER})))
$$"""


def lexemes(tsquery_text: str, *, mark_prefixes: bool = False) -> tuple[str, ...]:
    """The lexemes of a tsquery's text; `mark_prefixes` keeps a prefix as `word:*`
    (as the impact lists must tell it apart), else it counts as its word."""
    return tuple(
        dict.fromkeys(
            m.group(1).replace("''", "'")
            + (":*" if mark_prefixes and "*" in (m.group(2) or "") else "")
            for m in _LEXEME.finditer(tsquery_text or "")
        )
    )


# The averages move slowly; avgdl is asked of the lexicon (a scan of every term) at
# most this often per process, avgtl of the newest pieces.
AVGDL_TTL = 3600.0
# avgtl: the titles of this many newest pieces (read through the date index).
AVGTL_PIECES = 1000
_averages: dict[str, float] = {}


def averages_sql() -> Sql | None:
    """A select-list item for the search's first query when the averages are not
    known: [avgdl, avgtl] (None: the kept values are fresh). The sum of the lexicon's
    document frequencies is the sum over published pieces of their distinct lexemes."""
    if _averages and time.monotonic() - _averages["at"] < AVGDL_TTL:
        return None
    return avgdl_expression()


def avgdl_expression() -> Sql:
    """The average itself, as SQL (the impact lists are built with the same)."""
    # The number of pieces as the planner knows it once the archive is large (a
    # count of a million rows costs more than the whole search).
    return Sql(
        "ARRAY[(SELECT coalesce(sum(t.ndoc), 0)::float8 / greatest((SELECT CASE"
        " WHEN c.reltuples < 10000 THEN (SELECT count(*) FROM articles_searchdocument"
        " WHERE is_published) ELSE c.reltuples::bigint END FROM pg_class c"
        " WHERE c.oid = 'articles_searchdocument'::regclass), 1) FROM articles_searchterm t),"
        " (SELECT avg(length(ts_filter(n.head, '{a}')))::float8 FROM (SELECT d.head"
        " FROM articles_searchdocument d WHERE d.is_published"
        f" ORDER BY d.published_at DESC, d.article_id DESC LIMIT {AVGTL_PIECES}) AS n)]"
    )


def keep_averages(values: list[float | None] | None) -> None:
    if values is not None:
        dl, tl = (max(float(v or 1.0), 1.0) for v in values)
        _averages.update(dl=dl, tl=tl, at=time.monotonic())


def forget_averages() -> None:
    _averages.clear()


def avgdl() -> float:
    return _averages.get("dl", 1.0)


def avgtl() -> float:
    return _averages.get("tl", 1.0)


def tiered(content_clauses: int) -> bool:
    """Do pieces with every word rank above all others?"""
    return 1 < content_clauses <= ALL_WORDS_TIER_UP_TO


def _pairs(clauses: list[ClauseTerms]) -> list[tuple[str, str, float]]:
    """Adjacent single-word clauses of the query (stop words skipped)."""
    words = [c for c in clauses if len(c.lexemes) == 1]
    return [
        (a.lexemes[0], b.lexemes[0], min(a.idf, b.idf))
        for a, b in zip(words, words[1:], strict=False)
        if a.lexemes[0] != b.lexemes[0]
    ]


def quoted(lexeme: str) -> str:
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def ranked_sql(
    source: Sql,
    clauses: list[ClauseTerms],
    everything: Sql,
    *,
    limit: int,
    offset: int,
) -> Sql:
    """Ids of `source` (a select of article_id) in score order, one page."""
    clauses = [c for c in clauses if c.lexemes]  # a stop word alone has none
    all_lexemes = sorted({lexeme for c in clauses for lexeme in c.lexemes})
    tf_items = [
        compose(
            "coalesce(sum(cardinality(u.positions)) FILTER (WHERE u.lexeme = ANY({lexemes})),"
            " 0)::float8 / {count} AS {name}",
            lexemes=value(list(clause.lexemes)),
            count=max(len(clause.lexemes), 1),
            name=identifier(f"tf{i}"),
        )
        for i, clause in enumerate(clauses)
    ]
    parts = []
    for i, clause in enumerate(clauses):
        tf = identifier("t", f"tf{i}")
        fields = compose(
            "c.title_weight * (c.head @@ {in_title})::int"
            " + {head_weight} * (c.head @@ {in_head})::int",
            in_title=clause.in_title,
            head_weight=HEAD_WEIGHT,
            in_head=clause.in_head,
        )
        body = compose(
            "{tf} * {k1_plus_1} / ({tf} + {k1} * (1 - {b} + {b}"
            " * power(length(c.v) / {avgdl}::float8, {dl_power})))",
            tf=tf,
            k1_plus_1=K1 + 1,
            k1=K1,
            b=B,
            avgdl=value(avgdl()),
            dl_power=DL_POWER,
        )
        score = compose(
            "(CASE WHEN c.v @@ {query} THEN {idf} * ({fields} + {body}) ELSE 0 END)",
            query=clause.query,
            idf=value(clause.idf),
            fields=fields,
            body=body,
        )
        if clause.exact is not None:
            score = compose(
                "(CASE WHEN c.v @@ {exact} THEN 1 ELSE {typo} END) * {score}",
                exact=clause.exact,
                typo=TYPO_FACTOR,
                score=score,
            )
        parts.append(score)
    for a, b, weight in _pairs(clauses):
        near = " | ".join(f"({quoted(a)} <{n}> {quoted(b)})" for n in range(1, PROXIMITY_SPAN + 1))
        parts.append(
            compose(
                "(CASE WHEN c.v @@ {near}::tsquery THEN {bonus} ELSE 0 END)",
                near=value(near),
                bonus=value(PROXIMITY * weight),
            )
        )
    score = join(parts, "+") if parts else Sql("(0)")
    if tiered(len(clauses)):
        tier = compose(
            "(CASE WHEN c.v @@ {everything} THEN {all_clauses} ELSE 0 END)",
            everything=everything,
            all_clauses=ALL_CLAUSES,
        )
    else:
        tier = Sql("0")
    # The title bonus of this piece, shorter titles' larger.
    title_weight = compose(
        "{title_weight} / ({one_minus_b} + {title_b} * length(ts_filter(d.head, '{{a}}'))"
        " / {avgtl}::float8)",
        title_weight=TITLE_WEIGHT,
        one_minus_b=1 - TITLE_B,
        title_b=TITLE_B,
        avgtl=value(avgtl()),
    )
    return compose(
        # The candidates' vectors, read once: `|| ''` makes an in-memory copy, so the
        # tests below do not each decompress the stored (toasted) vector again.
        "WITH c AS MATERIALIZED (SELECT d.article_id, d.published_at, d.head,"
        " d.vector || ''::tsvector AS v, {title_weight} AS title_weight"
        " FROM articles_searchdocument d"
        " JOIN ({source}) AS s USING (article_id)),"
        # Occurrences of the query's lexemes only: setweight marks them D (the index
        # weighs every field A, B or C), ts_filter keeps them, unnest lists them.
        " t AS MATERIALIZED (SELECT c.article_id, {tf_select} FROM c"
        " LEFT JOIN LATERAL unnest(ts_filter(setweight(c.v, 'D', {lexemes}::text[]), '{{d}}'))"
        " AS u ON TRUE GROUP BY c.article_id)"
        " SELECT c.article_id FROM c JOIN t USING (article_id)"
        " ORDER BY {tier} + {score} DESC, c.published_at DESC, c.article_id DESC"
        " LIMIT {limit} OFFSET {offset}",
        title_weight=title_weight,
        source=source,
        tf_select=separated(tf_items) if tf_items else Sql("0 AS tf0"),
        lexemes=value(all_lexemes),
        tier=tier,
        score=score,
        limit=limit,
        offset=offset,
    )

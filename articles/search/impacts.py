"""Impact lists: the candidates of a search over a large archive.

A piece's score is a sum over the query's clauses of idf x impact (scoring.py),
and for a one-word clause the impact depends only on the piece and the word: its
fields, how often it occurs, how long the piece is. So for every term in more
than LIST_MIN_DF pieces, the pieces where it weighs most are kept in advance
(articles_searchimpact, best first), and a search reads the first few hundred of
each of its terms' lists instead of walking the archive newest first. The
pieces read are then scored exactly (scoring.ranked_sql) like any other
candidates.

A list holds *every* published piece whose impact is above the list's floor, so
an unlisted piece never scores more than idf x floor for that word; the floor is
chosen when the list is built, from a sample, so that about LIST_DEPTH pieces
are above it. Pieces written later are listed by a trigger (schema.IMPACT_REFRESH)
when they clear the floor, which keeps that promise without re-sorting anything.

rebuild() builds every list in one pass over the documents (after the lexicon
is counted); the search falls back to its bucket reads for a term that grew
common since (run `manage.py search_impacts` now and then, or after a large import).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from django.db import connection, transaction

from articles.search import schema as search_schema
from articles.search import scoring
from articles.sql import Sql, compose, separated, value

# Terms in more pieces than this get a list; a rarer term's matches are read whole.
LIST_MIN_DF = 1000
# About this many pieces per list (the floor is the sample's impact at this rank).
LIST_DEPTH = 1000
# A search reads this many of each list's best pieces, at least, and READ_PER_ROW
# per row of the page it needs (more with a filter, which most of them miss).
READ_MIN = 200
READ_PER_ROW = 10
FILTERED_READ = 4000
# One word: its list is in score order (but for the average length drifting since
# the list was built, and the last word's completions).
ONE_WORD_MARGIN = 40
# Rare (unlisted) words: at most this many of their pieces are read whole.
WHOLE_READ = 1500
# Pieces read for words in their heads or titles (a prefix's completions): at most
# this many.
HEADS_READ = 1000
# The last word's completions (a prefix) read at most this many more lists, each a
# share of the depth.
COMPLETIONS_READ = 4
# Pages deeper than this many rows are ranked by the bucket reads (deep.py keeps them).
MAX_ROWS = 200
# The floors are measured on one piece in SAMPLE of a large archive.
SAMPLE = 64
BATCH = 50_000
# The advisory lock a rebuild holds (exclusive) and searches and writers test (shared).
BUILD_LOCK = search_schema.IMPACTS_LOCK


def _averages(cursor) -> tuple[float, float]:
    """The average piece and title lengths the search scores with (scoring.py), so
    that a list's order is the score's order."""
    averages = compose("SELECT {averages}", averages=scoring.avgdl_expression())
    cursor.execute(averages.sql, averages.params)
    dl, tl = cursor.fetchone()[0]
    return max(dl or 1.0, 1.0), max(tl or 1.0, 1.0)


def _sample_step(cursor) -> int:
    """Every piece of a small archive, one in SAMPLE of a large one."""
    cursor.execute("SELECT count(*) FROM articles_searchdocument WHERE is_published")
    published = cursor.fetchone()[0]
    return SAMPLE if published > SAMPLE * LIST_DEPTH * 4 else 1


FLOORS_SQL = """
INSERT INTO articles_impactlist (term, floor, avgdl, avgtl)
SELECT t.term, coalesce(s.impact, 0), %(avgdl)s, %(avgtl)s
  FROM articles_searchterm t
  LEFT JOIN (
    SELECT r.lexeme, r.impact FROM (
      SELECT u.lexeme, x.impact,
             row_number() OVER (PARTITION BY u.lexeme ORDER BY x.impact DESC) AS rank
        FROM articles_searchdocument d
       CROSS JOIN LATERAL unnest(d.vector) AS u
       CROSS JOIN LATERAL (SELECT archive_search_impact(u.weights, cardinality(u.positions),
                                  length(d.vector), %(avgdl)s,
                                  length(ts_filter(d.head, '{a}')), %(avgtl)s) AS impact) AS x
       WHERE d.is_published
         AND d.article_id = ANY(ARRAY(SELECT generate_series(min(article_id), max(article_id),
                                                             %(step)s)
                                        FROM articles_searchdocument))
         AND u.lexeme IN (SELECT term FROM articles_searchterm WHERE ndoc > %(min_df)s)
    ) AS r WHERE r.rank = %(rank)s
  ) AS s ON s.lexeme = t.term
 WHERE t.ndoc > %(min_df)s
"""


def _list(where: Sql) -> Sql:
    """Every published piece of `where`, each listed term it holds above the floor:
    the trigger's own listing (schema.impact_entries), for many pieces at once."""
    return compose(
        "INSERT INTO articles_searchimpact (article_id, term, impact)"
        " SELECT e.* FROM articles_searchdocument d"
        " CROSS JOIN LATERAL ({entries}) AS e WHERE d.is_published AND {where}",
        entries=Sql(search_schema.impact_entries("d")),
        where=where,
    )


def rebuild(
    progress: Callable[[int, int], None] | None = None,
    *,
    min_df: int = LIST_MIN_DF,
    depth: int = LIST_DEPTH,
) -> int:
    """Recompute every list from the documents and the lexicon; returns the entries written."""
    with connection.cursor() as cursor, transaction.atomic():
        # Searches and writers see the lock and stay off the tables until the commit
        # (the lexicon item below; the trigger queues into the backlog).
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [BUILD_LOCK])
        cursor.execute("SET LOCAL statement_timeout = 0")
        cursor.execute("SET LOCAL work_mem = '256MB'")
        # The impact function follows scoring.py's constants as they are now (the
        # database holds those of the day it was migrated, or last rebuilt).
        cursor.execute(search_schema.impact_function().create)
        cursor.execute("TRUNCATE articles_impactlist, articles_searchimpact")
        step = _sample_step(cursor)
        avgdl, avgtl = _averages(cursor)
        cursor.execute(
            FLOORS_SQL,
            {
                "avgdl": avgdl,
                "avgtl": avgtl,
                "step": step,
                "min_df": min_df,
                "rank": max(1, math.ceil(depth / step)),
            },
        )
        cursor.execute(
            "SELECT coalesce(min(article_id), 0), coalesce(max(article_id), -1)"
            " FROM articles_searchdocument"
        )
        low, high = cursor.fetchone()
        written = 0
        for start in range(low, high + 1, BATCH):
            batch = _list(
                compose(
                    "d.article_id >= {low} AND d.article_id < {high}", low=start, high=start + BATCH
                )
            )
            cursor.execute(batch.sql, batch.params)
            written += cursor.rowcount
            if progress:
                progress(min(start + BATCH, high + 1) - low, high + 1 - low)
        _list_backlog(cursor)
        cursor.execute("ANALYZE articles_impactlist")
        cursor.execute("ANALYZE articles_searchimpact")
    # Writers that committed between the backlog's read and the rebuild's commit.
    with connection.cursor() as cursor, transaction.atomic():
        _list_backlog(cursor)
    return written


def _list_backlog(cursor) -> None:
    cursor.execute("DELETE FROM articles_impactbacklog RETURNING article_id")
    queued = [row[0] for row in cursor.fetchall()]
    if queued:
        _refresh(cursor, queued)


def refresh(article_ids: list[int]) -> None:
    """The bulk writer's share of the trigger's work: these pieces' entries, anew (or,
    while the lists are rebuilt, queued for the rebuild)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock_shared(%s)", [BUILD_LOCK])
        if not cursor.fetchone()[0]:
            cursor.execute(
                "INSERT INTO articles_impactbacklog (article_id) SELECT unnest(%s::bigint[])"
                " ON CONFLICT DO NOTHING",
                [list(article_ids)],
            )
            return
        _refresh(cursor, list(article_ids))


def _refresh(cursor, article_ids: list[int]) -> None:
    cursor.execute("DELETE FROM articles_searchimpact WHERE article_id = ANY(%s)", [article_ids])
    listed = _list(compose("d.article_id = ANY({ids})", ids=value(article_ids)))
    cursor.execute(listed.sql, listed.params)


# --- The search's side --------------------------------------------------------


def lexicon_sql(lexemes: list[str]) -> Sql:
    """A select-list item: which of these lexemes have a list, and each one's
    document frequency ({"listed": [...], "df": {lexeme: n}})."""
    return compose(
        "(SELECT json_build_object("
        # No lists while they are rebuilt (the rebuild holds the lock): the buckets.
        "'listed', CASE WHEN pg_try_advisory_xact_lock_shared({lock}) THEN"
        " (SELECT coalesce(array_agg(term), '{{}}') FROM articles_impactlist"
        " WHERE term = ANY({lexemes}::text[])) ELSE '{{}}' END,"
        "'df', (SELECT coalesce(json_object_agg(term, ndoc), '{{}}') FROM articles_searchterm"
        " WHERE term = ANY({lexemes}::text[]))))",
        lock=BUILD_LOCK,
        lexemes=value(lexemes),
    )


def read_depth(rows: int, *, clauses: int, filtered: bool) -> int:
    """How far down each list to read. One word: the list is in score order already,
    so a margin over the page will do; several: a piece high in the ranking may be
    middling in each word's list."""
    if filtered:
        return max(FILTERED_READ, READ_PER_ROW * rows)
    if clauses == 1:
        return rows + ONE_WORD_MARGIN
    return max(READ_MIN, READ_PER_ROW * rows)


@dataclass(frozen=True)
class Plan:
    single: bool  # one clause of one lexeme
    reads: list[tuple[str, int]]  # (listed lexeme, how many of its list)
    whole: list[str]  # unlisted lexemes whose every piece is read
    heads: list[str]  # unlisted lexemes read from titles, standfirsts and bylines only
    titles: list[str] = ()  # prefixes (`word:*`) read from titles only

    @property
    def one_list(self) -> str | None:
        """The query is one listed word and nothing else: its list is its ranking."""
        if len(self.reads) == 1 and self.single and not (self.whole or self.heads or self.titles):
            return self.reads[0][0]
        return None


def plan(
    clauses: list[tuple[tuple[str, ...], bool]],
    listed: frozenset[str],
    df: dict[str, int],
    depth: int,
) -> Plan | None:
    """Where this page's candidates come from, or None when the lists cannot say:
    a phrase or a corrected word (the buckets order those), or a word grown common
    since the lists were built.

    `clauses`: each clause's lexemes (the typed word's first, then the completions
    of a last word read as a prefix; past tsquery.PREFIX_WORDS completions it stays
    a prefix, `word:*`, read from the heads) and whether it needs the buckets. Each listed
    lexeme reads `depth` of its list (a completion a share); the unlisted ones are
    rare: a clause without a list reads its pieces whole, commonest word first, up
    to WHOLE_READ pieces in all, and the rest (with a listed word's rare
    completions) from the heads (a title mention scores high, a body mention of a
    rare completion seldom matters)."""
    reads: dict[str, int] = {}
    unlisted: list[str] = []
    heads: list[str] = []
    titles: list[str] = []
    for lexemes, needs_buckets in clauses:
        if needs_buckets:
            return None
        # A prefix kept as such scores its completions by their field bonus alone (tf
        # counts the typed word): beside a rare typed word its titles are read, which
        # outscore the rest; beside a listed one (say "state", in 95,000 titles with
        # its completions at a million pieces) the list's pieces, with the word's tf
        # on top of the bonus, outscore them.
        prefixes = [lexeme for lexeme in lexemes if lexeme.endswith(":*")]
        lexemes = [lexeme for lexeme in lexemes if not lexeme.endswith(":*")]
        found = [lexeme for lexeme in lexemes if lexeme in listed]
        if not found:
            titles += prefixes
        # The typed word first, then its commonest completions; the others from the heads.
        found[1:] = sorted(found[1:], key=lambda x: (-df.get(x, 0), x))
        for rank, lexeme in enumerate(found[: 1 + COMPLETIONS_READ]):
            share = depth if rank == 0 else max(depth // COMPLETIONS_READ, 1)
            reads[lexeme] = max(reads.get(lexeme, 0), share)
        heads.extend(found[1 + COMPLETIONS_READ :])
        rest = [lexeme for lexeme in lexemes if lexeme not in listed]
        if any(df.get(lexeme, 0) > LIST_MIN_DF for lexeme in rest):
            return None  # a word grown common since the lists were built
        # Beside a listed word, its rare completions only from the heads.
        (heads if found else unlisted).extend(rest)
    whole, budget = [], WHOLE_READ
    for lexeme in sorted(dict.fromkeys(unlisted), key=lambda x: (-df.get(x, 0), x)):
        if df.get(lexeme, 0) <= budget:
            whole.append(lexeme)
            budget -= df.get(lexeme, 0)
        else:
            heads.append(lexeme)
    heads = sorted(set(heads))
    single = len(clauses) == 1 and len(clauses[0][0]) == 1
    return Plan(single, sorted(reads.items()), whole, heads, sorted(set(titles)))


def ranked(term: str, where: Sql, *, limit: int, offset: int) -> Sql:
    """One page of a one-word query straight from the word's list: the same order as
    scoring it (idf is the same for every piece; ties go to the newer piece), with
    no vector read. Fewer rows than `limit` when the page is past the list."""
    return compose(
        "SELECT i.article_id FROM articles_searchimpact i"
        " JOIN articles_searchdocument d ON d.article_id = i.article_id"
        " WHERE i.term = {term} AND {where}"
        " ORDER BY i.impact DESC, d.published_at DESC, d.article_id DESC"
        " LIMIT {limit} OFFSET {offset}",
        term=value(term),
        where=where,
        limit=int(limit),
        offset=int(offset),
    )


def _tsquery_lexeme(lexeme: str) -> str:
    if lexeme.endswith(":*"):
        return scoring.quoted(lexeme[:-2]) + ":*"
    return scoring.quoted(lexeme)


def candidates(plan: Plan, within: list[int] | None, all_in_head: Sql | None = None) -> Sql:
    """Ids: the lists' first pieces, the unlisted words' pieces (whole or from the
    heads), and `within` (the pieces with every word, when they are known and few)."""
    parts = [
        compose(
            "SELECT l.article_id FROM unnest({terms}::text[], {depths}::int[]) AS t(term, depth)"
            " CROSS JOIN LATERAL (SELECT i.article_id FROM articles_searchimpact i"
            " WHERE i.term = t.term ORDER BY i.impact DESC LIMIT t.depth) AS l",
            terms=value([term for term, _ in plan.reads]),
            depths=value([depth for _, depth in plan.reads]),
        )
    ]
    reads = (
        (Sql("d.vector"), plan.whole, Sql("")),
        (Sql("d.head"), plan.heads, compose(" LIMIT {cap}", cap=HEADS_READ)),
        (
            Sql("archive_search_title(d.head, d.published_at)"),
            plan.titles,
            compose(" LIMIT {cap}", cap=HEADS_READ),
        ),
    )
    for column, lexemes, cap in reads:
        if lexemes:
            query = " | ".join(_tsquery_lexeme(lexeme) for lexeme in lexemes)
            parts.append(
                compose(
                    "(SELECT d.article_id FROM articles_searchdocument d"
                    " WHERE {column} @@ {query}::tsquery{cap})",
                    column=column,
                    query=value(query),
                    cap=cap,
                )
            )
    if all_in_head is not None:
        # Several words: the pieces with all of them in the head (title, standfirst,
        # bylines) add up field bonuses no single word's list ranks them by.
        parts.append(
            compose(
                "(SELECT d.article_id FROM articles_searchdocument d"
                " WHERE d.head @@ {query} LIMIT {cap})",
                query=all_in_head,
                cap=HEADS_READ,
            )
        )
    if within:
        parts.append(compose("SELECT unnest({ids}::bigint[])", ids=value(within)))
    return separated(parts, " UNION ")

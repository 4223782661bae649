"""Which pieces match, how many, and which of them the score looks at.

The score itself (BM25 with field weights) is in scoring.py. This module sizes
the match set on a fixed 1-in-64 sample and picks the candidates: a set of up to
about 1,000 matches is scored whole; a larger one is read from its best buckets
(every clause in the title, in the head, some in the head, anywhere), newest
first through the date index or whole through GIN, whichever visits fewer rows,
and the score orders what was read (at least SCORED_CANDIDATES pieces; a worse
bucket is read only when the better ones hold too few). `exhaustive=True` (the
benchmark's naive baseline) scores and counts every match whatever its size: the
exact ranking that the candidates' recall is measured against.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.db import connection

from articles.search import impacts, scoring
from articles.search.schema import FINE_SAMPLE_MODULUS, SAMPLE_MODULUS, sample_condition
from articles.search.tsquery import Tsqueries
from articles.sql import Sql, compose, separated, value

# Count matches up to this many; beyond it the total is estimated from a sample.
COUNT_CAP = 1000
# Scoring every match is cheap up to about this many matches.
RANK_ALL_LIMIT = COUNT_CAP
# The fixed 1-in-64 sample of the archive (its partial indexes: schema.py), in the
# words of the indexes' condition, or PostgreSQL would not use them.
SAMPLE_SQL = sample_condition(SAMPLE_MODULUS)
# A finer sample for facet counts when the 1-in-64 one holds more than
# FINE_SAMPLE_ABOVE matches.
FINE_SAMPLE_SQL = sample_condition(FINE_SAMPLE_MODULUS)
FINE_SAMPLE_ABOVE = 500
# The fine sample alone sizes the buckets once it sees this many matches.
FINE_ENOUGH = 30
# Up to this many titles in the fine sample, the title bucket is counted in the
# 1-in-64 one (at most about 16 times as many rows).
FEW_FINE_TITLES = 40
# Phrase work (pieces with all the words) matters only for sets up to this many
# sampled matches; larger sets are read newest-first anyway.
LOOSE_NEEDED = 200
# Large sets: the score orders at least this many pieces from the best buckets.
SCORED_CANDIDATES = 60


DOC = "articles_searchdocument d"
_DOC = Sql(DOC)
_SAMPLE = Sql(SAMPLE_SQL)


def lexemes(clause: Sql, *, mark_prefixes: bool = False) -> tuple[str, ...]:
    """A resolved clause's lexemes (its tsquery texts are its parameters)."""
    return scoring.lexemes(" ".join(str(p) for p in clause.params), mark_prefixes=mark_prefixes)


@dataclass
class Stats:
    nodes: int  # lexemes in the full query: 0 means only stop words
    # Matches in the 1-in-64 sample: all clauses; all in titles; all in the head
    # (title, standfirst, authors); some in the head. They choose each read's plan.
    sample_all: int
    # Sampled pieces holding every word anywhere (phrases loosened to AND): the
    # work a GIN read of a phrase does before checking word positions.
    sample_loose: int | None
    sample_title: int | None
    # Sampled pieces with every word in the title, phrases loosened: what reading
    # the title bucket through its index visits (None: not counted, assume many).
    sample_title_words: int | None
    sample_head: int | None
    sample_anyhead: int | None
    # The matching ids, capped at COUNT_CAP + 1; None when the sample says "many".
    # Later queries start from them instead of the GIN index: for a phrase of
    # common words, that read checks the positions of every piece with the words.
    all_ids: list[int] | None
    sample_any: int | None  # relaxed matching, asked only when few pieces match all
    any_ids: list[int] | None  # ditto, None when many
    idf: list[float]  # per clause
    total_docs: int = 0
    # The query's lexemes that have an impact list (impacts.py), and every query
    # lexeme's document frequency.
    listed: frozenset[str] = frozenset()
    lexeme_df: dict[str, int] = field(default_factory=dict)
    # The years the published archive spans (the titles' index is read by year).
    first_year: int = 0
    last_year: int = 0

    @property
    def years(self) -> int:
        return max(self.last_year - self.first_year + 1, 1)

    @property
    def estimated_all(self) -> int:
        return self.sample_all * SAMPLE_MODULUS

    @property
    def exact_all(self) -> int | None:
        return None if self.all_ids is None else len(self.all_ids)

    @property
    def exact_any(self) -> int | None:
        return None if self.any_ids is None else len(self.any_ids)


def estimate(sample: int | None) -> int:
    return (sample or 0) * SAMPLE_MODULUS


def _fetch(sql: Sql):
    with connection.cursor() as cursor:
        cursor.execute(sql.sql, sql.params)
        return cursor.fetchall()


def select_list(parts: list[Sql]) -> Sql:
    return compose("SELECT {items}", items=separated(parts))


# A sampled size standing for "unknown, assume the whole archive".
MANY = 10**9

# Below this many sampled matches (about COUNT_CAP pieces) a set is read whole
# through its GIN index; above it, newest-first through the date index.
SMALL_SAMPLE = COUNT_CAP // SAMPLE_MODULUS


def capped_ids(match: Sql, filters: Sql, cap: int = COUNT_CAP) -> Sql:
    # Ordered by an expression no index provides, so the plan collects the matches
    # through the GIN index instead of walking the date index hoping to meet them.
    return compose(
        "(SELECT coalesce(array_agg(capped.article_id), '{{}}') FROM (SELECT d.article_id"
        " FROM {doc} WHERE {filters} AND {match}"
        " ORDER BY d.article_id + 0 LIMIT {limit}) AS capped)",
        doc=_DOC,
        filters=filters,
        match=match,
        limit=cap + 1,
    )


def known(ids: list[int] | None) -> Sql | None:
    """Membership in a complete id set (None when capped or not computed)."""
    if ids is None or len(ids) > COUNT_CAP:
        return None
    return Sql("d.article_id = ANY(%s)", (ids,))


def sample_count(match: Sql, filters: Sql) -> Sql:
    return compose(
        "(SELECT count(*) FROM {doc} WHERE {sample} AND {filters} AND {match})",
        doc=_DOC,
        sample=_SAMPLE,
        filters=filters,
        match=match,
    )


# "Did you mean" wants words one or two edits away, which are this similar or more;
# the default 0.3 makes the trigram index hand over far more candidates.
TRIGRAM_THRESHOLD = 0.5


SEARCH_WORK_MEM = "32MB"


def plan_settings(extra: list[Sql] = ()) -> list:
    """For this transaction: no sequential scans of the index table (the planner
    cannot estimate phrases of common words and would read a million vectors), no
    JIT compilation and no parallel workers (starting them costs more than these
    queries, which read a few thousand rows at most, and they take cores from
    other requests), a stricter trigram match, and room for the GIN index's
    bitmaps: the last word also matches as a prefix, and GIN collects a prefix's
    matches in a bitmap that, past work_mem (4 MB by default), turns lossy, so
    every piece on a lossy page has its vector read and checked (a two-word
    query at a million pieces: 26,349 rows rechecked instead of 9,446, 1.3 s
    instead of 0.26 s). SEARCH_WORK_MEM holds a bitmap of every page of a
    million-piece index.
    `extra` select-list items ride along in the same round trip; their values
    are returned."""
    row = _fetch(
        select_list(
            [
                Sql(
                    "set_config('enable_seqscan', 'off', true), set_config('jit', 'off', true),"
                    " set_config('max_parallel_workers_per_gather', '0', true),"
                    " set_config('work_mem', %s, true),"
                    " set_config('pg_trgm.similarity_threshold', %s, true)",
                    (SEARCH_WORK_MEM, str(TRIGRAM_THRESHOLD)),
                ),
                *extra,
            ]
        )
    )[0]
    return list(row[5:])


def document_frequency_sql(text: str) -> Sql:
    """A select-list item: in how many pieces the term's rarest lexeme occurs."""
    return Sql(
        "(SELECT coalesce(min(coalesce(t.ndoc, 0)), 0) FROM unnest(archive_search_lexemes(%s))"
        " AS l LEFT JOIN articles_searchterm t ON t.term = l AND t.ndoc > 0)",
        (text,),
    )


def stats(queries: Tsqueries, clause_dfs: list[list[int]], filters: Sql) -> Stats:
    """One query: size of the query, sampled and (when small) exact counts. The
    document frequencies of each clause's terms come from the first query."""
    everything = _vector(queries.everything)
    anything = _vector(queries.anything)
    title = _head(queries.title_all)
    head = _head(queries.positive_all)
    anyhead = _head(queries.positive_any)

    def bucket_counts(sample_sql: str) -> Sql:
        return compose(
            "(SELECT ARRAY[count(*), count(*) FILTER (WHERE {title}),"
            " count(*) FILTER (WHERE {head}), count(*) FILTER (WHERE {anyhead})]"
            " FROM {doc} WHERE {sample} AND {filters} AND {everything})",
            title=title,
            head=head,
            anyhead=anyhead,
            doc=_DOC,
            sample=Sql(sample_sql),
            filters=filters,
            everything=everything,
        )

    # Bucket sizes, in units of the 1-in-64 sample: from the 1-in-1024 sample when it
    # already sees plenty (a word in most of the archive: the coarse sample would
    # be thousands of rows), else from the 1-in-64 one.
    fine, coarse = bucket_counts(FINE_SAMPLE_SQL), bucket_counts(SAMPLE_SQL)
    ratio = FINE_SAMPLE_MODULUS // SAMPLE_MODULUS
    # A few titles in the fine sample size the title bucket poorly (3 seen for 8
    # expected), and reading it from its recent years needs its size: the 1-in-64
    # sample's titles have their own index (schema.SAMPLE_TITLE_INDEX) and are counted there.
    # (A title with the words has them in the vector too: only exclusions are asked
    # of the vector, never a phrase of common words' positions.)
    sampled_titles = _title(queries.positive_all) & _keep(queries)
    coarse_titles = compose(
        "(SELECT count(*) FROM {doc} WHERE {sample} AND {filters} AND {titles})",
        doc=_DOC,
        sample=_SAMPLE,
        filters=filters,
        titles=sampled_titles,
    )
    # Not for a phrase: its words may fill a great many titles, each to be checked.
    titles_coarse = compose(
        "f.c[1] >= {enough} AND f.c[2] <= {few} AND ({everything})::text !~ '<'",
        enough=FINE_ENOUGH,
        few=FEW_FINE_TITLES,
        everything=queries.everything,
    )
    sample = compose(
        "(SELECT f.c[1] AS fine_n, f.titles_coarse, CASE WHEN f.titles_coarse"
        " THEN ARRAY[f.c[1] * {ratio}, {coarse_titles}, f.c[3] * {ratio}, f.c[4] * {ratio}]"
        " WHEN f.c[1] >= {enough}"
        " THEN ARRAY[f.c[1] * {ratio}, f.c[2] * {ratio}, f.c[3] * {ratio}, f.c[4] * {ratio}]"
        " ELSE {coarse} END AS c FROM (SELECT f.c, {titles_coarse} AS titles_coarse"
        " FROM (SELECT {fine} AS c OFFSET 0) AS f OFFSET 0) AS f"
        " OFFSET 0) AS s",  # fences: computed once, not once per use of s.c
        ratio=ratio,
        coarse_titles=coarse_titles,
        enough=FINE_ENOUGH,
        coarse=coarse,
        titles_coarse=titles_coarse,
        fine=fine,
    )
    exact_all = capped_ids(everything, filters)
    loose = _vector(queries.loose_everything)
    loose_sample = sample_count(loose, filters)
    # Only a phrase makes the title words differ from the title bucket: then count
    # them (in the sample's pieces with the words anywhere, through its index).
    loose_title = _title(queries.loose_positive_all)
    title_words = compose(
        "CASE WHEN ({everything})::text !~ '<' THEN s.c[2]"
        " WHEN s.c[2] <= {small} THEN"
        " (SELECT count(*) FROM {doc} WHERE {sample} AND {filters} AND {loose}"
        " AND {loose_title}) END",
        everything=queries.everything,
        small=SMALL_SAMPLE,
        doc=_DOC,
        sample=_SAMPLE,
        filters=filters,
        loose=loose,
        loose_title=loose_title,
    )
    if len(clause_dfs) > 1:
        any_sample = sample_count(anything, filters)
        exact_any = capped_ids(anything, filters)
        # Asked when few pieces hold every clause: then those with some of them follow.
        relaxed = [
            Sql(f"CASE WHEN s.c[1] <= {SMALL_SAMPLE} THEN {any_sample.sql} END", any_sample.params),
            compose(
                "CASE WHEN s.c[1] <= {small} THEN (SELECT CASE WHEN sa.n <= {small}"
                " THEN {exact_any} END FROM (SELECT {any_sample} AS n) AS sa) END",
                small=SMALL_SAMPLE,
                exact_any=exact_any,
                any_sample=any_sample,
            ),
        ]
    else:
        relaxed = [Sql("NULL"), Sql("NULL")]
    select = [
        Sql(f"numnode({queries.everything.sql})", queries.everything.params),
        Sql("s.fine_n, s.titles_coarse, s.c[1], s.c[2], s.c[3], s.c[4]"),
        title_words,
        Sql(f"CASE WHEN s.c[1] <= {LOOSE_NEEDED} THEN {loose_sample.sql} END", loose_sample.params),
        # Exact when reading every match through the GIN index is cheap (few
        # matches and, for phrases, few pieces with all the words), or when the
        # sample saw none (then only an exact count can tell "none" from "a few").
        compose(
            "CASE WHEN s.c[1] <= {small} AND (s.c[1] = 0 OR {loose_sample} <= {small})"
            " THEN {exact_all} END",
            small=SMALL_SAMPLE,
            loose_sample=loose_sample,
            exact_all=exact_all,
        ),
        *relaxed,
        Sql(
            "(SELECT CASE WHEN c.reltuples < 10000 THEN"
            " (SELECT count(*) FROM articles_searchdocument WHERE is_published)"
            " ELSE c.reltuples::bigint END FROM pg_class c"
            " WHERE c.oid = 'articles_searchdocument'::regclass)"
        ),
        # Through the date index: its first and last entries.
        Sql(
            f"(SELECT {YEAR_OF.format('min(d.published_at)')} FROM {DOC} WHERE d.is_published),"
            f" (SELECT {YEAR_OF.format('max(d.published_at)')} FROM {DOC}"
            " WHERE d.is_published AND d.published_at <= now())"
        ),
    ]
    select.append(impacts.lexicon_sql(sorted({lx for c in queries.clauses for lx in lexemes(c)})))
    query = select_list(select)
    row = _fetch(compose("{query} FROM {sample}", query=query, sample=sample))[0]
    (nodes, fine_n, titles_coarse, n, n_title, n_head, n_anyhead, n_title_words, n_loose, exact,
     sample_any, exact_any_value, total_docs, first_year, last_year, lexicon) = row  # fmt: skip
    if fine_n >= FINE_ENOUGH:
        # Scaled from the fine sample, a bucket it missed is "unknown", not empty.
        n_head, n_anyhead = (x or None for x in (n_head, n_anyhead))
        if not titles_coarse:
            n_title = n_title or None
    # An `or` group is as common as its alternatives together.
    idf = [scoring.idf(sum(dfs), total_docs) for dfs in clause_dfs]
    return Stats(
        nodes=nodes or 0,
        sample_all=n,
        sample_loose=n_loose,
        sample_title=n_title,
        sample_title_words=n_title_words,
        sample_head=n_head,
        sample_anyhead=n_anyhead,
        all_ids=exact,
        sample_any=sample_any,
        any_ids=exact_any_value,
        idf=idf,
        total_docs=total_docs,
        listed=frozenset(lexicon["listed"] or ()),
        lexeme_df=lexicon["df"] or {},
        first_year=first_year or 0,
        last_year=last_year or 0,
    )


NEWEST = "d.published_at DESC, d.article_id DESC"
# The same order, but not one the date index provides: read the set through its
# GIN index, then sort it (right for small sets).
NEWEST_SORTED = "d.published_at + interval '0' DESC, d.article_id DESC"


def _newest(
    where: Sql, filters: Sql, limit: int, *, small: bool | None, only_if: str = "TRUE"
) -> Sql:
    # small: read whole and sort; large: walk the date index; None: planner's choice.
    # only_if: a condition on earlier reads, checked once before this one starts.
    if small is False:
        # The walk, fenced (OFFSET 0) so that the planner cannot turn it into a GIN
        # read it underestimates: it guesses a phrase of common words is in a few
        # dozen titles, and read 256,579 to find 9,598 ("government government").
        return compose(
            "(SELECT d.article_id, d.published_at FROM (SELECT d.article_id, d.published_at,"
            " d.head, d.vector FROM {doc} WHERE {only_if} AND {filters} ORDER BY {order}"
            " OFFSET 0) AS d WHERE {where} LIMIT {limit})",
            doc=_DOC,
            only_if=Sql(only_if),
            filters=filters,
            order=Sql(NEWEST),
            where=where,
            limit=limit,
        )
    return compose(
        "(SELECT d.article_id, d.published_at FROM {doc} WHERE {only_if} AND {filters}"
        " AND {where} ORDER BY {order} LIMIT {limit})",
        doc=_DOC,
        only_if=Sql(only_if),
        filters=filters,
        where=where,
        order=Sql(NEWEST_SORTED if small else NEWEST),
        limit=limit,
    )


def _vector(query: Sql) -> Sql:
    return Sql(f"d.vector @@ {query.sql}", query.params)


def _head(query: Sql) -> Sql:
    return Sql(f"d.head @@ {query.sql}", query.params)


# A piece's year, as the titles' index (schema.SEARCH_TITLE) files it.
YEAR_OF = "extract(year FROM {} AT TIME ZONE 'UTC')::int"
TITLE_VECTOR = "archive_search_title(d.head, d.published_at)"


def _title(query: Sql) -> Sql:
    """The query in the title alone, through the titles' own index (schema.SEARCH_TITLE):
    the same rows as `_head(weighted(query, "A"))`, without visiting every piece
    that has the words in its standfirst or bylines to check their weight."""
    return Sql(f"{TITLE_VECTOR} @@ {query.sql}", query.params)


def _recent_titles(query: Sql, keep: Sql, filters: Sql, limit: int, years: range) -> Sql:
    """The newest `limit` pieces with the query in a title of one of `years`, through
    the titles' index, which files each title under its year too (schema.SEARCH_TITLE):
    only those years' titles are visited, not every title with the words."""
    lexemes = " | ".join(f"'year {year}'" for year in years)
    in_years = compose(
        "{title} @@ ({query} && {years}::tsquery)",
        title=Sql(TITLE_VECTOR),
        query=query,
        years=value(lexemes),
    )
    return _newest(in_years & keep, filters, limit, small=True)


def _older_titles(
    query: Sql, keep: Sql, filters: Sql, limit: int, before: int, *, only_if: str
) -> Sql:
    """The newest `limit` titles with the query from before year `before`, read when
    the recent years fell short."""
    before_year = Sql("d.published_at < make_timestamptz(%s, 1, 1, 0, 0, 0, 'UTC')", (before,))
    return _newest(_title(query) & before_year & keep, filters, limit, small=True, only_if=only_if)


# Each year read costs about as much as visiting this many rows: its entry in the
# titles' index lists every piece of that year (45,000 at a million pieces, 1.5 ms).
YEAR_ENTRY_ROWS = 300
# Read enough recent years for this many times the rows wanted (years differ).
YEARS_MARGIN = 1.5


def title_years(stats: Stats, limit: int, whole: bool | None) -> int | None:
    """The first year of the recent years that should hold the title bucket's newest
    `limit` pieces, when reading just those years through the titles' index
    (`_recent_titles`) visits fewer rows than the read `whole` chooses: every
    title with the words (True) or a newest-first walk of limit x archive /
    bucket pieces (False). None: not worth it, or a filter (the planner decides)."""
    if whole is None or not stats.sample_title or not stats.last_year:
        return None
    size = estimate(stats.sample_title)
    per_year = size / stats.years
    years = math.ceil(YEARS_MARGIN * limit / per_year)
    if years >= stats.years:
        return None
    # For a phrase, the index hands over every title with its words (`work`).
    work = estimate(MANY if stats.sample_title_words is None else stats.sample_title_words)
    recent = years * (per_year * max(work / size, 1) + YEAR_ENTRY_ROWS)
    walk = limit * stats.total_docs / size
    return stats.last_year - years + 1 if recent < (work if whole else walk) else None


def _keep(queries: Tsqueries) -> Sql:
    excluded = queries.excluded
    if excluded is None:
        return Sql("TRUE")
    return Sql(f"d.vector @@ !!{excluded.sql}", excluded.params)


def read_whole(
    stats: Stats, sample: int | None, limit: int, *, work: int | None = None, filtered: bool
) -> bool | None:
    """Read a bucket whole through GIN (True) or newest-first through the date
    index (False)? Newest-first costs about limit x archive / bucket size rows; the
    GIN read costs the pieces its index hands over (`work`: for a phrase, every
    piece with all its words). With a filter the density is unknown here, so the
    planner, which knows the filter, decides (None), unless the sample saw no
    member at all (a newest-first walk could then cover the whole archive), and when
    the sample could not size the bucket (None)."""
    if sample is None:
        return None
    if sample == 0:
        return True
    if filtered:
        return None
    size = estimate(sample)
    gin_rows = estimate(work) if work is not None else size
    return gin_rows <= limit * stats.total_docs / size


def candidates(
    queries: Tsqueries, stats: Stats, filters: Sql, wanted: int, *, relaxed: bool, filtered: bool
) -> Sql:
    """A union of newest-first reads of the best buckets that holds the first
    `wanted` rows of the full ranking (exactly for one-clause queries; for
    several clauses, the mixed bucket is read `4 x wanted` deep). Each read
    takes the plan its sampled size calls for."""
    deep = max(4 * wanted, 400)
    keep = _keep(queries)

    def small(sample: int | None, limit: int = wanted, work: int | None = None) -> bool | None:
        return read_whole(stats, sample, limit, work=work, filtered=filtered)

    if not relaxed:
        return _nested_buckets(queries, stats, filters, wanted, deep, keep, small)
    parts: list[Sql] = []
    if len(queries.clauses) <= 6:
        parts += [
            _newest(_vector(without), filters, wanted, small=True)
            for without in queries.without_each
        ]
    parts += [
        _newest(_head(queries.positive_any) & keep, filters, deep, small=False),
        _newest(_vector(queries.anything), filters, wanted, small=small(stats.sample_any)),
    ]
    return separated(parts, " UNION ")


# Visiting a piece's row costs about this fraction of reading its word positions
# (the body vector, a few kilobytes, stored out of line).
ROW_VS_POSITIONS = 0.2


def phrase_first_by_words(stats: Stats, wanted: int, whole: bool | None) -> bool:
    """Read a phrase's matches newest-first among the pieces that have its words
    (`_newest_phrase`) rather than walking the whole archive newest-first or
    checking every such piece? Only for phrases of words far commoner than the
    phrase itself (say "workers political": tens of thousands of pieces with both
    words, a few hundred with the phrase), and when the planner is not left to
    choose (a filter)."""
    if stats.sample_loose is None or not stats.sample_all or whole is None:
        return False
    if stats.sample_loose <= stats.sample_all:
        return False  # no phrase, or one as common as its words
    size, loose = estimate(stats.sample_all), estimate(stats.sample_loose)
    by_words = loose * ROW_VS_POSITIONS + wanted * loose / size
    walk = wanted * stats.total_docs / size
    return by_words < (loose if whole else walk)


def _newest_phrase(query: Sql, loose: Sql, filters: Sql, limit: int, *, only_if: str) -> Sql:
    """The newest `limit` matches of a phrase query: the pieces holding its words come
    from the GIN index (no positions needed), newest first, and only those are
    checked for the phrase, one by one until enough match."""
    words = _vector(loose)
    return compose(
        # Sorted once (the key is a column, so the join keeps the order and the
        # limit stops the phrase checks early).
        "(SELECT w.article_id, w.published_at FROM (SELECT d.article_id, d.published_at,"
        " d.published_at + interval '0' AS at"
        " FROM {doc} WHERE {only_if} AND {filters} AND {words}"
        " ORDER BY at DESC, d.article_id DESC OFFSET 0) AS w"
        " CROSS JOIN LATERAL (SELECT 1 FROM {doc} WHERE d.article_id = w.article_id"
        " AND d.vector @@ {query} OFFSET 0) AS phrase"
        " ORDER BY w.at DESC, w.article_id DESC LIMIT {limit})",
        doc=_DOC,
        only_if=Sql(only_if),
        filters=filters,
        words=words,
        query=query,
        limit=limit,
    )


def ranked_by_bucket(queries: Tsqueries, *, relaxed: bool) -> bool:
    """Do the candidates come ranked (`bucket`, `published_at`)? For one clause
    matched whole: a piece's score is its best bucket's (title 1.0, head 0.4, body
    0.2, no phrase bonus), and a worse bucket is read only when the better ones are
    complete, so the bucket ranks the rows and none need scoring."""
    # (A corrected word's matches must be scored: they rank below exact ones.)
    return not relaxed and len(queries.clauses) == 1 and not queries.exact_clauses


def fewer_than(reads: list[str], wanted: int) -> str:
    """True when the named reads (CTEs) hold fewer than `wanted` distinct pieces."""
    union = " UNION ".join(f"SELECT article_id FROM {name}" for name in reads)
    return f"(SELECT count(*) FROM ({union}) AS read) < {wanted}"


def _nested_buckets(queries, stats, filters, wanted, deep, keep, small) -> Sql:
    """The buckets of pieces with every clause, best first, each read only when
    the better ones hold fewer than `wanted` pieces. A piece with every clause in
    its title outscores any other (the phrase bonus is less than the 0.6 x IDF a
    clause loses outside the title), and one with some clause in its head any
    with all in the body, so a full better bucket makes the worse ones moot: page
    50 of a common word, whose title bucket alone is thousands deep, no longer
    walks the body matches newest-first checking each vector."""
    everything = queries.everything
    title_whole = small(
        stats.sample_title,
        work=MANY if stats.sample_title_words is None else stats.sample_title_words,
    )
    # The titles' index serves a whole read. Where the planner chooses (a filter),
    # the same condition on the head: the planner misjudges the titles' index (it
    # guessed 9,975 titles with "government" and read 256,579 to intersect them
    # with a publication's 24,952 pieces).
    in_title = _title(queries.positive_all) if title_whole else _head(queries.title_all)
    since = title_years(stats, wanted, title_whole)
    if since is None:
        reads = {"t": _newest(in_title & keep, filters, wanted, small=title_whole)}
    else:
        # The recent years, and the older ones only when those fall short.
        years = range(since, stats.last_year + 1)
        reads = {
            "t": _recent_titles(queries.positive_all, keep, filters, wanted, years),
            "t_older": _older_titles(
                queries.positive_all,
                keep,
                filters,
                wanted,
                since,
                only_if=fewer_than(["t"], wanted),
            ),
        }
    title_short = fewer_than(list(reads), wanted)
    reads["h"] = _newest(
        _head(queries.positive_all) & keep,
        filters,
        wanted,
        small=small(stats.sample_head),
        only_if=title_short,
    )
    if len(queries.clauses) > 1:
        # The mixed bucket: some clause in the head, all somewhere. Those with one in
        # the title come first; the rest score below any piece of `h` (0.4 x IDF
        # for each clause but one, which is in the body: 0.2 less than in `h`, more
        # than the phrase bonus), so they are read only when `t` and `h` fall short.
        mixed = _vector(everything)
        mixed_plan = small(stats.sample_anyhead, deep)
        head_short = title_short
        if mixed_plan:  # read whole: the titles' index hands over the first part
            head_short = fewer_than(list(reads), wanted)
            reads["xt"] = _newest(
                _title(queries.positive_any) & mixed,
                filters,
                deep,
                small=True,
                only_if=title_short,
            )
        reads["x"] = _newest(
            _head(queries.positive_any) & mixed,
            filters,
            deep,
            small=mixed_plan,
            only_if=head_short,
        )
    only_if = fewer_than(list(reads), wanted)
    if phrase_first_by_words(stats, wanted, small(stats.sample_all, work=stats.sample_loose)):
        reads["a"] = _newest_phrase(
            everything, queries.loose_everything, filters, wanted, only_if=only_if
        )
    else:
        reads["a"] = _newest(
            _vector(everything),
            filters,
            wanted,
            small=small(stats.sample_all, work=stats.sample_loose),
            only_if=only_if,
        )
    ctes = ", ".join(f"{name} AS MATERIALIZED {read.sql}" for name, read in reads.items())
    params = tuple(param for read in reads.values() for param in read.params)
    if ranked_by_bucket(queries, relaxed=False):
        ranks = {"t": 0, "t_older": 0, "h": 1, "a": 2}
        union = " UNION ALL ".join(
            f"SELECT article_id, published_at, {ranks[name]} AS bucket FROM {name}"
            for name in reads
        )
        return Sql(
            f"WITH {ctes} SELECT article_id, min(published_at) AS published_at,"
            f" min(bucket) AS bucket FROM ({union}) AS ranked GROUP BY article_id",
            params,
        )
    union = " UNION ".join(f"SELECT article_id FROM {name}" for name in reads)
    return Sql(f"WITH {ctes} {union}", params)


def ranked_ids(
    queries: Tsqueries,
    stats: Stats,
    filters: Sql,
    *,
    offset: int,
    limit: int,
    mode: str,
    sort: str,
    exhaustive: bool,
    match_count: int,
    small: bool,
    filtered: bool = False,
    within: Sql | None = None,
) -> list[int]:
    """Article ids of one page, best first (or newest first). `within`: the
    complete set of matches, when the stats query listed it."""
    exact_clauses = queries.exact_clauses or [None] * len(queries.clauses)
    clauses = [
        scoring.ClauseTerms(
            query=clause,
            lexemes=lexemes(clause),
            idf=weight,
            in_title=in_title,
            in_head=in_head,
            exact=exact,
        )
        for clause, weight, exact, in_title, in_head in zip(
            queries.clauses,
            stats.idf,
            exact_clauses,
            queries.clauses_in_title,
            queries.clauses_in_head,
            strict=True,
        )
    ]
    if mode == "some" and not exhaustive and stats.all_ids is not None:
        # Pieces with every word come first when the query is short (a tier), and
        # newest first lists them alone: while they fill the page, the pieces with
        # only some words need not be read.
        tier = scoring.tiered(sum(1 for c in clauses if c.lexemes))
        if sort == "newest" or (tier and len(stats.all_ids) >= offset + limit):
            mode, within, small, match_count = "all", known(stats.all_ids), True, len(stats.all_ids)
    relaxed = mode in ("most", "some")
    if mode == "stopwords":
        match = _head(queries.stopwords)
    elif relaxed:
        match = _vector(queries.anything)
    else:
        match = _vector(queries.everything)
    match = within or match

    if sort == "newest" or mode == "stopwords":
        whole = small or exhaustive
        if not whole and mode == "all":
            whole = read_whole(
                stats, stats.sample_all, offset + limit, work=stats.sample_loose, filtered=filtered
            )
        order = NEWEST_SORTED if whole else NEWEST
        sql = compose(
            "SELECT d.article_id FROM {doc} WHERE {filters} AND {match}"
            " ORDER BY {order} LIMIT {limit} OFFSET {offset}",
            doc=_DOC,
            filters=filters,
            match=match,
            order=Sql(order),
            limit=limit,
            offset=offset,
        )
        return [row[0] for row in _fetch(sql)]

    plan = None
    if not exhaustive and not small:
        plan = impacts.plan(
            [
                (lexemes(c.query, mark_prefixes=True), c.exact is not None or _is_phrase(c.query))
                for c in clauses
            ],
            stats.listed,
            stats.lexeme_df,
            impacts.read_depth(offset + limit, clauses=len(clauses), filtered=filtered),
        )
    listed_first: list[int] = []
    if plan is not None and plan.one_list:
        # One word with a list: the list is its ranking (score = idf x impact).
        keep = _keep(queries)
        sql = impacts.ranked(plan.one_list, filters & keep, limit=offset + limit, offset=0)
        listed_first = [row[0] for row in _fetch(sql)]
        if len(listed_first) == offset + limit:
            return listed_first[offset:]
        if not filtered:
            listed_first = []  # a deep page past the list: the buckets rank it all
    elif plan is not None and offset + limit <= impacts.MAX_ROWS:
        # The best pieces of each word's impact list (impacts.py), scored exactly.
        within_ids = stats.all_ids if relaxed and stats.all_ids else None
        all_in_head = queries.positive_all if len(queries.clauses) > 1 else None
        source = impacts.candidates(plan, within_ids, all_in_head)
        source = compose(
            "SELECT d.article_id FROM {doc} WHERE {filters} AND {match}"
            " AND d.article_id IN ({source})",
            doc=_DOC,
            filters=filters,
            match=match,
            source=source,
        )
        sql = scoring.ranked_sql(source, clauses, queries.everything, limit=limit, offset=offset)
        ids = [row[0] for row in _fetch(sql)]
        if len(ids) == limit:
            return ids
        # Too few of the lists' pieces pass the filters: the bucket reads below.
    if listed_first:
        # A filter most of the list misses: every listed piece outranks every unlisted
        # one (impact above the floor), so the buckets' ranking continues after them
        # (read deep enough to skip the listed ones).
        page = (offset, limit)
        offset, limit = 0, offset + limit + len(listed_first)
    if exhaustive or (small and match_count <= RANK_ALL_LIMIT):
        source = compose(
            "SELECT d.article_id FROM {doc} WHERE {filters} AND {match}",
            doc=_DOC,
            filters=filters,
            match=match,
        )
    else:
        # The best buckets, read deeper than the page: the score reorders them.
        depth = max(offset + limit, SCORED_CANDIDATES)
        source = candidates(queries, stats, filters, depth, relaxed=relaxed, filtered=filtered)
        # One clause: the reads carry their bucket, so only the best `depth` are scored.
        cut = (
            f" ORDER BY b.bucket, b.published_at DESC, b.article_id DESC LIMIT {depth}"
            if ranked_by_bucket(queries, relaxed=relaxed)
            else ""
        )
        source = Sql(f"SELECT article_id FROM ({source.sql}) AS b{cut}", source.params)
    if listed_first:
        sql = scoring.ranked_sql(source, clauses, queries.everything, limit=limit, offset=0)
        seen = set(listed_first)
        ids = listed_first + [pk for (pk,) in _fetch(sql) if pk not in seen]
        return ids[page[0] : page[0] + page[1]]
    sql = scoring.ranked_sql(source, clauses, queries.everything, limit=limit, offset=offset)
    return [row[0] for row in _fetch(sql)]


def _is_phrase(query: Sql) -> bool:
    """A phrase (or CJK text, read as a phrase of bigrams): its pieces are a small
    part of those its words' lists hold, so the buckets read them."""
    return any("<" in str(param) for param in query.params)

"""Rebuilding the search index and lexicons in bulk.

Triggers keep the index fresh row by row; that is the right cost for editors
but the wrong one for loading a million pieces. `rebuild()` turns the triggers'
work off for its own session, drops the GIN indexes, writes the documents in
batches of article ids (bounded memory, progress reported), recreates the
indexes and recounts the lexicons from ts_stat in one pass each.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.postgres.indexes import GinIndex
from django.db import connection, transaction

from articles.search import impacts
from articles.search import schema as search_schema
from articles.search.models import SearchDocument
from articles.sql import Sql, compose, identifier, value

BATCH = 20_000


def gin_indexes() -> list[tuple[str, str]]:
    """(name, CREATE INDEX) of the GIN indexes dropped during a bulk load: the
    model's own and those of the schema module, each from its one definition."""
    editor = connection.schema_editor()
    return [
        *(
            (index.name, str(index.create_sql(SearchDocument, editor)))
            for index in SearchDocument._meta.indexes
            if isinstance(index, GinIndex)
        ),
        *((index.name, index.create) for index in search_schema.GIN_INDEXES),
    ]


DOCUMENTS_SQL = """
INSERT INTO articles_searchdocument
       (article_id, vector, head, words, published_at, is_published, publication_id)
SELECT a.id, v.vector, archive_search_head(v.vector, a.title),
       archive_search_words(a.title || ' ' || a.standfirst || ' ' || n.names || ' ' || a.body),
       a.published_at, a.status = 'published', a.publication_id
FROM articles_article a
CROSS JOIN LATERAL (
    SELECT coalesce(string_agg(au.name, ' ' ORDER BY b.position, b.id), '') AS names
    FROM articles_byline b JOIN articles_author au ON au.id = b.author_id
    WHERE b.article_id = a.id
) AS n
CROSS JOIN LATERAL (
    SELECT archive_search_vector(a.title, a.standfirst, n.names, a.body) AS vector
    OFFSET 0  -- a fence: computed once, not once per use
) AS v
WHERE {where}
"""

LEXICON_SQL = [
    "TRUNCATE articles_searchterm, articles_searchword, articles_searchtypo",
    """INSERT INTO articles_searchterm (term, ndoc)
       SELECT word, ndoc FROM ts_stat(
         'SELECT vector FROM articles_searchdocument WHERE is_published')""",
    f"""INSERT INTO articles_searchword (word, ndoc)
       SELECT word, ndoc FROM ts_stat(
         'SELECT words FROM articles_searchdocument WHERE is_published')
       WHERE word ~ '{search_schema.LEXICON_WORD}'""",
    # The typo table's deletion keys (schema.TYPO_FILE's work; the trigger is off here).
    f"""INSERT INTO articles_searchtypo (key, word)
       SELECT DISTINCT unnest(archive_typo_keys(word)), word
       FROM articles_searchword WHERE length(word) >= {search_schema.TYPO_MIN_LENGTH}""",
]


def rebuild(
    progress: Callable[[int, int], None] | None = None,
    log: Callable[[str], None] | None = None,
    *,
    resume: bool = False,
) -> int:
    """Recreate every search document and both lexicons. Returns documents written.
    `resume` continues an interrupted rebuild after the last document written."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(min(id), 0), coalesce(max(id), -1) FROM articles_article")
        low, high = cursor.fetchone()
        first = low
        if resume:
            cursor.execute("SELECT max(article_id) FROM articles_searchdocument")
            last_written = cursor.fetchone()[0]
            first = low if last_written is None else last_written + 1
        cursor.execute("SET maintenance_work_mem = '512MB'")
        cursor.execute("SET statement_timeout = 0")
        # This session's writes fire no triggers: the lexicons are recounted below.
        cursor.execute("SET session_replication_role = replica")
        try:
            if not resume:
                cursor.execute(
                    "TRUNCATE articles_searchdocument, articles_searchbacklog,"
                    " articles_searchimpact"
                )
            indexes = gin_indexes()
            for name, _ in indexes:
                _execute(cursor, compose("DROP INDEX IF EXISTS {name}", name=identifier(name)))
            written = 0
            for start in range(first, high + 1, BATCH):
                with transaction.atomic():
                    where = compose(
                        "a.id >= {low} AND a.id < {high}", low=start, high=start + BATCH
                    )
                    _execute(cursor, compose(DOCUMENTS_SQL, where=where))
                    written += cursor.rowcount
                if progress:
                    progress(min(start + BATCH, high + 1) - low, high + 1 - low)
            for name, definition in indexes:
                if log:
                    log(f"creating index {name}")
                cursor.execute(definition)
            if log:
                log("counting the lexicons (ts_stat)")
            for sql in LEXICON_SQL:
                cursor.execute(sql)
            if log:
                log("listing each common term's best pieces (impacts)")
            impacts.rebuild()
            cursor.execute("ANALYZE articles_searchdocument")
            cursor.execute("ANALYZE articles_searchterm")
            cursor.execute("ANALYZE articles_searchword")
            cursor.execute("ANALYZE articles_searchtypo")
        finally:
            cursor.execute("SET session_replication_role = DEFAULT")
            cursor.execute("RESET statement_timeout")
    return written


# --- Bulk writers: the triggers' work for a batch, set-based -------------------
# The importer sets archive.search_deferred for its transaction (the triggers stand
# aside: schema.DEFERRED) and calls refresh_documents() with the pieces it wrote:
# a few statements per batch instead of a document and hundreds of lexicon
# upserts per row (measured: ~4 ms a piece through the triggers).

LEXICONS = [
    # (table, column, document column, extra condition) as the triggers count them.
    ("articles_searchterm", "term", "vector", Sql("")),
    ("articles_searchword", "word", "words", Sql(f"AND x ~ '{search_schema.LEXICON_WORD}'")),
]


def _lexicon_counts(ids: list[int], document_column: str, condition: Sql) -> Sql:
    # The word filter runs on the distinct words, after grouping: the [[:alpha:]]
    # regex costs several microseconds a call, and a batch holds ~100 times more
    # word occurrences than distinct words (measured: 470 ms -> 55 ms a batch).
    # OFFSET 0 keeps the planner from pushing the filter back below the GROUP BY.
    return compose(
        """
        SELECT x, n FROM (
            SELECT x, count(*) AS n
            FROM articles_searchdocument d, unnest(tsvector_to_array({vector})) AS x
            WHERE d.article_id = ANY({ids}) AND d.is_published
            GROUP BY x OFFSET 0
        ) AS grouped WHERE true {condition}""",
        vector=identifier("d", document_column),
        ids=value(ids),
        condition=condition,
    )


def _execute(cursor, query: Sql) -> None:
    cursor.execute(query.sql, query.params)


def defer_triggers() -> None:
    """Until the end of this transaction, the search triggers do nothing."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('archive.search_deferred', 'on', true)")


def refresh_documents(article_ids: list[int]) -> None:
    """Rewrite these pieces' search documents and their share of the lexicons.

    Must run in the transaction that wrote them, after defer_triggers().
    """
    if not article_ids:
        return
    ids = list(article_ids)
    with connection.cursor() as cursor:
        # The same lock the triggers take: lexicon rows change in one order.
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext('archive_search_lexicon'))")
        for table, column, source, condition in LEXICONS:
            _execute(
                cursor,
                compose(
                    "UPDATE {table} AS t SET ndoc = t.ndoc - s.n FROM ({counts}) AS s"
                    " WHERE {column} = s.x",
                    table=identifier(table),
                    counts=_lexicon_counts(ids, source, condition),
                    column=identifier("t", column),
                ),
            )
        cursor.execute("DELETE FROM articles_searchdocument WHERE article_id = ANY(%s)", [ids])
        _execute(cursor, compose(DOCUMENTS_SQL, where=compose("a.id = ANY({ids})", ids=value(ids))))
        for table, column, source, condition in LEXICONS:
            _execute(
                cursor,
                compose(
                    "INSERT INTO {table} AS t ({column}, ndoc) SELECT x, n FROM ({counts}) AS s"
                    " ON CONFLICT ({column}) DO UPDATE SET ndoc = t.ndoc + EXCLUDED.ndoc",
                    table=identifier(table),
                    column=identifier(column),
                    counts=_lexicon_counts(ids, source, condition),
                ),
            )
    impacts.refresh(ids)


# --- Indexing beside the writer: a backlog that survives an interrupted import ---


def queue_documents(article_ids: list[int]) -> None:
    """Record these pieces as waiting to be indexed, in the transaction that wrote them
    (after defer_triggers()); index_queued() then indexes them from another connection."""
    if not article_ids:
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_searchbacklog (article_id) SELECT unnest(%s::bigint[]) "
            "ON CONFLICT DO NOTHING",
            [list(article_ids)],
        )


def index_queued(article_ids: list[int]) -> None:
    """Index queued pieces and take them off the backlog, in one transaction.

    The backlog rows go first: a writer queueing one of these pieces again meanwhile
    waits for this commit and its row stays, so no change is ever left unindexed.
    """
    with transaction.atomic():
        defer_triggers()
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM articles_searchbacklog WHERE article_id = ANY(%s)",
                [list(article_ids)],
            )
        refresh_documents(article_ids)


def backlog(chunk: int = 2000) -> list[list[int]]:
    """The pieces an interrupted import left unindexed, in chunks."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT article_id FROM articles_searchbacklog ORDER BY article_id")
        ids = [row[0] for row in cursor.fetchall()]
    return [ids[i : i + chunk] for i in range(0, len(ids), chunk)]

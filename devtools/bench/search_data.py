"""A synthetic archive for the search and pages benchmarks (bench_search, bench_pages).

Words follow Zipf's law (the r-th commonest word is used about 1/r as often)
over a 200,000-word vocabulary: a short list of everyday English words at the
top, then made-up words built from syllables. With ~150 words a piece, the top
words appear in more than half the archive and the tail in a handful of pieces,
like a real one. Rows stream into PostgreSQL with COPY in batches, so memory
stays flat at any size; the index is then built in bulk (articles.search.index).
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from collections.abc import Iterator

from django.db import connection

from articles.management.progress import Progress

VOCABULARY_SIZE = 200_000
BATCH = 10_000
SEED = 20260101

# Everyday words for the top of the vocabulary (stop words included: the
# English configuration drops them, as it would in real text).
COMMON = """
the government of policy and state to power in world a people is public that
country for years it trade as time was new with war on political be economic
by security this market are leaders at growth from city not law crisis history
minister election foreign water energy money court reform border future health
region debate union treaty climate budget army cities science river harbour
bank farmers schools workers nation village ports summit vote press tax oil
bridge rail coast island grain museum archive
""".split()

SYLLABLES = (
    "ka lo mir tan ve sol ra den pi quor bel nu sta fen gor lin ta mo res vik "
    "dra sel po ul ne ber kis ing har mon tel vas cor ami zel oth rin pal"
).split()


def vocabulary(size: int = VOCABULARY_SIZE) -> list[str]:
    words = list(dict.fromkeys(COMMON))
    seen = set(words)
    rng = random.Random(SEED)
    while len(words) < size:
        word = "".join(rng.choices(SYLLABLES, k=rng.choice((2, 3, 3, 4))))
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _copy_rows(cursor, table: str, columns: list[str], rows: Iterator[tuple]) -> None:
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def generate(size: int, *, progress: bool = True) -> None:
    """Replace the archive's content with `size` synthetic published pieces."""
    rng = random.Random(SEED)
    words = vocabulary()
    cum_weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    start = dt.datetime(2005, 1, 1, tzinfo=dt.UTC)
    span = (dt.datetime(2026, 1, 1, tzinfo=dt.UTC) - start).total_seconds()
    now = dt.datetime.now(dt.UTC)

    def draw(n: int) -> list[str]:
        return rng.choices(words, cum_weights=cum_weights, k=n)

    def name() -> str:
        return " ".join(w.capitalize() for w in rng.sample(words[200:5000], 2))

    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute("SET session_replication_role = replica")  # index built in bulk after
        cursor.execute(
            "TRUNCATE articles_comment, articles_article_topics, articles_byline,"
            " articles_searchdocument, articles_article, articles_author,"
            " articles_publication, articles_topic, articles_searchterm, articles_searchword,"
            " articles_searchtypo"
            " CASCADE"  # and whatever else points at them (slug history, versions)
        )
        publications = [(i, f"The {name()} Review", f"pub-{i}", "", "") for i in range(1, 41)]
        _copy_rows(
            cursor,
            "articles_publication",
            ["id", "name", "slug", "about", "website"],
            iter(publications),
        )
        topics = [(i, name(), f"topic-{i}") for i in range(1, 41)]
        _copy_rows(cursor, "articles_topic", ["id", "name", "slug"], iter(topics))
        authors = [(i, name(), f"author-{i}", "") for i in range(1, 5001)]
        _copy_rows(cursor, "articles_author", ["id", "name", "slug", "bio"], iter(authors))

        bar = Progress("generating articles", size) if progress else None
        byline_id = 0
        for batch_start in range(1, size + 1, BATCH):
            ids = range(batch_start, min(batch_start + BATCH, size + 1))
            articles, bylines, article_topics = [], [], []
            for article_id in ids:
                title = draw(rng.randint(5, 10))
                standfirst = draw(rng.randint(15, 25))
                body_words = draw(rng.randint(90, 210))
                paragraphs = [
                    " ".join(body_words[i : i + 45]).capitalize() + "."
                    for i in range(0, len(body_words), 45)
                ]
                published = start + dt.timedelta(seconds=rng.random() * span)
                articles.append(
                    (
                        article_id,
                        " ".join(title).capitalize(),
                        f"bench-{article_id}",
                        " ".join(standfirst).capitalize() + ".",
                        "\n\n".join(paragraphs),
                        # What render_markdown makes of plain paragraphs (snippets are cut from it).
                        "\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                        "published",
                        published,
                        now,
                        now,
                        True,
                        "",
                        rng.randint(1, len(publications)),
                        "",
                    )
                )
                for position, author in enumerate(
                    rng.sample(range(1, len(authors) + 1), 1 if rng.random() < 0.8 else 2)
                ):
                    byline_id += 1
                    bylines.append((byline_id, article_id, author, position))
                for topic in rng.sample(range(1, len(topics) + 1), rng.randint(1, 2)):
                    article_topics.append((article_id, topic))
            _copy_rows(
                cursor,
                "articles_article",
                [
                    "id",
                    "title",
                    "slug",
                    "standfirst",
                    "body",
                    "body_html",
                    "status",
                    "published_at",
                    "created_at",
                    "updated_at",
                    "comments_open",
                    "source_url",
                    "publication_id",
                    "import_hash",
                ],  # fmt: skip
                iter(articles),
            )
            _copy_rows(
                cursor,
                "articles_byline",
                ["id", "article_id", "author_id", "position"],
                iter(bylines),
            )
            _copy_rows(
                cursor, "articles_article_topics", ["article_id", "topic_id"], iter(article_topics)
            )
            if bar:
                bar(ids[-1])
        for table in ["articles_article", "articles_author", "articles_publication"]:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        for table in ["articles_topic", "articles_byline"]:
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'),"
                f" (SELECT coalesce(max(id), 1) FROM {table}))"
            )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("ANALYZE")

"""Comments for the pages benchmark (bench_pages), added to the search benchmark's
archive: about five per piece, spread by Zipf's law over the live pieces, so most
pieces have none or one and a few dozen have 2,000 or more, as on a real site.

Pieces are ranked by a fixed permutation of their ids (popular pieces are spread
over the years, not the newest), and comment ``r`` goes to the piece of rank
``floor(exp(U * ln((N + K) / K))) * K - K`` for uniform ``U``: a log-uniform draw,
which gives rank ``r`` a share of about ``1 / (r + K)``. ``K`` flattens the head so
the most commented piece has a few thousand comments, not a quarter million.
Everything is written by INSERT ... SELECT in PostgreSQL, in chunks.
"""

from __future__ import annotations

import math
import sys
import time

from django.db import connection

PER_PIECE = 5
HEAD = 200  # K above
CHUNK = 250_000
SEED = 0.2026
STATUS_SHARES = (("approved", 0.85), ("pending", 0.10), ("spam", 0.04), ("removed", 0.01))
SENTENCES = [
    "This is the clearest account of the harbour dispute I have read.",
    "The author leaves out what happened to the farmers after the vote.",
    "I taught in one of those schools; the numbers in the third paragraph match.",
    "A fair piece, but the budget figures are from the year before the reform.",
    "Thank you for writing this. My grandfather worked on that rail line.",
    "The comparison with the river towns does not hold for the island ports.",
    "Could the editors link the treaty text the piece quotes?",
    "Strong argument, weak ending: what should the ministry actually do?",
    "The museum still has the archive described here, and it is worth a visit.",
    "I disagree with the premise, yet the history section is excellent.",
    "Nobody in the village was asked, which is the real story.",
    "The court ruling came later than the piece suggests.",
    "Good to see the workers' side of the strike told at last.",
    "Tax on grain was not the cause; the drought was.",
    "Reading this again ten years on, it holds up remarkably well.",
    "Where does the figure for border crossings come from?",
]


def _coprime_step(n: int) -> int:
    step = 7919
    while math.gcd(step, n) != 1:
        step += 2
    return step


def add_comments(*, per_piece: int = PER_PIECE, progress: bool = True) -> int:
    """Add ``per_piece`` comments per live piece on average; returns how many."""
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 0")
        cursor.execute(
            "CREATE TEMP TABLE bench_pool ON COMMIT PRESERVE ROWS AS"
            " SELECT (row_number() OVER (ORDER BY id) - 1)::bigint AS rank, id, published_at"
            " FROM articles_article WHERE status = 'published' AND published_at <= now()"
        )
        cursor.execute("ALTER TABLE bench_pool ADD PRIMARY KEY (rank)")
        cursor.execute("SELECT count(*) FROM bench_pool")
        pieces = cursor.fetchone()[0]
        if not pieces:
            return 0
        total = pieces * per_piece
        step = _coprime_step(pieces)
        spread = math.log((pieces + HEAD) / HEAD)
        cursor.execute("SELECT setseed(%s)", [SEED])
        # Counts are recomputed once at the end, not by the triggers row by row.
        cursor.execute("SET session_replication_role = replica")
        started = time.monotonic()
        thresholds, share = [], 0.0
        for status, part in STATUS_SHARES:
            share += part
            thresholds.append((status, share))
        status_case = (
            "CASE "
            + " ".join(f"WHEN s < {share:.4f} THEN '{status}'" for status, share in thresholds)
            + " ELSE 'removed' END"
        )
        for low in range(0, total, CHUNK):
            high = min(low + CHUNK, total)
            cursor.execute(
                f"""
                INSERT INTO articles_comment (article_id, name, email, url, body, body_html,
                                              created_at, status, user_agent)
                SELECT p.id, 'Reader ' || (r.g %% 40000),
                       'reader' || (r.g %% 40000) || '@example.org',
                       '', t.body, '<p>' || t.body || '</p>',
                       p.published_at + make_interval(mins => (r.m * 43200)::int),
                       {status_case}, ''
                  FROM (SELECT g, random() AS u, random() AS s, random() AS m,
                               1 + floor(random() * %(sentences)s)::int AS sentence
                          FROM generate_series(%(low)s, %(high)s - 1) AS g) AS r
                  JOIN bench_pool p ON p.rank = (
                       least((floor(exp(r.u * %(spread)s) * %(head)s) - %(head)s)::bigint,
                             %(last)s) * %(step)s) %% %(n)s
                 CROSS JOIN LATERAL (SELECT (%(texts)s::text[])[r.sentence] AS body) AS t
                """,
                {
                    "low": low,
                    "high": high,
                    "spread": spread,
                    "head": HEAD,
                    "sentences": len(SENTENCES),
                    "last": pieces - 1,
                    "step": step,
                    "n": pieces,
                    "texts": SENTENCES,
                },
            )
            if progress:
                elapsed = time.monotonic() - started
                sys.stderr.write(f"\rcomments {high:,}/{total:,} ({elapsed:.0f}s)")
        if progress:
            sys.stderr.write("\n")
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute("DROP TABLE bench_pool")
        refresh_counts(cursor)
        # The count updates cleared the visibility map: index-only reads (deep admin
        # pages, capped counts) would visit the heap for every row until a vacuum.
        cursor.execute("VACUUM (ANALYZE) articles_article")
        cursor.execute("VACUUM (ANALYZE) articles_comment")
    return total


def refresh_counts(cursor) -> None:
    """Recompute what the triggers keep, after writes made with triggers off
    (bulk COPY with ``session_replication_role = replica``)."""
    cursor.execute("SET statement_timeout = 0")
    cursor.execute(
        "UPDATE articles_article a SET comment_count = coalesce(c.n, 0)"
        " FROM articles_article a2 LEFT JOIN (SELECT article_id, count(*) AS n"
        " FROM articles_comment WHERE status = 'approved' GROUP BY article_id) c"
        " ON c.article_id = a2.id"
        " WHERE a.id = a2.id AND a.comment_count IS DISTINCT FROM coalesce(c.n, 0)"
    )
    cursor.execute("SELECT archive_month_rebuild(archive_month_zone())")

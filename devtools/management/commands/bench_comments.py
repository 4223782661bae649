"""Server-side render time of a piece with 2,000 comments: ``manage.py bench_comments``.

Builds the data inside a transaction that is rolled back at the end, so it can
run against any database (nothing is left behind), then requests the piece's
page through Django's full stack (middleware, view, queries, template) and
prints p50/p95 against a baseline measured in the same run: the same page for
a piece without comments.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from articles.models import Article, Comment

BODIES = [
    "The second half of the piece is stronger than the first; the harbour figures carry it.",
    "I worked on those ferries for a decade.\n\nNobody asked the crews, and it shows.",
    "A useful summary is at https://example.org/ports/report-2019 if anyone wants the numbers.",
    "Disagree. The inland towns grew because of the railway, not the river.",
    "Thank you for writing this. My grandmother ran a chandlery in one of these towns.",
]


class Command(BaseCommand):
    help = "Print the server-side render time (p50/p95) of a piece with 2,000 comments."

    def add_arguments(self, parser):
        parser.add_argument("--comments", type=int, default=2000)
        parser.add_argument("--threads", type=int, default=40, help="top-level comments")
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--target-ms", type=float, default=150.0)

    def handle(self, *args, comments, threads, runs, target_ms, **options):
        # Measured as production runs: DEBUG off, so no per-query log.
        # Server-side render time is the point: the page cache (archive/page_cache.py)
        # would answer every request after the first without rendering anything.
        with transaction.atomic(), override_settings(DEBUG=False, PAGE_CACHE_SECONDS=0):
            piece, empty = self._build(comments, threads)
            client = Client(SERVER_NAME="localhost")
            baseline = self._measure(client, empty.get_absolute_url(), runs)
            queries = []
            with connection.execute_wrapper(
                lambda execute, sql, *a: queries.append(sql) or execute(sql, *a)
            ):
                html = client.get(piece.get_absolute_url(), secure=True).content.decode()
            loaded = self._measure(client, piece.get_absolute_url(), runs)
            transaction.set_rollback(True)

        shown = html.count('<li class="comment"')
        (loaded_wall, loaded_cpu), (base_wall, base_cpu) = loaded, baseline
        p50, p95 = percentile(loaded_wall, 50), percentile(loaded_wall, 95)
        b50, b95 = percentile(base_wall, 50), percentile(base_wall, 95)
        c50, c95 = percentile(loaded_cpu, 50), percentile(loaded_cpu, 95)
        bc50 = percentile(base_cpu, 50)
        out = self.stdout.write
        out(f"piece with {comments} comments ({threads} top-level threads, nested to depth 5)")
        out(f"  comments on the page: {shown}, page size {len(html) / 1024:.0f} KiB")
        out(f"  queries: {len(queries)}")
        out(f"  render time over {runs} requests: p50 {p50:.1f} ms, p95 {p95:.1f} ms")
        out(f"  of which CPU in the web process: p50 {c50:.1f} ms, p95 {c95:.1f} ms")
        out(f"baseline (same page, no comments): p50 {b50:.1f} ms, p95 {b95:.1f} ms")
        out(f"  ratio p50 {p50 / b50:.1f}x, p95 {p95 / b95:.1f}x the baseline")
        out(f"  CPU ratio p50 {c50 / bc50:.1f}x the baseline's {bc50:.1f} ms")
        verdict = "met" if p95 < target_ms else "MISSED"
        style = self.style.SUCCESS if p95 < target_ms else self.style.ERROR
        out(style(f"target p95 < {target_ms:.0f} ms: {verdict}"))

    def _build(self, count: int, threads: int) -> tuple[Article, Article]:
        published = {"status": Article.Status.PUBLISHED, "published_at": timezone.now()}
        body = "The river towns made the inland economy.\n\nThis piece argues it at length."
        piece = Article.objects.create(
            title="A long argument about river towns", slug="bench-comments", body=body, **published
        )
        empty = Article.objects.create(
            title="A quiet piece", slug="bench-comments-empty", body=body, **published
        )
        per_thread = -(-count // threads)
        start = timezone.now() - dt.timedelta(minutes=count + 10)
        by_thread: list[list[Comment]] = [[] for _ in range(threads)]
        made = 0
        # Position i of every thread replies to position (i - 1) // 2: a binary
        # tree per thread, deeper than the depth cap. Created position by
        # position so each parent has its id before its replies are made.
        for position in range(per_thread):
            batch = []
            for thread in range(threads):
                if made + len(batch) >= count:
                    break
                n = made + len(batch)
                batch.append(
                    Comment(
                        article=piece,
                        parent=by_thread[thread][(position - 1) // 2] if position else None,
                        name=f"Reader {n}",
                        email=f"reader{n}@example.org",
                        url="https://reader.example" if n % 3 == 0 else "",
                        body=BODIES[n % len(BODIES)],
                        status=Comment.Status.APPROVED,
                        created_at=start + dt.timedelta(seconds=position * threads + thread),
                    )
                )
            for thread, comment in enumerate(Comment.objects.bulk_create(batch)):
                by_thread[thread].append(comment)
            made += len(batch)
        return piece, empty

    def _measure(self, client: Client, url: str, runs: int) -> tuple[list[float], list[float]]:
        """Wall time (what a reader waits for, database included) and this process's
        CPU time (the same work without the other processes sharing the machine)."""
        for _ in range(3):  # warm the template cache and the connection
            client.get(url, secure=True)
        wall, cpu = [], []
        for _ in range(runs):
            started, started_cpu = time.perf_counter(), time.process_time()
            response = client.get(url, secure=True)
            wall.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
            assert response.status_code == 200, response.status_code
        return wall, cpu


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]

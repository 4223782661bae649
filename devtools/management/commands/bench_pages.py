"""Benchmark every kind of page on the search benchmark's archive, uncached.

Reuses the archive bench_search builds (same database, same generator; built
here only if the database is empty, and never emptied when it holds another
size) and adds about five comments per piece (devtools/bench/page_data.py).
Each page is asked for through Django's full stack (middleware, templates),
DEBUG off, after the page cache's generation moved, so no page or shared
fragment comes from the cache. Prints p50/p95 per page and one summary line:
``pages-bench size=N worst_page=NAME worst_p95_ms=X admin_worst_p95_ms=Y``.
"""

from __future__ import annotations

import subprocess
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from archive import page_cache
from articles.management.progress import Progress
from articles.models import Article, Comment, SearchDocument
from articles.search import index
from devtools.bench import page_data, search_data
from devtools.bench.page_plan import page_plan
from devtools.management.commands.bench_search import ensure_database, percentile

# The database another benchmark measures: reused as it is, never rebuilt here.
SHARED_DATABASE = "archive_bench"


class Command(BaseCommand):
    help = "Benchmark reader, feed, sitemap and admin pages uncached (p50/p95)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=100_000)
        parser.add_argument("--runs", type=int, default=15, help="requests per page kind")
        parser.add_argument("--build-only", action="store_true")
        parser.add_argument(
            "--stampede",
            action="store_true",
            help="also: 64 readers at gunicorn's home page right after the generation moves",
        )

    def handle(self, *args, size, runs, build_only, stampede, **options):
        name = ensure_database()
        call_command("migrate", verbosity=0)
        existing = Article.objects.count()
        if existing != size:
            if name == SHARED_DATABASE and existing:
                raise CommandError(
                    f"{name!r} holds {existing:,} pieces, not {size:,}: it is shared with the "
                    "search benchmark and is never rebuilt from here. Use your own database "
                    "(BENCH_DATABASE_URL=.../archive_bench_<you>) for other sizes."
                )
            self.stderr.write(f"Building a {size:,}-piece archive in {name!r}")
            search_data.generate(size)
            with connection.cursor() as cursor:
                page_data.refresh_counts(cursor)
        if SearchDocument.objects.count() < size:
            index.rebuild(progress=Progress("indexing", size), resume=True)
        if not Comment.objects.exists():
            started = time.monotonic()
            added = page_data.add_comments()
            self.stderr.write(f"added {added:,} comments in {time.monotonic() - started:.0f}s")
        if build_only:
            return
        with override_settings(DEBUG=False):
            self.measure(size, runs)
        if stampede:
            self.stampede(size)

    def stampede(self, size: int, readers: int = 64, trials: int = 3) -> None:
        """gunicorn (DEBUG off, Redis under its own key prefix) on this database; the
        home page warm in every worker, then the generation moves (as a publish
        moves it) and ``readers`` ask for it at once. Writes no row."""
        import uuid

        from django.conf import settings

        from devtools.local_gunicorn import LocalGunicorn, production_env
        from devtools.stampede import crowd

        redis_url = settings.CACHES["default"].get("LOCATION") or "redis://127.0.0.1:6379/13"
        if not str(redis_url).startswith("redis://"):
            redis_url = "redis://127.0.0.1:6379/13"
        prefix = f"archive-bench-stampede-{uuid.uuid4().hex[:8]}"
        db = settings.DATABASES["default"]
        url = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
        env = production_env(url, REDIS_URL=redis_url, REDIS_KEY_PREFIX=prefix)
        # DEBUG off serves hashed static names: the manifest comes from collectstatic.
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
        )
        with (
            override_settings(
                CACHES={
                    "default": {
                        "BACKEND": "archive.redis_cache.RedisCache",
                        "LOCATION": redis_url,
                        "KEY_PREFIX": prefix,
                    }
                },
                PAGE_CACHE_GENERATION_ALIAS="default",
            ),
            LocalGunicorn(env, args=("--backlog", "512")) as server,
        ):
            for trial in range(1, trials + 1):
                warm = crowd(server.port, "/", readers=16, rounds=2)
                page_cache.bump()
                result = crowd(server.port, "/", readers=readers)
                self.stdout.write(
                    f"stampede size={size} trial={trial} readers={readers}: {result.summary()}"
                    f" (warm-up errors {len(warm.errors)})"
                )
        import redis

        client = redis.Redis.from_url(redis_url)
        keys = list(client.scan_iter(f"{prefix}:*"))
        if keys:
            client.delete(*keys)

    def measure(self, size: int, runs: int) -> None:
        editor, _ = get_user_model().objects.get_or_create(
            username="bench-editor", defaults={"is_staff": True, "is_superuser": True}
        )
        reader, admin = Client(HTTP_HOST="localhost"), Client(HTTP_HOST="localhost")
        admin.force_login(editor)
        rows = []
        for kind, name, urls in page_plan(runs):
            client = admin if kind == "admin" else reader
            timings = []
            for url in urls:
                page_cache.bump()  # every request renders afresh: no page, no fragment
                started = time.perf_counter()
                response = client.get(url)
                elapsed = (time.perf_counter() - started) * 1000
                if response.status_code != 200:
                    raise CommandError(f"{name}: {url} answered {response.status_code}")
                timings.append(elapsed)
            rows.append((kind, name, percentile(timings, 50), percentile(timings, 95), urls[0]))
            self.stdout.write(
                f"{kind:7} {name:34} p50 {rows[-1][2]:8.1f} ms  p95 {rows[-1][3]:8.1f} ms"
            )
        self.report(size, rows)

    def report(self, size: int, rows: list) -> None:
        self.stdout.write("")
        self.stdout.write("| kind | page | p50 ms | p95 ms | example |")
        self.stdout.write("| --- | --- | ---: | ---: | --- |")
        for kind, name, p50, p95, url in rows:
            self.stdout.write(f"| {kind} | {name} | {p50:.1f} | {p95:.1f} | `{url}` |")
        public = [row for row in rows if row[0] != "admin"]
        worst = max(public, key=lambda row: row[3])
        admin_worst = max((row[3] for row in rows if row[0] == "admin"), default=0.0)
        self.stdout.write(
            f"pages-bench size={size} worst_page={worst[1].replace(' ', '_')} "
            f"worst_p95_ms={worst[3]:.1f} admin_worst_p95_ms={admin_worst:.1f}"
        )

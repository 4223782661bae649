"""Benchmark search on a synthetic archive of --size pieces.

Runs against its own database (the one DATABASE_URL names, which must contain
"bench": it is emptied and refilled), never the test or the real one. Each
query goes through the results page's view, template rendering included; the
naive baseline is the same view with the pipeline ranking and counting every
match (`articles.search.search(..., exhaustive=True)`), and a plain `icontains`
scan is the other baseline. Prints a table and one summary line.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
import time

import psycopg
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import OperationalError, connection
from django.db.models import Q
from django.test import RequestFactory, override_settings

from archive import page_cache
from articles import search as search_pipeline
from articles.management.progress import Progress
from articles.models import Article, SearchDocument
from articles.search import index
from articles.views import search as search_view
from devtools.bench import search_data

CLASSES = [
    "rare word",
    "medium word",
    "very common word",
    "two words",
    "phrase",
    "exclusion",
    "with a filter",
    "sorted by date",
    "page 50",
    "typo",
]
# recall@10 compares first pages ranked by relevance.
RECALL_CLASSES = [c for c in CLASSES if c not in ("sorted by date", "page 50")]


def ensure_database() -> str:
    db = settings.DATABASES["default"]
    name = db["NAME"]
    if "bench" not in name:
        raise CommandError(
            f"bench_search empties its database; {name!r} does not look like a benchmark "
            "database. Point DATABASE_URL at e.g. .../archive_bench (make bench-search does)."
        )
    params = {
        "dbname": "postgres",
        "user": db.get("USER") or None,
        "password": db.get("PASSWORD") or None,
        "host": db.get("HOST") or None,
        "port": db.get("PORT") or None,
    }
    with psycopg.connect(**{k: v for k, v in params.items() if v}, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
    return name


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(int(round(p / 100 * (len(ordered) - 1))), len(ordered) - 1)]


class Command(BaseCommand):
    help = "Benchmark /search/ on a synthetic archive (its own database)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--size", type=int, default=100_000)
        parser.add_argument("--per-class", type=int, default=20, help="queries per class")
        parser.add_argument(
            "--baseline-per-class", type=int, default=5, help="naive/icontains queries per class"
        )
        parser.add_argument(
            "--icontains-per-class",
            type=int,
            default=None,
            help="icontains queries per class (default: as --baseline-per-class; 0 skips)",
        )
        parser.add_argument("--runs", type=int, default=3, help="runs per query (median kept)")
        parser.add_argument("--regenerate", action="store_true")

    def handle(
        self,
        *args,
        size,
        per_class,
        baseline_per_class,
        icontains_per_class,
        runs,
        regenerate,
        **options,
    ):
        if icontains_per_class is None:
            icontains_per_class = baseline_per_class
        name = ensure_database()
        call_command("migrate", verbosity=0)
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = '120s'")
        existing = Article.objects.count()
        indexed = SearchDocument.objects.count()
        if existing == size and indexed < size and not regenerate:
            self.stderr.write(
                f"Resuming the index of the {size:,}-piece archive ({indexed:,} done)"
            )
            started = time.monotonic()
            index.rebuild(
                progress=Progress("indexing", size),
                log=lambda message: self.stderr.write(f"  {message} ({time.strftime('%X')})"),
                resume=True,
            )
            self.stderr.write(f"indexed in {time.monotonic() - started:.0f}s")
        elif existing != size or regenerate:
            self.stderr.write(f"Building a {size:,}-piece archive in database {name!r}")
            started = time.monotonic()
            search_data.generate(size)
            generated = time.monotonic()
            index.rebuild(
                progress=Progress("indexing", size),
                log=lambda message: self.stderr.write(f"  {message} ({time.strftime('%X')})"),
            )
            self.stderr.write(
                f"generated in {generated - started:.0f}s, indexed in "
                f"{time.monotonic() - generated:.0f}s"
            )
        else:
            self.stderr.write(f"Reusing the {size:,}-piece archive in {name!r}")

        # Measured as production serves pages: with DEBUG on (the Makefile's default for
        # development) Django keeps every query's SQL and renders templates in debug
        # mode, a few milliseconds per page that no reader pays.
        with override_settings(DEBUG=False):
            self.measure(size, per_class, baseline_per_class, icontains_per_class, runs)

    def measure(self, size, per_class, baseline_per_class, icontains_per_class, runs) -> None:
        self.runs = runs
        mix = self.query_mix(size, per_class)
        # A host the settings accept (the search page builds its canonical URL from it).
        host = next(
            (h for h in settings.ALLOWED_HOSTS if h not in ("*", "") and not h.startswith(".")),
            "localhost",
        )
        factory = RequestFactory(HTTP_HOST=host)

        # The view calls the pipeline through this wrapper, which keeps the results each
        # page computed (recall@10 without running the expensive full ranking twice)
        # and, for the naive baseline, asks the pipeline to rank and count every match:
        # the same page, view and template, only the plan differs.
        shown: dict[tuple, list[int]] = {}
        original_search = search_pipeline.search
        naive_plan = False

        def capturing_search(*args, **kwargs):
            results = original_search(*args, **kwargs, exhaustive=naive_plan)
            key = (args[0], kwargs["filters"].publication, kwargs["sort"], kwargs["page"])
            shown[(key, naive_plan)] = [a.pk for a in results.articles]
            return results

        search_pipeline.search = capturing_search

        def page(params, *, exhaustive=False, runs=1) -> float:
            """Milliseconds for the results page; the median of `runs` runs (the
            machine is shared: a median damps another process's burst). A page past
            the first is measured as a first visit: a deep page slices a ranking an
            earlier visit kept (articles/search/deep.py), and moving the page cache's
            generation, as any edit does, drops every kept ranking."""
            nonlocal naive_plan
            naive_plan = exhaustive
            times = []
            for _ in range(runs):
                if int(params.get("page", 1)) > 1:
                    page_cache.bump()
                request = factory.get("/search/", params)
                request.user = AnonymousUser()
                started = time.perf_counter()
                response = search_view(request)
                assert response.status_code == 200, (params, response.status_code)
                assert len(response.content) > 1000
                times.append((time.perf_counter() - started) * 1000)
            return statistics.median(times)

        def key(params) -> tuple:
            return (
                params["q"],
                params.get("publication"),
                params.get("sort", "relevance"),
                int(params.get("page", 1)),
            )

        # Warm PostgreSQL's and the OS's caches once, as a running site's would be.
        for queries in mix.values():
            for params in queries:
                page(params)

        ours, naive, scan, recall = {}, {}, {}, []
        for cls, queries in mix.items():
            ours[cls] = [page(params, runs=runs) for params in queries]
            self.stderr.write(f"  {cls:<18} p95 {percentile(ours[cls], 95):8.1f} ms")
        for cls, queries in mix.items():
            subset = queries[:baseline_per_class]
            naive[cls] = [page(params, exhaustive=True) for params in subset]
            scan[cls] = [self.icontains(params) for params in queries[:icontains_per_class]]
            class_recall = []
            if cls in RECALL_CLASSES:
                for params in subset:
                    full = shown[(key(params), True)][:10]
                    fast = shown[(key(params), False)][:10]
                    class_recall.append(len(set(full) & set(fast)) / len(full) if full else 1.0)
                recall += class_recall
            recall_text = f"{statistics.mean(class_recall):.2f}" if class_recall else "-"
            self.stderr.write(
                f"  {cls:<18} naive p95 {p95_text(naive[cls]):>8} ms,"
                f" icontains p95 {p95_text(scan[cls])} ms, recall@10 {recall_text}"
            )
        search_pipeline.search = original_search

        self.report(size, ours, naive, scan, recall, mix)

    # --- the query mix -------------------------------------------------------------

    def query_mix(self, size: int, per_class: int) -> dict[str, list[dict]]:
        rng = random.Random(7)
        words = search_data.vocabulary()
        sample = words[:3000] + rng.sample(words[3000:], 4000)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT w, coalesce((SELECT t.ndoc FROM articles_searchterm t"
                " WHERE t.term = (archive_search_lexemes(w))[1]), 0)"
                " FROM unnest(%s::text[]) AS w WHERE cardinality(archive_search_lexemes(w)) = 1",
                (sample,),
            )
            df = dict(cursor.fetchall())

        def pick(low: float, high: float) -> list[str]:
            found = [w for w in sample if low <= df.get(w, 0) <= high]
            if not found:
                raise CommandError(f"no word with {low:.0f}..{high:.0f} matches at this size")
            rng.shuffle(found)
            return list(islice_cycle(found, per_class))

        rare = pick(1, max(8, size / 10_000))
        medium = pick(size / 200, size / 50)
        common = pick(size / 2, size)
        frequent = pick(size / 20, size / 5)
        deep = pick(max(size / 10, 1_200), max(size / 3, 1_500))
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT title FROM articles_article WHERE id = ANY(%s)",
                (rng.sample(range(1, size + 1), min(size, per_class * 5)),),
            )
            titles = [row[0] for row in cursor.fetchall()]
        phrases = []
        for title in titles:
            parts = title.lower().split()
            pairs = [
                (a, b) for a, b in zip(parts, parts[1:], strict=False) if df.get(a) and df.get(b)
            ]
            if pairs:
                phrases.append('"{} {}"'.format(*rng.choice(pairs)))
        phrases = list(islice_cycle(phrases or ['"trade policy"'], per_class))
        typo_words = typo_queries(rng, rare + medium + frequent, per_class)
        return {
            "rare word": [{"q": w} for w in rare],
            "medium word": [{"q": w} for w in medium],
            "very common word": [{"q": w} for w in common],
            "two words": [
                {"q": f"{a} {b}"}
                for a, b in zip(frequent, frequent[1:] + frequent[:1], strict=True)
            ],
            "phrase": [{"q": p} for p in phrases],
            "exclusion": [{"q": f"{c} -{m}"} for c, m in zip(common, medium, strict=True)],
            "with a filter": [
                {"q": c, "publication": f"pub-{i % 40 + 1}"} for i, c in enumerate(common)
            ],
            "sorted by date": [{"q": c, "sort": "newest"} for c in common],
            "page 50": [{"q": d, "page": 50} for d in deep],
            "typo": [{"q": w} for w in typo_words],
        }

    # --- baselines -----------------------------------------------------------------------

    def icontains(self, params: dict) -> float:
        word = params["q"].strip('"').split(" -")[0]
        started = time.perf_counter()
        matches = Article.objects.published().filter(
            Q(title__icontains=word) | Q(standfirst__icontains=word) | Q(body__icontains=word)
        )
        if params.get("publication"):
            matches = matches.filter(publication__slug=params["publication"])
        try:
            matches.count()
            list(matches.for_detail().newest_first()[:20])
        except OperationalError as error:
            # At a million pieces a scan can outlast the statement timeout: a result
            # ("timed out"), not a reason to throw away the run.
            if "statement timeout" not in str(error):
                raise
            return math.inf
        return (time.perf_counter() - started) * 1000

    # --- report ------------------------------------------------------------------------------

    def report(self, size, ours, naive, scan, recall, mix) -> None:
        out = self.stdout
        load = " ".join(f"{x:.1f}" for x in os.getloadavg())
        out.write(
            f"\nsearch benchmark: {size:,} pieces, {sum(map(len, mix.values()))} queries"
            f" (each the median of {self.runs} runs), load average {load}\n"
        )
        out.write(
            "| class | p50 ms | p95 ms | max ms | naive p95 ms | icontains p95 ms | vs naive |\n"
        )
        out.write("|---|---:|---:|---:|---:|---:|---:|\n")
        for cls in CLASSES:
            p95 = percentile(ours[cls], 95)
            speedup = f"{percentile(naive[cls], 95) / p95:.1f}x" if naive[cls] else "-"
            out.write(
                f"| {cls} | {statistics.median(ours[cls]):.1f} | {p95:.1f} |"
                f" {max(ours[cls]):.1f} | {p95_text(naive[cls])} | {p95_text(scan[cls])} |"
                f" {speedup} |\n"
            )
        everything = [t for times in ours.values() for t in times]
        worst = max(CLASSES, key=lambda c: percentile(ours[c], 95))
        naive_worst = max((percentile(naive[c], 95) for c in CLASSES if naive[c]), default=0)
        recall_at_10 = statistics.mean(recall) if recall else 0
        out.write(
            f"\nsearch-bench size={size} p95_ms={percentile(everything, 95):.1f}"
            f" worst_class={worst.replace(' ', '_')} worst_p95_ms={percentile(ours[worst], 95):.1f}"
            f" naive_worst_p95_ms={naive_worst:.1f} recall_at_10={recall_at_10:.3f}\n"
        )
        sys.stdout.flush()


def p95_text(values: list[float]) -> str:
    if not values:
        return "-"
    if math.inf in values:
        return "timed out (120 s)"
    return f"{percentile(values, 95):.1f}"


TYPO_KINDS = ("swap", "replace", "insert", "delete", "double")


def misspell(rng: random.Random, word: str, kind: str) -> str:
    i = rng.randrange(1, len(word) - 1)
    letter = rng.choice("aeiourstlnm")
    if kind == "swap":
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    if kind == "replace":
        return word[:i] + letter + word[i + 1 :]
    if kind == "insert":
        return word[:i] + letter + word[i:]
    if kind == "delete":
        return word[:i] + word[i + 1 :]
    return word[:i] + word[i] + word[i:]  # a doubled letter


def typo_queries(rng: random.Random, words: list[str], per_class: int) -> list[str]:
    """Words of the archive, each with one edit of each kind in turn, that the
    archive does not use (typos.py corrects them)."""
    candidates = [w for w in dict.fromkeys(words) if len(w) >= 6]
    typed = [
        misspell(rng, word, TYPO_KINDS[i % len(TYPO_KINDS)])
        for i, word in enumerate(candidates * 3)
    ]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w FROM unnest(%s::text[]) AS w WHERE NOT EXISTS (SELECT 1 FROM"
            " articles_searchterm t WHERE t.term = ANY(archive_search_lexemes(w)) AND t.ndoc > 0)",
            (typed,),
        )
        unknown = {row[0] for row in cursor.fetchall()}
    found = [w for w in dict.fromkeys(typed) if w in unknown]
    if not found:
        raise CommandError("no typo the archive does not use at this size")
    return list(islice_cycle(found, per_class))


def islice_cycle(items: list, n: int):
    for i in range(n):
        yield items[i % len(items)]

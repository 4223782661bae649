"""Known-item relevance benchmark: `make bench-relevance`.

Builds two sets nobody typed (Python's standard library documentation, with the
shared make_pydoc_set.py script, and the docstrings of a few locked
dependencies, devtools/bench/docstring_set.py), or takes set folders given with
--set. Each set is imported into an emptied benchmark database through
`import_articles`, every query goes through the search page's own pipeline
(`articles.search.search`, as the view calls it), and SQLite FTS5 is scored on
the same set in the same run (devtools/bench/relevance.py). One line per set,
then the line over all sets.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles import search as search_pipeline
from articles.models import Article
from articles.search import scoring
from devtools.bench import relevance
from devtools.management.commands.bench_search import ensure_database

PYDOC_SCRIPT = os.environ.get("RELEVANCE_PYDOC_SCRIPT", "/work/shared/relevance/make_pydoc_set.py")
# A set is a few thousand pieces at most: a database holding more is someone's
# archive or the million-piece search benchmark, never emptied here.
MAX_EXISTING = 20_000


class Command(BaseCommand):
    help = "Known-item relevance of the search page vs SQLite FTS5 bm25 (its own database)."
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument(
            "--set",
            dest="sets",
            action="append",
            default=[],
            metavar="DIR",
            help="a set folder (pieces/*.txt, queries.tsv); default: build pydoc and docstrings",
        )
        parser.add_argument("--pydoc-script", default=PYDOC_SCRIPT)
        parser.add_argument(
            "--reuse",
            action="store_true",
            help="keep a set the database already holds (while tuning; not for reported numbers)",
        )

    def handle(self, *args, sets, pydoc_script, reuse, **options):
        self.reuse = reuse
        name = ensure_database()
        call_command("migrate", verbosity=0)
        if Article.objects.count() > MAX_EXISTING:
            raise CommandError(f"{name!r} holds more than {MAX_EXISTING:,} pieces; not emptying it")
        with tempfile.TemporaryDirectory(prefix="relevance-") as scratch:
            folders = [Path(s) for s in sets] or self.build_sets(Path(scratch), pydoc_script)
            total, baseline = relevance.Scores(), relevance.Scores()
            for folder in folders:
                scores, fts5 = self.score_set(folder)
                self.stdout.write(relevance.line(f"relevance-set {folder.name}", scores, fts5))
                total.extend(scores)
                baseline.extend(fts5)
        self.stdout.write(relevance.line("relevance-bench", total, baseline))

    def build_sets(self, scratch: Path, pydoc_script: str) -> list[Path]:
        builders = {
            "pydoc": [sys.executable, pydoc_script],
            "docstrings": [sys.executable, "-m", "devtools.bench.docstring_set"],
        }
        for set_name, command in builders.items():
            subprocess.run(
                [*command, str(scratch / set_name)],
                check=True,
                capture_output=True,
                cwd=settings.BASE_DIR,  # devtools is importable from the checkout only
            )
        return [scratch / set_name for set_name in builders]

    def score_set(self, folder: Path) -> tuple[relevance.Scores, relevance.Scores]:
        items = relevance.load(folder)
        if not items:
            raise CommandError(f"{folder}: no queries in queries.tsv")
        publication = f"Relevance set {folder.name}"
        held = Article.objects.filter(publication__name=publication).count()
        if self.reuse and held == Article.objects.count() == len(items):
            self.stderr.write(f"{folder.name}: reusing its {held} pieces")
        else:
            self.import_set(folder, publication, len(items))
        # Each set is its own archive: its own average lengths, not the previous
        # set's (the search keeps them for an hour).
        scoring.forget_averages()
        scores = relevance.Scores()
        for item in items:
            results = search_pipeline.search(item.query, per_page=relevance.TOP)
            titles = [article.title for article in results.articles]
            scores.add(relevance.rank_of(item.title, titles), found_any=results.total > 0)
        return scores, relevance.fts5_scores(folder, items)

    def import_set(self, folder: Path, publication: str, count: int) -> None:
        self.stderr.write(f"{folder.name}: importing {count} known items")
        Article.objects.all().delete()
        call_command(
            "import_articles",
            str(folder / "pieces"),
            publication=publication,
            author="Documentation",
            no_progress=True,
            stdout=open(os.devnull, "w"),  # noqa: SIM115 - closed with the process
        )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

"""Rebuild the search index and lexicons from scratch, in bulk.

Triggers keep the index fresh on every write; this is for a first import of a
large archive (load with triggers off, then rebuild) or for recovery.
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from archive.changes import rows_written
from articles.management.progress import Progress
from articles.search import index
from articles.search.models import SearchDocument


class Command(BaseCommand):
    help = "Rebuild the search index (documents, GIN indexes, lexicons) in bulk."

    def handle(self, *args, **options):
        started = time.monotonic()
        written = index.rebuild(
            progress=Progress("indexing", 1),
            log=lambda message: self.stderr.write(f"  {message}"),
        )
        rows_written.send(sender=SearchDocument)  # cached result pages are stale now
        self.stdout.write(f"indexed {written:,} pieces in {time.monotonic() - started:.0f}s")

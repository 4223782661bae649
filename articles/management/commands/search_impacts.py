"""Rebuild the impact lists (each common term's best pieces) from the search index.

search_rebuild does this too; run it alone after a large import, or now and
then as new words become common (articles/search/impacts.py).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from articles.search import impacts


class Command(BaseCommand):
    help = "Rebuild the search's impact lists (each common term's best pieces)."

    def handle(self, *args, **options):
        started = time.monotonic()
        written = impacts.rebuild()
        self.stdout.write(f"listed {written:,} entries in {time.monotonic() - started:.0f}s")

"""Fill an empty database with invented demo content: ``manage.py seed_demo``."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from devtools.demo import seed_demo_content


class Command(BaseCommand):
    help = (
        "Fill an empty database with deterministic demo content (publications, authors, "
        "topics, articles and threaded comments). Does nothing if any article exists."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        counts = seed_demo_content()
        if counts is None:
            self.stdout.write("database already has articles; seed_demo skipped")
            return
        self.stdout.write(
            self.style.SUCCESS(
                "seeded {articles} articles, {authors} authors, {publications} publications, "
                "{topics} topics, {comments} comments".format_map(counts)
            )
        )
        if options["verbosity"] > 1:
            self.stdout.write(f"took {time.monotonic() - started:.2f}s")

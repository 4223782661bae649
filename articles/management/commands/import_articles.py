"""``manage.py import_articles PATH...``: plain-text pieces, WordPress exports, our jsonl."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from articles.importers.service import FORMATS, Progress, import_paths, summary_lines


class Command(BaseCommand):
    help = (
        "Import pieces from files or folders (searched recursively): plain text (.txt), "
        "WordPress WXR exports (.xml) or this archive's jsonl export. Importing the same "
        "files again changes nothing; a changed source updates its piece in place."
    )

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=FORMATS, default="auto")
        parser.add_argument(
            "--publication", default="", help="publication for pieces that do not name one"
        )
        parser.add_argument(
            "--author", default="", help="author for text pieces with no byline or front matter"
        )
        parser.add_argument(
            "--encoding", default="", help="read text files in this encoding instead of detecting"
        )
        parser.add_argument("--dry-run", action="store_true", help="report, write nothing")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        progress = Progress(self.stderr._out, enabled=not options["no_progress"])
        report = import_paths(
            options["paths"],
            format=options["format"],
            publication=options["publication"],
            author=options["author"],
            encoding=options["encoding"],
            dry_run=options["dry_run"],
            progress=progress,
        )
        for line in summary_lines(report):
            self.stdout.write(line)
        if not report.ok:
            raise CommandError(f"{len(report.failures)} item(s) or file(s) failed; see above")

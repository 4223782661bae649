"""``manage.py export_articles --format wxr|jsonl PATH``: the whole archive to one file."""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from articles.exporters.jsonl import export_jsonl
from articles.exporters.wxr import export_wxr


class Command(BaseCommand):
    help = (
        "Export every piece with its authors, publication, topics and comment thread: "
        "wxr (WordPress can import it) or jsonl (lossless). PATH '-' writes to stdout."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", metavar="PATH")
        parser.add_argument("--format", choices=["wxr", "jsonl"], required=True)
        parser.add_argument(
            "--site-url", default="", help="absolute base for links in a WXR export"
        )

    def handle(self, *args, path, format, site_url, **options):
        def write(out) -> int:
            return export_wxr(out, site_url=site_url) if format == "wxr" else export_jsonl(out)

        if path == "-":
            count = write(sys.stdout)
            self.stderr.write(f"exported {count} piece(s)")
            return
        target = Path(path)
        if not target.parent.is_dir():
            raise CommandError(f"no such folder: {target.parent}")
        # Written beside the target and renamed at the end: a failed export never
        # leaves a half-written file where a good one was.
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
                count = write(out)
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp's 0600 is for secrets, not exports
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self.stdout.write(self.style.SUCCESS(f"exported {count} piece(s) to {target} ({format})"))

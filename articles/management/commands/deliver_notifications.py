"""The reply-notification worker: queue what is due and send it, once or forever."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from articles.notifications import service


class Command(BaseCommand):
    help = "Send reply notifications that are due (one pass, or --loop)."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="run until stopped")
        parser.add_argument("--interval", type=float, default=10.0, help="seconds between passes")

    def handle(self, *args, loop, interval, **options):
        while True:
            sent, failed = service.deliver()
            if sent or failed or not loop:
                self.stdout.write(f"notifications sent={sent} failed={failed}")
            if not loop:
                return
            close_old_connections()
            time.sleep(interval)

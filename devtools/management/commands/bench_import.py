"""``make bench-import``: build a synthetic WordPress export and import it into a scratch database.

Reports posts/s and peak RSS of the import process, against a baseline
measured in the same run: the same file only parsed and converted (no
database). Targets: >= 1,000 posts/s and peak RSS < 300 MB for ~1 GB.

The scratch database (``archive_bench_import`` on the server of the default
database) is dropped and created by this command; the export is streamed to a
temporary file and removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from devtools.bench.synthetic_wxr import write_synthetic_wxr

SCRATCH_DB = "archive_bench_import"
TARGET_RATE = 1000
TARGET_RSS_MB = 300


class Command(BaseCommand):
    help = "Benchmark the WXR importer on a synthetic export (SIZE_MB, default 1024)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--size-mb", type=int, default=int(os.environ.get("SIZE_MB", "1024") or 1024)
        )
        parser.add_argument("--keep-file", action="store_true", help="keep the generated export")
        parser.add_argument(
            "--keep-db", action="store_true", help=f"keep the scratch database {SCRATCH_DB}"
        )
        # Internal: run one measured phase in this (child) process and print JSON.
        parser.add_argument("--phase", choices=["parse", "import"], help=argparse.SUPPRESS)
        parser.add_argument("--file", default="", help=argparse.SUPPRESS)

    def handle(self, *args, size_mb, keep_file, keep_db, phase, file, **options):
        if phase:
            return self._run_phase(phase, file)
        self.stdout.write(f"bench-import: {size_mb} MB synthetic WXR export")
        handle, path = tempfile.mkstemp(suffix=".xml", prefix="bench-import-")
        try:
            started = time.monotonic()
            with os.fdopen(handle, "wb", buffering=1 << 20) as out:
                posts = write_synthetic_wxr(out, size_bytes=size_mb * 1024 * 1024)
            size = Path(path).stat().st_size
            self.stdout.write(
                f"  built {size / 1e6:,.0f} MB, {posts:,} posts "
                f"in {time.monotonic() - started:.1f}s"
            )
            url = self._scratch_database()
            env = {**os.environ, "DATABASE_URL": url, "DJANGO_DEBUG": "true"}
            subprocess.run(
                [sys.executable, "manage.py", "migrate", "-v0"],
                env=env,
                check=True,
                cwd=settings.BASE_DIR,
            )
            parse = self._child("parse", path, env)
            imported = self._child("import", path, env)
        finally:
            if not keep_file:
                Path(path).unlink(missing_ok=True)
            if not keep_db:
                self._admin_sql(f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)')
        self._report(posts, parse, imported)

    # --- the parent -------------------------------------------------------

    def _admin_sql(self, *statements: str) -> None:
        """Run statements on the server's maintenance database (outside any transaction)."""
        db = settings.DATABASES["default"]
        params = {
            "host": db.get("HOST") or None,
            "port": db.get("PORT") or None,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "dbname": "postgres",
            "autocommit": True,
        }
        try:
            with psycopg.connect(**{k: v for k, v in params.items() if v is not None}) as conn:
                for statement in statements:
                    conn.execute(statement)
        except psycopg.Error as exc:
            raise CommandError(f"scratch database {SCRATCH_DB}: {exc}") from exc

    def _scratch_database(self) -> str:
        db = settings.DATABASES["default"]
        self._admin_sql(
            f'DROP DATABASE IF EXISTS "{SCRATCH_DB}" WITH (FORCE)',
            f'CREATE DATABASE "{SCRATCH_DB}"',
        )
        auth = quote(db.get("USER") or "", safe="")
        if db.get("PASSWORD"):
            auth += ":" + quote(db["PASSWORD"], safe="")
        host = quote(db.get("HOST") or "localhost", safe="")
        port = f":{db['PORT']}" if db.get("PORT") else ""
        return f"postgres://{auth}@{host}{port}/{SCRATCH_DB}"

    def _child(self, phase: str, path: str, env: dict) -> dict:
        """Run a phase in its own process: its peak RSS is then its own."""
        started = time.monotonic()
        process = subprocess.Popen(
            [sys.executable, "manage.py", "bench_import", "--phase", phase, "--file", path],
            env=env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            text=True,
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        output = process.stdout.read()
        process.stdout.close()
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode:
            raise CommandError(f"the {phase} phase failed (exit {process.returncode})")
        result = json.loads(output.strip().splitlines()[-1])
        result["wall"] = time.monotonic() - started
        # Linux reports kilobytes. With a parser process, add its peak to the main
        # process's own: an upper bound on the pair's memory at any moment.
        result["rss_mb"] = (
            result["self_rss_mb"] + result["parser_rss_mb"]
            if result.get("parser_rss_mb")
            else usage.ru_maxrss / 1024
        )
        result["cpu"] = usage.ru_utime + usage.ru_stime
        return result

    def _report(self, posts: int, parse: dict, imported: dict) -> None:
        parse_rate = parse["posts"] / parse["seconds"]
        rate = imported["created"] / imported["seconds"]

        def row(label, posts, result, rate):
            return (
                f"  {label:<28}{posts:>9,}{result['seconds']:>9.1f}{rate:>9,.0f}"
                f"{posts / result['cpu']:>13,.0f}{result['rss_mb']:>9,.0f} MB"
            )

        load = os.getloadavg()[0]
        lines = [
            "",
            f"  {'phase':<28}{'posts':>9}{'seconds':>9}{'posts/s':>9}"
            f"{'posts/CPU-s':>13}{'peak RSS':>12}",
            row("baseline: parse + convert", parse["posts"], parse, parse_rate),
            row("import into PostgreSQL", imported["created"], imported, rate),
            "",
            f"  import / parse-only rate: {rate / parse_rate:.2f}"
            f"  (load average {load:.1f} on {os.cpu_count()} cores; posts/CPU-s counts"
            " the importer's processes' CPU, not PostgreSQL's)",
            "  peak RSS of the import: "
            + (
                f"main {imported['self_rss_mb']:,.0f} MB + parser process "
                f"{imported['parser_rss_mb']:,.0f} MB (summed above)"
                if imported.get("parser_rss_mb")
                else "one process"
            ),
            *self._cpu_lines(imported),
            f"  comments imported: {imported['comments']:,}; skipped: {imported['skipped']:,}; "
            f"failed: {imported['failed']}",
            f"  target >= {TARGET_RATE:,} posts/s: {'met' if rate >= TARGET_RATE else 'NOT met'}"
            f" ({rate:,.0f})",
            f"  target peak RSS < {TARGET_RSS_MB} MB: "
            f"{'met' if imported['rss_mb'] < TARGET_RSS_MB else 'NOT met'}"
            f" ({imported['rss_mb']:,.0f} MB)",
        ]
        for line in lines:
            self.stdout.write(line)
        if imported["created"] != posts:
            raise CommandError(f"expected {posts} posts, imported {imported['created']}")

    @staticmethod
    def _cpu_lines(imported: dict) -> list[str]:
        if imported.get("postgres_cpu") is None:
            return ["  PostgreSQL's CPU: not measured (the server is not on this machine)"]
        posts = max(imported["created"], 1)
        own = 1000 * imported["cpu"] / posts
        server = 1000 * imported["postgres_cpu"] / posts
        cores = os.cpu_count() or 1
        return [
            f"  CPU per post: importer {own:.2f} ms + PostgreSQL {server:.2f} ms = "
            f"{own + server:.2f} ms; on {cores} idle cores at most "
            f"{1000 * cores / (own + server):,.0f} posts/s"
        ]

    # --- the children -----------------------------------------------------

    def _run_phase(self, phase: str, path: str) -> None:
        started = time.monotonic()
        if phase == "parse":
            from articles.importers.records import ArticleRecord
            from articles.importers.wxr import parse_wxr

            count = 0
            for event in parse_wxr(path, file=path):
                if isinstance(event, ArticleRecord):
                    event.content_hash()
                    count += 1
            result = {"posts": count}
        else:
            from articles.importers.service import Progress, import_paths

            with BackendCPU() as postgres:
                report = import_paths([path], format="wxr", progress=Progress(sys.stderr))
            result = {
                "created": report.counts["created"],
                "comments": report.counts["comments created"],
                "skipped": sum(report.skipped.values()),
                "failed": report.counts["failed"],
                "parser_rss_mb": report.parser_peak_rss_kb / 1024,
                "postgres_cpu": postgres.seconds,
            }
        result["seconds"] = time.monotonic() - started
        result["self_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        self.stdout.write(json.dumps(result))


class BackendCPU:
    """CPU seconds the scratch database's server processes spent, sampled from /proc.

    Wall-clock rates swing with whatever else the machine runs; CPU per post does
    not, and with the importer's own CPU it tells what the import needs per core.
    Only meaningful when PostgreSQL runs on this machine (else it stays None). The
    last fraction of a second of a connection that closes between samples is lost.
    """

    INTERVAL = 0.5

    def __init__(self):
        self.seconds: float | None = None
        self._peak: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample_until_stopped, daemon=True)

    def __enter__(self):
        self._sample()
        self._start = dict(self._peak)
        self._thread.start()
        return self

    def __exit__(self, *exc_info):
        self._stop.set()
        self._thread.join()
        self._sample()
        if self._peak:
            self.seconds = sum(cpu - self._start.get(pid, 0.0) for pid, cpu in self._peak.items())

    def _sample_until_stopped(self):
        from django.db import connections

        try:
            while not self._stop.wait(self.INTERVAL):
                self._sample()
        finally:
            connections.close_all()  # this thread's connection

    def _sample(self):
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
            pids = [row[0] for row in cursor.fetchall()]
        for pid in pids:
            try:
                with open(f"/proc/{pid}/stat") as stat:
                    fields = stat.read().rsplit(")", 1)[1].split()
            except OSError:  # not on this machine, or gone
                continue
            cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
            self._peak[pid] = max(self._peak.get(pid, 0.0), cpu)

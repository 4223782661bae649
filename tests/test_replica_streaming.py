"""A real streaming replica: a primary this test starts with initdb, a replica
made from it with ``pg_basebackup -R``, and gunicorn with the replica router
(DATABASE_REPLICA_URLS) in front of both.

- Anonymous reads come from the replica: with its replay paused, a change made
  on the primary is not on the page yet.
- A visitor who just wrote reads from the primary (the pin cookie): the poster
  sees their comment and the change at once.
- With the replica stopped, pages still answer 200 (from the primary), comments
  sent meanwhile are stored, and the replica has them once it is back.

The test starts its own primary rather than copying the shared test server: a
base backup copies a whole cluster, and the shared one holds the benchmark
archives.
"""

from __future__ import annotations

import http.cookies
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest

from devtools.local_gunicorn import LocalGunicorn, free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
PG_BIN = Path(os.environ.get("PG_BIN", "/usr/lib/postgresql/15/bin"))
SLUG = "replicated-piece"


def _server_user() -> str | None:
    """PostgreSQL refuses to run as root: as root, run it as the postgres user."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        pytest.skip("running as root and there is no postgres OS user to run PostgreSQL as")
    return "postgres"


class Cluster:
    """A primary and its streaming replica in a temporary directory."""

    def __init__(self, directory: Path):
        self.dir = directory
        self.user = _server_user()
        self.primary_port = free_port()
        self.replica_port = free_port()

    def run(self, tool: str, *args: str) -> subprocess.CompletedProcess:
        command = [str(PG_BIN / tool), *args]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, capture_output=True, text=True, timeout=180)
        if result.returncode != 0:
            raise RuntimeError(f"{tool} failed:\n{result.stdout}\n{result.stderr}")
        return result

    def pg_ctl(self, node: str, *args: str) -> None:
        self.run("pg_ctl", "-D", str(self.dir / node), "-w", "-t", "60", *args)

    def start(self, node: str) -> None:
        port = self.primary_port if node == "primary" else self.replica_port
        options = f"-p {port} -h 127.0.0.1 -k {self.dir}"
        self.pg_ctl(node, "-o", options, "-l", str(self.dir / f"{node}.log"), "start")

    def stop(self, node: str) -> None:
        self.pg_ctl(node, "-m", "fast", "stop")

    def url(self, node: str) -> str:
        port = self.primary_port if node == "primary" else self.replica_port
        return f"postgres://postgres@127.0.0.1:{port}/archive"

    def sql(self, node: str, query: str, params=()) -> list[tuple]:
        with psycopg.connect(self.url(node), autocommit=True, connect_timeout=5) as conn:
            cursor = conn.execute(query, params)
            return cursor.fetchall() if cursor.description else []

    def create(self) -> None:
        primary = self.dir / "primary"
        self.run("initdb", "-D", str(primary), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        # Debian's defaults already allow this; stated so any build of initdb does too.
        with (primary / "postgresql.conf").open("a") as conf:
            conf.write("wal_level = replica\nmax_wal_senders = 4\nhot_standby = on\nfsync = off\n")
        self.start("primary")
        self.run(
            "createdb", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres", "archive"
        )

    def make_replica(self) -> None:
        self.run(
            "pg_basebackup", "-h", "127.0.0.1", "-p", str(self.primary_port), "-U", "postgres",
            "-D", str(self.dir / "replica"), "-R", "-X", "stream", "-c", "fast",
        )  # fmt: skip
        self.start("replica")
        assert self.sql("replica", "SELECT pg_is_in_recovery()") == [(True,)]

    def wait_for_replay(self, timeout: float = 30) -> None:
        """Until the replica has replayed everything the primary has written so far."""
        target = self.sql("primary", "SELECT pg_current_wal_lsn()::text")[0][0]
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            caught_up = self.sql(
                "replica", "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)
            )[0][0]
            if caught_up:
                return
            time.sleep(0.1)
        raise AssertionError("the replica did not catch up with the primary")


@pytest.fixture(scope="module")
def cluster():
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_basebackup").exists():
        pytest.skip(f"PostgreSQL server binaries (initdb, pg_basebackup) not found in {PG_BIN}")
    directory = Path(tempfile.mkdtemp(prefix="archive-replica-"))
    cluster = Cluster(directory)
    if cluster.user:
        shutil.chown(directory, user=cluster.user)
    try:
        cluster.create()
        env = site_env(cluster)
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"],
            cwd=ROOT, env=env, check=True, timeout=600,
        )  # fmt: skip
        code = (
            "import django; django.setup()\n"
            "from tests.factories import ArticleFactory\n"
            f"ArticleFactory(slug={SLUG!r}, title='The first title of the piece')\n"
        )
        subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120)
        cluster.make_replica()
        yield cluster
    finally:
        for node in ("replica", "primary"):
            try:
                cluster.stop(node)
            except RuntimeError:
                pass  # not running
        shutil.rmtree(directory, ignore_errors=True)


def site_env(cluster: Cluster, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "REDIS_", "COUNTERS_", "PAGE_CACHE"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="archive.settings",
        DJANGO_DEBUG="true",
        DATABASE_URL=cluster.url("primary"),
        PAGE_CACHE_SECONDS="0",  # every page read really reads the database
        COMMENTS_MIN_FILL_SECONDS="0",
        COMMENTS_BURST_SECONDS="0",
        **extra,
    )
    return env


@pytest.fixture
def site(cluster, tmp_path):
    env = site_env(
        cluster,
        DATABASE_REPLICA_URLS=cluster.url("replica"),
        DATABASE_REPLICA_RETRY_SECONDS="2",
        WEB_CONCURRENCY="2",
    )
    server = LocalGunicorn(env, log=tmp_path / "gunicorn.log")
    with server:
        yield server


class Browser:
    """One visitor: keeps the cookies the site sets, follows no redirects."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base: str):
        self.base = base
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(self._NoRedirect)

    def fetch(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(header)
            self.cookies.update({name: morsel.value for name, morsel in cookie.items()})
        return response.status, response.read().decode()

    def comment(self, text: str) -> int:
        _, page = self.fetch(f"/articles/{SLUG}/")
        fields = {
            name: re.search(rf'name="{name}" value="([^"]*)"', page).group(1)
            for name in ("csrfmiddlewaretoken", "token")
        }
        status, _ = self.fetch(
            f"/articles/{SLUG}/comments/",
            {**fields, "subject": "", "name": "Replica Reader", "email": "rr@example.org",
             "body": text},
        )  # fmt: skip
        return status


def test_reads_come_from_the_replica_and_a_writer_reads_the_primary(cluster, site):
    cluster.wait_for_replay()
    assert "The first title of the piece" in Browser(site.base).fetch(f"/articles/{SLUG}/")[1]

    cluster.sql("replica", "SELECT pg_wal_replay_pause()")
    try:
        cluster.sql(
            "primary",
            "UPDATE articles_article SET title = 'A corrected title' WHERE slug = %s",
            (SLUG,),
        )
        # The replica has not replayed the change, so a page from it shows the old title.
        reader = Browser(site.base)
        for _ in range(4):  # both workers
            status, page = reader.fetch(f"/articles/{SLUG}/")
            assert status == 200
            assert "The first title of the piece" in page
            assert "A corrected title" not in page

        poster = Browser(site.base)
        assert poster.comment("Posted while the replica lags.") == 302
        assert "archive_primary" in poster.cookies  # pinned to the primary for a while
        status, page = poster.fetch(f"/articles/{SLUG}/")
        assert status == 200
        assert "A corrected title" in page
        assert "Posted while the replica lags." in page  # their own comment, awaiting moderation

        # Someone else still reads the lagging replica: neither change is there yet.
        page = Browser(site.base).fetch(f"/articles/{SLUG}/")[1]
        assert "The first title of the piece" in page
        assert "Posted while the replica lags." not in page
    finally:
        cluster.sql("replica", "SELECT pg_wal_replay_resume()")

    cluster.wait_for_replay()
    assert "A corrected title" in Browser(site.base).fetch(f"/articles/{SLUG}/")[1]


def test_with_the_replica_stopped_pages_answer_from_the_primary_and_nothing_is_lost(cluster, site):
    reader = Browser(site.base)
    assert reader.fetch(f"/articles/{SLUG}/")[0] == 200
    cluster.stop("replica")
    try:
        for path in (f"/articles/{SLUG}/", "/", f"/articles/{SLUG}/", "/search/?q=piece") * 2:
            status, page = Browser(site.base).fetch(path)
            assert status == 200, (path, site.log_tail())
        texts = [f"Sent while the replica was down, number {n}." for n in range(3)]
        for text in texts:
            assert Browser(site.base).comment(text) == 302
        stored = cluster.sql(
            "primary", "SELECT body FROM articles_comment WHERE body LIKE 'Sent while%%'"
        )
        assert sorted(row[0] for row in stored) == texts
    finally:
        cluster.start("replica")

    cluster.wait_for_replay()
    on_replica = cluster.sql(
        "replica", "SELECT body FROM articles_comment WHERE body LIKE 'Sent while%%'"
    )
    assert sorted(row[0] for row in on_replica) == texts
    time.sleep(2.1)  # the routers' retry period: the replica is back in use
    assert Browser(site.base).fetch(f"/articles/{SLUG}/")[0] == 200

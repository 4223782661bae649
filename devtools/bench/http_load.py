"""``make bench-http``: requests per second of real pages against a static file.

Serves a benchmark database (demo content plus a piece with 100 approved
comments) with gunicorn (``2 x cores + 1`` sync workers, DEBUG off), then runs
``wrk`` against each URL for BENCH_DURATION seconds with BENCH_CONNECTIONS
connections. The baseline is one static file served by the same gunicorn and
WhiteNoise in the same run: the most this stack can do per request.

Each line: requests/s, p99 latency, non-2xx responses, and the ratio to the
static file. The static file is measured (BENCH_DURATION / 3 seconds) before
and after each page, and each page is compared with the mean of those two runs,
so a machine whose load drifts during the run still gives fair ratios.
Targets: cached pages >= 50% of the static file, an uncached article >= 25%,
the poster's own thread >= 15%, and no non-2xx response at all. "Uncached"
requests carry a signed replica-pin cookie (as after a write), which makes the
page cache step aside: they measure the view, its query, the template and the
shared fragments (thread, form, piece) any reader outside the page cache gets.
The "poster's own thread" line carries a valid cookie for a pending comment on
the piece, so the thread is rendered for that reader: what a page costs when its
thread cannot be shared.

The "through Varnish" line reads the cached article through Debian's varnishd
with varnish.vcl (devtools/local_varnish.py) in front of the same gunicorn, and
is also compared with gunicorn's own cached article: target >= 10x. It is left
out, with a note, where varnishd is not installed.

The search line is added when ``/search/?q=BENCH_SEARCH_QUERY`` answers 200.

Raw wrk output goes to /tmp/archive-bench-http-wrk.log, the server's log to
/tmp/archive-bench-http-gunicorn.log (BENCH_LOG_DIR to move them).

Environment: BENCH_DATABASE_URL (default a local ``archive_bench`` database,
created if missing), BENCH_REDIS_URL (default: none, local-memory cache),
BENCH_DURATION (30), BENCH_CONNECTIONS (64), BENCH_THREADS (2), BENCH_SEARCH_QUERY.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from devtools import local_varnish
from devtools.local_gunicorn import LocalGunicorn, production_env, status_of

BASE_DIR = Path(__file__).resolve().parents[2]
BENCH_SLUG = "bench-a-hundred-comments"
LOG_DIR = Path(os.environ.get("BENCH_LOG_DIR", "/tmp"))  # noqa: S108
SERVER_LOG = LOG_DIR / "archive-bench-http-gunicorn.log"
WRK_LOG = LOG_DIR / "archive-bench-http-wrk.log"


@dataclass
class Target:
    label: str
    path: str
    cookie: str = ""
    minimum_ratio: float | None = None
    base: str | None = None  # another server than gunicorn (Varnish in front of it)
    versus: str | None = None  # the label of a page to compare with as well...
    minimum_times: float | None = None  # ...and how many times its rate is the target


@dataclass
class Result:
    requests_per_second: float
    p99_ms: float
    non_2xx: int
    socket_errors: int


def ensure_bench_article() -> None:
    """A published piece with 100 approved comments (some threaded); idempotent."""
    from django.utils import timezone

    from articles.models import Article, Comment

    article, _ = Article.objects.get_or_create(
        slug=BENCH_SLUG,
        defaults={
            "title": "A hundred readers on the price of bread",
            "standfirst": "The benchmark's piece: one article, a long moderated thread.",
            "body": "\n\n".join(
                f"Paragraph {n}: the bakers' guild met again and argued about flour."
                for n in range(1, 13)
            ),
            "status": Article.Status.PUBLISHED,
            "published_at": timezone.now(),
        },
    )
    missing = 100 - article.comments.approved().count()
    parents: list[Comment] = []
    for n in range(missing):
        comment = Comment.objects.create(
            article=article,
            parent=parents[-1] if parents and n % 4 == 3 else None,
            name=f"Reader {n}",
            email=f"reader{n}@bench.example",
            body=f"Comment {n}: the argument about the millers holds, mostly. " * 3,
            status=Comment.Status.APPROVED,
        )
        parents.append(comment)


def poster_cookie() -> str:
    """The cookie of a reader whose own comment on the bench piece awaits moderation.

    Their page cannot use the shared thread fragment: it shows the 100 comments and
    theirs, rendered for them (the thread's two queries and its template)."""
    from django.core import signing

    from articles.comments.cookies import PENDING_COOKIE, PENDING_COOKIE_SALT
    from articles.models import Article, Comment

    article = Article.objects.get(slug=BENCH_SLUG)
    comment, _ = Comment.objects.get_or_create(
        article=article,
        name="Bench poster",
        status=Comment.Status.PENDING,
        defaults={"email": "poster@bench.example", "body": "Still waiting for a moderator."},
    )
    signer = signing.get_cookie_signer(salt=PENDING_COOKIE + PENDING_COOKIE_SALT)
    return f"{PENDING_COOKIE}={signer.sign(str(comment.pk))}"


def outside_cookie() -> str:
    """A real cookie that makes the page cache step aside and changes nothing on the
    page: reads pinned to the primary for the next hour (as after a write). Its
    reader gets every shared fragment: the "uncached" line. (A made-up cookie no
    longer buys an uncached render; a pending comment elsewhere unshares the thread.)
    """
    from django.core import signing

    from archive.replicas import PIN_COOKIE, PIN_COOKIE_SALT

    signer = signing.get_cookie_signer(salt=PIN_COOKIE + PIN_COOKIE_SALT)
    return f"{PIN_COOKIE}={signer.sign(str(int(time.time()) + 3600))}"


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin_url = (
        parsed._replace(path="/postgres").geturl().replace("postgres://", "postgresql://", 1)
    )
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if not exists:
            connection.execute(f'CREATE DATABASE "{name}"')


LATENCY_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def parse_wrk(output: str) -> Result:
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    p99 = re.search(r"^\s+99%\s+([\d.]+)(us|ms|s)\s*$", output, flags=re.MULTILINE)
    non_2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    return Result(
        requests_per_second=rps,
        p99_ms=float(p99.group(1)) * LATENCY_UNITS[p99.group(2)],
        non_2xx=int(non_2xx.group(1)) if non_2xx else 0,
        socket_errors=sum(int(n) for n in errors.groups()) if errors else 0,
    )


def settle(base: str) -> None:
    """Wait until requests queued by the last run are done.

    wrk stops sending when its time is up, but up to one request per connection
    is still queued in gunicorn; after a slow page that is seconds of work, which
    would be charged to the next run (the static file's, making every ratio look
    better than it is)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        started = time.monotonic()
        status_of(base + "/healthz")
        if time.monotonic() - started < 0.05:
            return
        time.sleep(0.5)


def run_wrk(url: str, cookie: str, duration: int, connections: int, threads: int) -> Result:
    args = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    args += ["--timeout", "10s"]  # slower than that counts as a socket error (timeout)
    if cookie:
        args += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(
        [*args, url], capture_output=True, text=True, check=True, timeout=duration + 60
    ).stdout
    origin = urllib.parse.urlsplit(url)
    settle(f"{origin.scheme}://{origin.netloc}")
    with WRK_LOG.open("a") as log:
        log.write(f"--- {' '.join(args)} {url}\n{output}\n")
    return parse_wrk(output)


def main() -> int:
    if not shutil.which("wrk"):
        print("bench-http: wrk is not installed (Debian: apt-get install wrk)", file=sys.stderr)
        return 2
    duration = int(os.environ.get("BENCH_DURATION", "30"))
    connections = int(os.environ.get("BENCH_CONNECTIONS", "64"))
    threads = int(os.environ.get("BENCH_THREADS", "2"))
    query = os.environ.get("BENCH_SEARCH_QUERY", "harbour")
    database_url = os.environ.get(
        "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/archive_bench"
    )
    workers = multiprocessing.cpu_count() * 2 + 1

    ensure_database(database_url)
    env = production_env(database_url, WEB_CONCURRENCY=str(workers))
    if os.environ.get("BENCH_REDIS_URL"):
        env["REDIS_URL"] = os.environ["BENCH_REDIS_URL"]

    def manage(*args: str, debug: bool = False) -> None:
        # seed_demo is a development command (devtools is installed with DEBUG on only).
        command_env = {**env, "DJANGO_DEBUG": "true"} if debug else env
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=BASE_DIR,
            env=command_env,
            check=True,
            timeout=900,
        )

    print(f"bench-http: preparing {database_url.rsplit('/', 1)[-1]} ...", flush=True)
    manage("migrate", "--noinput", "-v", "0")
    manage("seed_demo", "-v", "0", debug=True)
    elsewhere, poster = (
        subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from devtools.bench.http_load import ensure_bench_article, poster_cookie; "
                "from devtools.bench.http_load import outside_cookie; "
                "ensure_bench_article(); print(outside_cookie()); print(poster_cookie())",
            ],
            cwd=BASE_DIR,
            env=env,
            check=True,
            timeout=300,
            capture_output=True,
            text=True,
        )
        .stdout.strip()
        .splitlines()[-2:]
    )
    manage("collectstatic", "--noinput", "-v", "0")
    manifest = json.loads((BASE_DIR / "staticfiles" / "staticfiles.json").read_text())
    static_path = "/static/" + manifest["paths"]["css/site.css"]

    WRK_LOG.write_text("")
    server = LocalGunicorn(env, log=SERVER_LOG)
    cache = local_varnish.LocalVarnish(server.port, memory="256m")
    if local_varnish.available():
        env["PAGE_CACHE_PURGE_URLS"] = cache.purge_url
    try:
        with server:
            if not local_varnish.available():
                print("bench-http: varnishd is not installed; no Varnish line", flush=True)
                args = (
                    static_path,
                    query,
                    duration,
                    connections,
                    threads,
                    workers,
                    elsewhere,
                    poster,
                )
                return measure(server.base, *args)
            with cache:
                args = (
                    static_path,
                    query,
                    duration,
                    connections,
                    threads,
                    workers,
                    elsewhere,
                    poster,
                )
                return measure(server.base, *args, varnish=cache.base)
    except RuntimeError as error:  # gunicorn or varnishd did not start
        print(f"bench-http: {error}", file=sys.stderr)
        return 2


def measure(
    base,
    static_path,
    query,
    duration,
    connections,
    threads,
    workers,
    elsewhere,
    poster,
    varnish=None,
) -> int:
    article = f"/articles/{BENCH_SLUG}/"
    cached_article = "article + 100 comments, cached"
    targets = [
        Target("static file (ceiling, mean of runs)", static_path),
        Target("home, cached", "/", minimum_ratio=0.50),
        Target(cached_article, article, minimum_ratio=0.50),
        Target("article + 100 comments, uncached", article, elsewhere, 0.25),
        Target("article, poster's own thread", article, poster, 0.15),
    ]
    if varnish:
        targets.append(
            Target(
                "article through Varnish",
                article,
                base=varnish,
                versus=cached_article,
                minimum_times=10.0,
            )
        )
    search = f"/search/?q={urllib.parse.quote(query)}"
    if status_of(base + search) == 200:
        targets.append(Target(f"search {query!r}, cached", search, minimum_ratio=0.50))
        targets.append(Target(f"search {query!r}, uncached", search, elsewhere))
    else:
        print(f"bench-http: {search} does not answer 200 here; no search line", flush=True)
    for target in targets:
        status = status_of((target.base or base) + target.path, target.cookie)
        if status != 200:
            print(f"bench-http: {target.path} answered {status}, not 200", file=sys.stderr)
            return 1

    print(
        f"bench-http: gunicorn {workers} sync workers, wrk {threads} threads, "
        f"{connections} connections, {duration}s per URL; "
        f"load average before: {os.getloadavg()[0]:.1f} on {multiprocessing.cpu_count()} cores",
        flush=True,
    )
    # Other processes on the machine change its speed from minute to minute, so the
    # static file is measured before and after every page and each page is compared
    # with the mean of its two neighbours.
    static, pages = targets[0], targets[1:]
    baseline_seconds = max(5, duration // 3)
    run_wrk(base + static.path, "", 2, connections, threads)  # warm-up
    before = run_wrk(base + static.path, "", baseline_seconds, connections, threads)
    static_runs = [before]
    lines = []
    failures = 0
    for target in pages:
        # Warm every worker's cache (and connections) before measuring.
        url = (target.base or base) + target.path
        run_wrk(url, target.cookie, 2, connections, threads)
        result = run_wrk(url, target.cookie, duration, connections, threads)
        after = run_wrk(base + static.path, "", baseline_seconds, connections, threads)
        static_runs.append(after)
        ratio = result.requests_per_second / (
            (before.requests_per_second + after.requests_per_second) / 2
        )
        before = after
        lines.append((target, result, ratio))

    static_result = Result(
        requests_per_second=sum(r.requests_per_second for r in static_runs) / len(static_runs),
        p99_ms=max(r.p99_ms for r in static_runs),
        non_2xx=sum(r.non_2xx for r in static_runs),
        socket_errors=sum(r.socket_errors for r in static_runs),
    )
    rates = {target.label: result.requests_per_second for target, result, _ in lines}
    for target, result, ratio in [(static, static_result, 1.0), *lines]:
        verdict = ""
        if target.minimum_ratio is not None:
            met = ratio >= target.minimum_ratio
            verdict = f"  target >= {target.minimum_ratio:.2f} {'met' if met else 'MISSED'}"
            failures += not met
        if target.versus is not None:
            times = result.requests_per_second / rates[target.versus]
            met = times >= target.minimum_times
            verdict += (
                f"  {times:.1f}x {target.versus.split(',')[0]} via gunicorn, "
                f"target >= {target.minimum_times:.0f}x {'met' if met else 'MISSED'}"
            )
            failures += not met
        if result.non_2xx or result.socket_errors:
            failures += 1
            verdict += "  ERRORS"
        print(
            f"{target.label:<36} {result.requests_per_second:9.1f} req/s  "
            f"p99 {result.p99_ms:7.1f} ms  non-2xx {result.non_2xx:>4}  "
            f"socket errors {result.socket_errors:>3}  ratio {ratio:5.2f}{verdict}",
            flush=True,
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

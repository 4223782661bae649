"""A real outage: gunicorn (DEBUG off) against a PostgreSQL this test starts and stops.

While the database is down, every page that needs it is the styled 503 with
Retry-After (/healthz stays up while /readyz says why the node is not ready);
when it comes back, the same
gunicorn serves pages again by itself. Run once with persistent connections
and once with the psycopg pool. The same server checks the production static
files: hashed names, compressed, cached for a year.
"""

from __future__ import annotations

import json
import os
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

import pytest

from devtools import local_gunicorn
from devtools.local_gunicorn import LocalGunicorn

pytestmark = [
    pytest.mark.slow,
    # pgserver asks platformdirs for a runtime dir; headless machines have none.
    pytest.mark.filterwarnings("ignore:.*XDG_RUNTIME_DIR"),
]

ROOT = Path(__file__).resolve().parent.parent
PG_USER = "pgserver" if os.geteuid() == 0 else None


# --- A PostgreSQL of our own ---------------------------------------------------------


class Postgres:
    """pgserver's PostgreSQL in a temporary directory, on a unix socket."""

    def __init__(self, directory: Path):
        import pgserver

        self.data = directory / "data"
        self.server = pgserver.get_server(self.data, cleanup_mode="stop")
        self.socket_dir = str(self.data)

    @property
    def url(self) -> str:
        return f"postgres://postgres@{urllib.parse.quote(self.socket_dir, safe='')}/postgres"

    def _pg_ctl(self, *args: str) -> None:
        from pgserver import pg_ctl

        kwargs = {"user": PG_USER} if PG_USER else {}
        pg_ctl(list(args), pgdata=self.data, **kwargs)

    def stop(self) -> None:
        self._pg_ctl("-w", "-m", "fast", "stop")

    def start(self) -> None:
        options = f"-h '' -k {self.socket_dir}"
        self._pg_ctl("-w", "-o", options, "-l", str(self.data / "restart.log"), "start")

    def cleanup(self) -> None:
        self.server.cleanup()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url: str, data: dict | None = None, headers: dict | None = None):
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(url, data=body, headers=headers or {})
    try:
        with OPENER.open(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


@pytest.fixture(scope="module")
def postgres():
    directory = Path(tempfile.mkdtemp(prefix="archive-fault-"))
    if PG_USER:
        # As root, pgserver runs PostgreSQL as its own user, created on first use.
        from pgserver.utils import ensure_user_exists

        ensure_user_exists(PG_USER)
        shutil.chown(directory, user=PG_USER)
    server = Postgres(directory)
    try:
        yield server
    finally:
        server.cleanup()
        shutil.rmtree(directory, ignore_errors=True)


def production_env(postgres: Postgres, **extra: str) -> dict[str, str]:
    return local_gunicorn.production_env(postgres.url, LOG_LEVEL="WARNING", **extra)


@pytest.fixture(scope="module")
def prepared(postgres):
    """Migrated, one article, static files collected."""
    env = production_env(postgres)
    for command in (["migrate", "--noinput", "-v", "0"], ["collectstatic", "--noinput", "-v", "0"]):
        subprocess.run(
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True, timeout=300
        )
    code = (
        "import django; django.setup()\n"
        "from tests.factories import ArticleFactory\n"
        "ArticleFactory(slug='outage', title='Written before the outage')\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=120)
    return postgres


@pytest.fixture
def site(request, prepared):
    extra = {"WEB_CONCURRENCY": "2"}
    if getattr(request, "param", "persistent") == "pool":
        extra.update(DATABASE_POOL="true", DATABASE_POOL_TIMEOUT="2")
    server = LocalGunicorn(
        production_env(prepared, **extra), args=("--access-logfile", "/dev/null")
    )
    try:
        with server:
            yield server.base, server.process
    finally:
        sys.stderr.write(server.log_tail())
        if prepared.server.get_pid() is None:  # a failed test may leave it stopped
            prepared.start()


def assert_styled_503(status, headers, body):
    html = body.decode()
    assert status == 503
    assert int(headers["Retry-After"]) > 0
    assert "temporarily unavailable" in html
    assert 'rel="stylesheet"' in html
    assert "Traceback" not in html


@pytest.mark.parametrize("site", ["persistent", "pool"], indirect=True)
def test_database_outage_is_a_503_and_heals_itself(site, prepared):
    base, gunicorn = site
    article = base + "/articles/outage/"
    status, headers, body = fetch(article)
    assert status == 200
    # The tokens the comment form's script fetches when a reader starts writing.
    tokens_url = re.search(rb'data-tokens="([^"]+)"', body).group(1).decode()
    status, headers, body = fetch(base + tokens_url)
    token = json.loads(body)["csrfmiddlewaretoken"]
    cookie = headers["Set-Cookie"].split(";")[0]
    assert fetch(base + "/readyz")[0] == 200

    prepared.stop()
    try:
        # Pages not in the cache need the database: a styled 503 each time. (Not the
        # article under another address: a worker that kept its row and thread for
        # the generation may still answer it from memory.)
        for n in range(4):
            assert_styled_503(*fetch(f"{base}/search/?q=outage+{n}"))
        assert_styled_503(*fetch(base + "/articles/no-such-piece/"))
        # A comment sent now is refused whole, never half-saved.
        assert_styled_503(
            *fetch(
                article + "comments/",
                {"csrfmiddlewaretoken": token, "name": "A", "email": "a@example.org", "body": "Hi"},
                {"Cookie": cookie, "Referer": article},
            )
        )
        status, _, body = fetch(base + "/readyz")
        assert status == 503
        assert json.loads(body)["checks"]["database"].startswith("unreachable")
        assert fetch(base + "/healthz")[0] == 200
    finally:
        prepared.start()

    deadline = time.monotonic() + 30
    statuses = []
    while time.monotonic() < deadline:
        # Pages that need the database (a worker may answer the article from memory).
        statuses.append(fetch(f"{base}/search/?q=after+outage+{len(statuses)}")[0])
        if statuses[-3:] == [200, 200, 200]:
            break
        time.sleep(0.2)
    assert statuses[-3:] == [200, 200, 200], statuses
    assert set(statuses) <= {200, 503}
    assert fetch(f"{article}?after-outage")[0] == 200
    # Each worker finds its broken connection on its next use and opens another.
    ready = []
    while time.monotonic() < deadline + 10 and ready[-2:] != [200, 200]:
        ready.append(fetch(base + "/readyz")[0])
    assert ready[-2:] == [200, 200], ready
    assert gunicorn.poll() is None  # the same server, never restarted


def test_static_files_are_hashed_compressed_and_cached_for_a_year(site):
    base, _ = site
    html = fetch(base + "/")[2].decode()
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert css, "the stylesheet is not served under a hashed name"
    status, headers, body = fetch(base + css.group(1), headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    cache_control = headers["Cache-Control"]
    assert "max-age=315360000" in cache_control
    assert "immutable" in cache_control
    plain = fetch(base + css.group(1))[2]
    assert len(body) < len(plain)

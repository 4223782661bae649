"""The archive under gunicorn on a free local port: for benchmarks and tests.

``make bench-http`` and the tests that need real worker processes (a database
outage, concurrent comment posts) all start the site the way production does,
as a separate gunicorn with ``gunicorn.conf.py``; this is their one way to do it.

    env = production_env("postgres://...", WEB_CONCURRENCY="2")
    with LocalGunicorn(env, log=path) as server:
        urllib.request.urlopen(server.base + "/healthz")
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Settings the caller's environment must not leak into a production-like server.
SETTING_PREFIXES = ("DJANGO_", "DATABASE_", "REDIS_", "PAGE_CACHE", "LOG_", "WEB_CONC")


def production_env(database_url: str, **extra: str) -> dict[str, str]:
    """This process's environment without its settings, plus production ones:
    DEBUG off, a fresh secret, plain http on 127.0.0.1; ``extra`` adds or overrides."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(SETTING_PREFIXES)}
    env.update(
        DJANGO_SETTINGS_MODULE="archive.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
    )
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def status_of(url: str, cookie: str = "", timeout: float = 30) -> int:
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            response.read()
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


class LocalGunicorn:
    """gunicorn serving ``archive.wsgi`` with ``env``, ready (``/healthz`` 200) on entry,
    stopped with its workers on exit. Its output goes to ``log`` (a temporary file
    if none is given); ``log_tail()`` returns the end of it for failure messages."""

    def __init__(self, env: dict[str, str], *, args: tuple[str, ...] = (), log: Path | None = None):
        self.env = env
        self.args = args
        self.log = log or Path(tempfile.mkstemp(prefix="archive-gunicorn-", suffix=".log")[1])
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> LocalGunicorn:
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "archive.wsgi", "-c", "gunicorn.conf.py"]
                + ["--bind", f"127.0.0.1:{self.port}", *self.args],
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its workers stop with it, whatever happens here
            )
        try:
            self.wait_until_ready()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def wait_until_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.process.returncode}:\n{self.log_tail()}"
                )
            try:
                if status_of(self.base + "/healthz", timeout=5) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.1)
        raise RuntimeError(
            f"gunicorn did not answer /healthz in {timeout:.0f}s:\n{self.log_tail()}"
        )

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
        except ProcessLookupError:
            return
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)

    def log_tail(self, size: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-size:]
        except OSError:
            return ""

"""Debian's varnishd with the repository's VCL, in front of a local server: for tests
and ``make bench-http``.

    with LocalVarnish(backend_port=8000) as cache:
        urllib.request.urlopen(cache.base + "/")     # readers
        cache.purge_url                               # where the site sends BAN

The VCL is varnish.vcl with its backend's host and port replaced (Varnish
resolves backend names when it compiles, so the compose name "web" cannot stay).
"""

from __future__ import annotations

import re
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from devtools.local_gunicorn import free_port, status_of

BASE_DIR = Path(__file__).resolve().parent.parent
VCL = BASE_DIR / "varnish.vcl"
VARNISHD = shutil.which("varnishd") or "/usr/sbin/varnishd"


def vcl_for(host: str, port: int) -> str:
    """varnish.vcl with its backend at ``host:port``."""
    text = VCL.read_text()
    text, hosts = re.subn(r'(\.host = )"[^"]*";', rf'\1"{host}";', text, count=1)
    text, ports = re.subn(r'(\.port = )"[^"]*";', rf'\1"{port}";', text, count=1)
    if hosts != 1 or ports != 1:
        raise ValueError("varnish.vcl has no backend .host/.port to point elsewhere")
    return text


def available() -> bool:
    return Path(VARNISHD).exists()


def compile_vcl(path: Path) -> subprocess.CompletedProcess:
    """``varnishd -C``: compile the VCL at ``path`` to C without running anything."""
    workdir = tempfile.mkdtemp(prefix="archive-varnish-check-")
    try:
        return subprocess.run(
            [VARNISHD, "-C", "-j", "none", "-n", workdir, "-f", str(path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


class LocalVarnish:
    """varnishd on free local ports (readers and purge), ready on entry, stopped on exit."""

    def __init__(self, backend_port: int, *, backend_host: str = "127.0.0.1", memory="128m"):
        self.backend = (backend_host, backend_port)
        self.memory = memory
        self.port = free_port()
        self.purge_port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.purge_url = f"http://127.0.0.1:{self.purge_port}/"
        self.workdir = Path(tempfile.mkdtemp(prefix="archive-varnish-"))
        self.log = self.workdir / "varnishd.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> LocalVarnish:
        vcl = self.workdir / "archive.vcl"
        vcl.write_text(vcl_for(*self.backend))
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [
                    VARNISHD,
                    "-F",
                    # This user runs it (a test, a benchmark): no jail users to set up.
                    "-j",
                    "none",
                    "-n",
                    str(self.workdir / "instance"),
                    "-f",
                    str(vcl),
                    "-a",
                    f"http=127.0.0.1:{self.port},HTTP",
                    "-a",
                    f"purge=127.0.0.1:{self.purge_port},HTTP",
                    "-s",
                    f"malloc,{self.memory}",
                    # Bans are tested in the background soon after they arrive.
                    "-p",
                    "ban_lurker_sleep=0.1",
                ],
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
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
                    f"varnishd exited with {self.process.returncode}:\n{self.tail()}"
                )
            try:
                # The backend's probe must have passed too: /healthz through the cache.
                if status_of(self.base + "/healthz", timeout=5) == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise RuntimeError(f"varnishd did not answer in {timeout:.0f}s:\n{self.tail()}")

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            try:
                self.process.send_signal(signal.SIGTERM)
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)
        shutil.rmtree(self.workdir, ignore_errors=True)

    def tail(self, size: int = 3000) -> str:
        try:
            return self.log.read_text(errors="replace")[-size:]
        except OSError:
            return ""

"""The no-install default database: a PostgreSQL server kept in ``.data/postgres``.

Used only when ``DATABASE_URL`` is unset and DEBUG is on (a laptop, ``make run``,
``make test``). Everything that knows about ``pgserver`` lives in this module so
the embedded server can be swapped without touching settings or the app.

The server listens on a unix socket only and keeps running until
``python -m archive.embedded_postgres stop`` (``make run`` calls it on exit), so
several gunicorn workers and management commands share one server.
"""

from __future__ import annotations

import logging
import os
import sys
import warnings
from pathlib import Path
from urllib.parse import parse_qs, urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_DATA_DIR = BASE_DIR / ".data" / "postgres"

# pgserver logs every handle at INFO and platformdirs warns about XDG_RUNTIME_DIR on
# headless machines; neither is news to the person running the archive.
logging.getLogger("pgserver").setLevel(logging.WARNING)
warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR", category=Warning)


def data_dir() -> Path:
    return Path(os.environ.get("EMBEDDED_POSTGRES_DIR", DEFAULT_DATA_DIR)).resolve()


def _server(path: Path):
    try:
        import pgserver
    except ImportError as exc:  # pragma: no cover - depends on the install
        raise SystemExit(
            "archive: DATABASE_URL is not set and the embedded PostgreSQL is not installed; "
            "run `make install` (Linux x86_64 and macOS arm64 only) or set DATABASE_URL."
        ) from exc
    path.mkdir(parents=True, exist_ok=True)
    # cleanup_mode=None: the server outlives this process; `stop` ends it.
    return pgserver.get_server(path, cleanup_mode=None)


def database_settings() -> dict:
    """Start the embedded server if needed and return a Django DATABASES entry."""
    uri = _server(data_dir()).get_uri()
    parsed = urlparse(uri)
    socket_dir = parse_qs(parsed.query)["host"][0]
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": parsed.path.lstrip("/") or "postgres",
        "USER": parsed.username or "postgres",
        "HOST": socket_dir,
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }


def stop() -> bool:
    """Stop the server if it runs; True when something was stopped."""
    path = data_dir()
    if not (path / "postmaster.pid").exists():
        return False
    from pgserver import pg_ctl

    user = "pgserver" if hasattr(os, "geteuid") and os.geteuid() == 0 else None
    pg_ctl(["-w", "-m", "fast", "stop"], pgdata=path, user=user)
    return True


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "start"
    if command == "start":
        print(database_settings()["HOST"])
        return 0
    if command == "stop":
        print("embedded PostgreSQL stopped" if stop() else "embedded PostgreSQL was not running")
        return 0
    print(f"usage: python -m archive.embedded_postgres [start|stop] (got {command!r})")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))

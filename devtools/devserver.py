"""``make run``: one command from a fresh clone to a browsable archive.

Starts the database (embedded unless DATABASE_URL is set), migrates, seeds an
empty database, collects static files and serves with gunicorn, with the
background worker (imports and exports from the admin) beside it. Ctrl-C stops
gunicorn and the embedded PostgreSQL, so nothing is left running.

``make dev`` (``--reload``) serves with Django's runserver instead: code changes
reload the server, and the page cache is off so an edit shows at once.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
ADDRESS = os.environ.get("RUN_ADDRESS", "127.0.0.1:8000")
DEV_ADMIN_USER = "editor"


def manage(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(
        [sys.executable, str(BASE_DIR / "manage.py"), *args],
        check=True,
        cwd=BASE_DIR,
        env=None if env is None else {**os.environ, **env},
    )


def dev_admin_password() -> str:
    """A dev-only editor account for the embedded database, password kept in .data/."""
    path = BASE_DIR / ".data" / "dev-admin-password"
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(12)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(password + "\n")
    path.chmod(0o600)
    return password


def ensure_dev_admin(password: str) -> None:
    code = (
        "from django.contrib.auth import get_user_model; U = get_user_model(); "
        f"u, _ = U.objects.get_or_create(username={DEV_ADMIN_USER!r}, "
        "defaults={'is_staff': True, 'is_superuser': True, 'email': 'editor@localhost'}); "
        f"u.set_password({password!r}); u.save()"
    )
    manage("shell", "--no-imports", "-c", code)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    # Ctrl-C, `kill` and a closing terminal all stop everything we started, even when
    # a parent shell started us with SIGINT ignored (background jobs).
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, _interrupt)
    os.environ.setdefault("DJANGO_DEBUG", "true")
    embedded = not os.environ.get("DATABASE_URL")
    server = None
    workers: list[subprocess.Popen] = []
    try:
        manage("migrate", "--noinput", "-v", "0")
        # A development command (devtools is installed with DEBUG on only), also when
        # `DJANGO_DEBUG=false make run` serves the rest as production would.
        manage("seed_demo", env={"DJANGO_DEBUG": "true"})
        manage("collectstatic", "--noinput", "-v", "0")
        admin_hint = "create an editor account with `make superuser`"
        if embedded:
            password = dev_admin_password()
            ensure_dev_admin(password)
            admin_hint = f"dev-only account {DEV_ADMIN_USER!r} / password {password!r}"
        print(
            f"\n  archive is running at http://{ADDRESS}/\n"
            f"  admin: http://{ADDRESS}/admin/ ({admin_hint})\n"
            "  press Ctrl-C to stop\n",
            flush=True,
        )
        if "--reload" in sys.argv[1:]:
            command_line = [sys.executable, str(BASE_DIR / "manage.py"), "runserver", ADDRESS]
            os.environ["PAGE_CACHE_SECONDS"] = "0"
        else:
            command_line = [
                str(Path(sys.executable).with_name("gunicorn")),
                "archive.wsgi:application",
                "--config",
                str(BASE_DIR / "gunicorn.conf.py"),
                "--bind",
                ADDRESS,
                "--workers",
                os.environ.get("WEB_CONCURRENCY", "2"),
            ]
        # Background work runs beside the web server, as in compose: the admin's
        # imports and exports (django-tasks) and reply-notification mail.
        for command in (["db_worker", "--no-reload"], ["deliver_notifications", "--loop"]):
            workers.append(
                subprocess.Popen(
                    [sys.executable, str(BASE_DIR / "manage.py"), *command],
                    cwd=BASE_DIR,
                    start_new_session=True,
                )
            )
        server = subprocess.Popen(
            command_line,
            cwd=BASE_DIR,
            # Its own session: Ctrl-C reaches only us, and we stop gunicorn with SIGTERM
            # (graceful: a request being answered is finished, not cut off mid-write).
            start_new_session=True,
        )
        return server.wait()
    except KeyboardInterrupt:
        return 0
    except subprocess.CalledProcessError as exc:
        print(
            f"archive: `{' '.join(exc.cmd[1:3])}` failed (exit {exc.returncode})", file=sys.stderr
        )
        return exc.returncode
    finally:
        running = [p for p in [*workers, server] if p is not None and p.poll() is None]
        for process in running:
            process.send_signal(signal.SIGTERM)  # each finishes what it is doing
        for process in running:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        if embedded:
            from archive import embedded_postgres

            embedded_postgres.stop()
            print("archive: stopped gunicorn, the worker and the embedded PostgreSQL", flush=True)


if __name__ == "__main__":
    sys.exit(main())

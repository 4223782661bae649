"""Gunicorn settings for archive, read from the environment.

Values given on the command line win over this file, so `make run` can pass
``--bind 127.0.0.1:8000`` while containers use the defaults below.
"""

import multiprocessing
import os

# Containers must listen on every interface to be reachable through the
# published port; PORT is the platform convention (Heroku, Cloud Run, ...).
bind = os.environ.get("GUNICORN_BIND") or f"0.0.0.0:{os.environ.get('PORT') or '8000'}"

# Sync workers: one request each. The classic 2 * cores + 1 keeps the CPU busy
# while some workers wait on PostgreSQL. WEB_CONCURRENCY is the usual override.
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)

# Kill a stuck worker after 30s (the statement timeout is 15s, so a request
# this slow is wedged), and give in-flight requests 30s to finish on SIGTERM.
timeout = 30
graceful_timeout = 30
# Slightly longer than nothing: lets a proxy reuse connections between requests.
keepalive = 5

# Recycle workers now and then so a slow leak cannot grow forever; the jitter
# keeps them from all restarting at the same moment. At a few thousand requests
# a second, 1000 meant a worker restart every second or so (hardening bench), so
# the default is higher, and the app is loaded once in the master (preload) so a
# restart is a cheap fork instead of a fresh Django import. Nothing connects to
# PostgreSQL or Redis at import time, so no connection is shared across the fork.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS") or 20000)
max_requests_jitter = max_requests // 10
preload_app = (os.environ.get("GUNICORN_PRELOAD") or "true").lower() == "true"

# Logs go to stdout/stderr, where Docker and systemd collect them. Django logs one
# line per request with its request id (archive/request_log.py), so gunicorn's own
# access log is off unless GUNICORN_ACCESSLOG names a file (or "-" for stdout).
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
errorlog = "-"

# gunicorn believes the scheme headers (X-Forwarded-Proto, ...) only from these
# addresses. It never sets REMOTE_ADDR from X-Forwarded-For: the client's address
# is read by archive/client_address.py, from TRUSTED_PROXIES / TRUSTED_PROXY_COUNT.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS") or "127.0.0.1"

# Workers touch a heartbeat file every few seconds; on a container's overlay
# filesystem that write can block and get healthy workers killed, so use RAM.
if os.path.isdir("/dev/shm"):
    worker_tmp_dir = "/dev/shm"

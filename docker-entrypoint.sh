#!/bin/sh
# Container entrypoint: wait for PostgreSQL, apply migrations, then run CMD.
set -eu

# Compose's depends_on covers `docker compose up`, but not a database that is
# still starting on another host or restarting; so wait here, up to
# DATABASE_WAIT_SECONDS (60). DATABASE_URL is read the way settings read it
# (DATABASE_URL_FILE works too); when unset, migrate reports the error itself.
python - <<'PY'
import itertools
import os
import sys
import time

import psycopg

from archive.env import env_str

url = env_str("DATABASE_URL")
if url:
    deadline = time.monotonic() + int(os.environ.get("DATABASE_WAIT_SECONDS", "60"))
    for attempt in itertools.count():
        try:
            psycopg.connect(url, connect_timeout=3).close()
            break
        except psycopg.OperationalError as exc:
            reason = (str(exc).strip().splitlines() or ["no answer"])[0]
            if time.monotonic() >= deadline:
                sys.exit(f"docker-entrypoint: database not reachable, giving up: {reason}")
            if attempt == 0:
                print(f"docker-entrypoint: waiting for the database ({reason})", file=sys.stderr)
            time.sleep(1)
PY

python manage.py migrate --noinput

exec "$@"

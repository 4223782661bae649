# syntax=docker/dockerfile:1

# --- build: install the project and its dependencies into a venv ------------
# A separate stage keeps pip's in-tree build leftovers (build/, *.egg-info)
# out of the final image; only /opt/venv is carried over.
FROM python:3.11-slim AS build

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN python -m venv /opt/venv
ENV PATH="/opt/venv/bin:$PATH"

WORKDIR /src
# The hashed lock first: a code change does not re-download the dependencies.
COPY requirements/prod.txt requirements/prod.txt
RUN pip install --no-cache-dir --require-hashes -r requirements/prod.txt
COPY . .
# Production talks to a real PostgreSQL: the `embedded` extra is for laptops.
# Dependencies came from the lock above; this installs only the project itself.
RUN pip install --no-cache-dir --no-deps .

# --- runtime -----------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH="/opt/venv/bin:$PATH"

# The app runs unprivileged; the code stays root-owned so it cannot be rewritten.
# A numeric USER lets Kubernetes' runAsNonRoot verify it.
RUN useradd --no-log-init --create-home --user-group --uid 10001 app

WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY . .

# Settings refuse to load without these in production; they are only parsed
# here (no database connection), and exist for this one command only.
RUN DJANGO_SECRET_KEY=build-only-not-secret \
    DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput

# Uploads and exports of the admin's import/export jobs (a volume shared by web and
# worker in docker-compose); owned by the app user so a fresh volume is writable.
RUN mkdir -p /var/lib/archive/transfers && chown 10001:10001 /var/lib/archive/transfers

USER 10001:10001
EXPOSE 8000

# Waits for PostgreSQL and applies migrations, then runs CMD.
# No HEALTHCHECK here: health checks belong to compose or the orchestrator.
ENTRYPOINT ["/app/docker-entrypoint.sh"]
CMD ["gunicorn", "archive.wsgi:application", "--config", "gunicorn.conf.py"]

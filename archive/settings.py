"""Settings for archive: one module, read from the environment (see README).

Safe for development by default and strict in production: with DEBUG off the
process refuses to start without DJANGO_SECRET_KEY and DATABASE_URL. DEBUG on
(`make install` writes DJANGO_DEBUG=true to .env) adds the development app and
the embedded database; each such difference is marked "development" below.

Sections, by topic: core, applications and request handling, database, caches
and the page cache, security, sign-in, static files, email, logging, the site's
pages, reader comments, background jobs.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from archive import client_address, replicas
from archive.env import ConfigError, env_bool, env_int, env_list, env_str, load_env_file

BASE_DIR = Path(__file__).resolve().parent.parent
# ARCHIVE_ENV_FILE="" reads no file (the deployment tests start from a clean slate).
load_env_file(os.environ.get("ARCHIVE_ENV_FILE", str(BASE_DIR / ".env")))

# --- Core -----------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ConfigError(
            "DJANGO_SECRET_KEY is not set; production (DJANGO_DEBUG=false) needs a long random "
            "secret, e.g. python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

# Runtime files (not the database's): each worker on this machine shares them.
DATA_DIR = Path(env_str("ARCHIVE_DATA_DIR") or BASE_DIR / ".data").resolve()

# --- Applications and request handling -------------------------------------
INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.humanize",
    "django.contrib.sitemaps",  # /sitemap.xml (articles/sitemaps.py)
    "articles",
    # A version of every admin save (pieces, authors, publications): history, diff,
    # restore and recover-deleted in the admin.
    "reversion",
    # Background jobs as rows in PostgreSQL (see "Background jobs" below).
    "django_tasks",
    "django_tasks_db",
    # The project package as an app: the signals that invalidate the page cache.
    "archive.apps.ArchiveConfig",
]
# Development: seed_demo and the bench_* commands. devtools/ is not in the
# production image, so it is added only with DEBUG on and only where it exists.
if DEBUG and importlib.util.find_spec("devtools"):
    INSTALLED_APPS += ["devtools"]

MIDDLEWARE = [
    # Outermost, so every response (even a redirect) is timed and logged.
    "archive.request_log.RequestLogMiddleware",
    # Load balancers probe by IP over http; answer before host checks and redirects.
    "archive.health.HealthCheckMiddleware",
    # Pins this request's reads to the primary after a write (read replicas).
    "archive.replicas.ReadAfterWriteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",  # ETag -> 304
    "archive.security.CSPMiddleware",  # django-csp's, header built once
    "archive.security.PermissionsPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Inside CSRF, so a cached page gets this visitor's token (see page_cache).
    "archive.page_cache.PageCacheMiddleware",
    "archive.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "archive.urls"
WSGI_APPLICATION = "archive.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "archive.context_processors.site",
                "archive.page_cache.generation_context",  # fragment cache keys
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
elif DEBUG:
    # Development: a PostgreSQL kept in .data/postgres, started on demand.
    from archive import embedded_postgres

    DATABASES = {"default": embedded_postgres.database_settings()}
else:
    raise ConfigError(
        "DATABASE_URL is not set; production (DJANGO_DEBUG=false) needs a PostgreSQL URL, "
        "e.g. postgres://user:password@db:5432/archive"
    )
DATABASES["default"].setdefault("OPTIONS", {})
# A query that runs away must not hold a worker forever.
DATABASES["default"]["OPTIONS"].setdefault(
    "options", f"-c statement_timeout={env_int('DATABASE_STATEMENT_TIMEOUT_MS', 15000)}"
)
DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 5)

# psycopg connection pool (Django >= 5.1). Off by default: a sync gunicorn worker serves
# one request at a time, so its one persistent connection (CONN_MAX_AGE) is already a
# pool of one. Turn it on with threaded workers (GUNICORN_THREADS > 1).
DATABASE_POOL = env_bool("DATABASE_POOL", False)
if DATABASE_POOL:
    DATABASES["default"]["CONN_MAX_AGE"] = 0  # Django refuses persistent connections + a pool
    # With health checks Django asks the pool to test each connection it hands out, so
    # one that died with a database restart is replaced instead of failing a request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["default"]["OPTIONS"]["pool"] = {
        "min_size": env_int("DATABASE_POOL_MIN_SIZE", 1),
        "max_size": env_int("DATABASE_POOL_MAX_SIZE", 4),
        "timeout": env_int("DATABASE_POOL_TIMEOUT", 5),  # then a 503, not a hung worker
    }

# Read replicas: DATABASE_REPLICA_URLS (comma-separated) become replica_0, replica_1, ...
DATABASES.update(
    replicas.replica_databases(env_list("DATABASE_REPLICA_URLS", []), DATABASES["default"])
)
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["archive.replicas.PrimaryReplicaRouter"]
# After a write, this visitor's reads go to the primary for this long (replication lag).
REPLICA_PIN_SECONDS = env_int("DATABASE_REPLICA_PIN_SECONDS", 10)
# A replica that refused a connection is not tried again for this long (per worker).
REPLICA_RETRY_SECONDS = env_int("DATABASE_REPLICA_RETRY_SECONDS", 10)

# --- Caches, the page cache and shared counters ------------------------------
# Without Redis each process has its own cache, so the page cache's generation (tiny,
# shared by every worker on this machine) lives in a file cache; with Redis everything
# is in Redis, sessions included.
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "archive.redis_cache.RedisCache",  # Django's, reusing its client
            "LOCATION": REDIS_URL,
            # Several sites (or test servers) may share one Redis.
            "KEY_PREFIX": env_str("REDIS_KEY_PREFIX", "archive"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    PAGE_CACHE_GENERATION_ALIAS = "default"
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # JSON files in a folder only this user may use (archive/private_files.py).
        "page_generation": {
            "BACKEND": "archive.private_files.PrivateJSONFileCache",
            "LOCATION": str(DATA_DIR / "run" / "page-generation"),
        },
    }
    PAGE_CACHE_GENERATION_ALIAS = "page_generation"

# Page cache: anonymous GETs come from the cache; any write bumps a generation number.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600)
# What anonymous pages tell caches outside (docs/caching.md): shared ones (a CDN,
# Varnish), which the purge URLs below empty on every change, and browsers.
PAGE_CACHE_SHARED_SECONDS = env_int("PAGE_CACHE_SHARED_SECONDS", PAGE_CACHE_SECONDS or 600)
PAGE_CACHE_BROWSER_SECONDS = env_int("PAGE_CACHE_BROWSER_SECONDS", 60)
PAGE_CACHE_STALE_SECONDS = env_int("PAGE_CACHE_STALE_SECONDS", 60)
# Shared caches to purge on change: Varnish's purge listener, e.g. http://cache:6091/
PAGE_CACHE_PURGE_URLS = env_list("PAGE_CACHE_PURGE_URLS", [])
# A purge is sent again this long after the first, for pages rendered from the old
# content while the change committed (0: once only).
PAGE_CACHE_PURGE_REPEAT_SECONDS = env_int("PAGE_CACHE_PURGE_REPEAT_SECONDS", 2)
# After a change, one request renders each page afresh while the others get the
# previous copy, for at most this long (archive/page_cache.py); 0 turns it off.
PAGE_CACHE_RENDER_LOCK_SECONDS = env_int("PAGE_CACHE_RENDER_LOCK_SECONDS", 10)
# With Redis, each process also keeps recent pages (checked against the generation).
PAGE_CACHE_LOCAL_BYTES = env_int("PAGE_CACHE_LOCAL_MB", 16) * 1024 * 1024
# Saving, deleting or relinking a model of these apps invalidates every cached page.
PAGE_CACHE_WATCHED_APPS = ["articles"]

# Counters every worker shares (flood control, admin lockout; archive/counters.py).
# Empty: PostgreSQL. A Redis URL here must be a Redis that never evicts
# (maxmemory-policy noeviction), not the page cache's (REDIS_URL, allkeys-lru): a
# crawler's pages would push counts out.
COUNTERS_REDIS_URL = env_str("COUNTERS_REDIS_URL")
if (
    COUNTERS_REDIS_URL
    and REDIS_URL
    and urlsplit(COUNTERS_REDIS_URL).netloc == urlsplit(REDIS_URL).netloc
):
    raise ConfigError(
        "COUNTERS_REDIS_URL names the page cache's Redis (REDIS_URL), which evicts keys: "
        "give counters a Redis of their own with maxmemory-policy noeviction, or leave "
        "it empty to count in PostgreSQL"
    )
COUNTERS_REDIS_PREFIX = "counters:"

# --- Security -------------------------------------------------------------
# Reverse proxies whose forwarded headers are believed (archive/client_address.py).
# Default: none, so X-Forwarded-For and X-Forwarded-Proto are ignored and the client
# is REMOTE_ADDR. Either list the proxies' addresses or networks (safest: a request
# that does not come from one of them is taken at face value), or give how many
# proxies each request passes through (only safe if nothing can reach gunicorn
# except through them).
try:
    TRUSTED_PROXIES = client_address.parse_networks(env_list("TRUSTED_PROXIES", []))
except ValueError as exc:
    raise ConfigError(f"TRUSTED_PROXIES: {exc}") from exc
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXIES and TRUSTED_PROXY_COUNT:
    raise ConfigError("set TRUSTED_PROXIES or TRUSTED_PROXY_COUNT, not both")
if os.environ.get("COMMENTS_PROXY_COUNT"):  # the old name: say where it went
    raise ConfigError(
        "COMMENTS_PROXY_COUNT is gone: set TRUSTED_PROXY_COUNT (or TRUSTED_PROXIES), "
        "which the admin lockout reads too"
    )
_PROXY_CONFIGURED = bool(TRUSTED_PROXIES or TRUSTED_PROXY_COUNT)

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True  # forms carry the token; no script needs to read the cookie
# Health probes come over plain http from the load balancer.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
# Production: HTTPS only (development serves plain http on localhost).
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
    if not SECURE_HSTS_PRELOAD:
        # Preloading is a one-way door (browsers ship the list for months), so it is
        # an operator's explicit choice, not a default; the check only nags about it.
        SILENCED_SYSTEM_CHECKS = ["security.W021"]
    if env_bool("DJANGO_BEHIND_PROXY", _PROXY_CONFIGURED):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# Content-Security-Policy (django-csp 4): nothing inline, nothing from elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        # Imported bodies show images from their source sites (docs/editors-guide.md).
        "img-src": ["'self'", "data:", "https:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
# Powerful browser features this site never uses are switched off for it and any frame.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# --- Sign-in (editors) ------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
ADMIN_URL = env_str("DJANGO_ADMIN_URL", "admin/").strip("/") + "/"
# After ADMIN_LOGIN_MAX_FAILURES failed attempts for one user name from one address
# (or 4x that from one address) the form is locked for the lockout period.
ADMIN_LOGIN_MAX_FAILURES = env_int("ADMIN_LOGIN_MAX_FAILURES", 5)
ADMIN_LOGIN_LOCKOUT_SECONDS = env_int("ADMIN_LOGIN_LOCKOUT_SECONDS", 15 * 60)

# --- Language and time ------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Production: hashed, compressed files (development: as they are).
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Email (editors hear of pending comments, readers of replies) ---------
EMAIL_BACKEND = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "archive@localhost")
# Editors are emailed while the poster's request waits (after the commit): a mail
# server that hangs must not hold a web worker past gunicorn's 30 s timeout.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)

# --- Logging --------------------------------------------------------------
LOG_FORMAT = env_str("LOG_FORMAT", "text")
if LOG_FORMAT not in {"text", "json"}:
    raise ConfigError(f"LOG_FORMAT must be text or json, not {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # Every record carries the request id; LOG_FORMAT=json for JSON lines.
    "filters": {"request_id": {"()": "archive.request_log.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "archive.request_log.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        "pgserver": {"level": "WARNING"},
        # The request log line replaces django.server/django.request's 4xx warnings noise.
        "django.request": {"level": "ERROR"},
    },
}

# --- The site's pages -------------------------------------------------------
SITE_NAME = env_str("SITE_NAME", "Archive")
ARTICLES_PER_PAGE = 20

# --- Reader comments: moderation, anti-spam, threads (articles/comments/) ---
# Word lists match case-insensitively anywhere in the name, email, website or text.
# Hold: the comment waits for an editor. Block: it is stored as spam and refused.
COMMENTS_HOLD_WORDS = env_list("COMMENTS_HOLD_WORDS", [])
COMMENTS_BLOCK_WORDS = env_list("COMMENTS_BLOCK_WORDS", [])
COMMENTS_BLOCK_EMAILS = env_list("COMMENTS_BLOCK_EMAILS", [])
# An email or website domain; its subdomains are blocked too.
COMMENTS_BLOCK_DOMAINS = env_list("COMMENTS_BLOCK_DOMAINS", [])
# Addresses or networks (203.0.113.0/24, 2001:db8::/32).
COMMENTS_BLOCK_IPS = env_list("COMMENTS_BLOCK_IPS", [])
# A comment with more links than this waits for an editor (WordPress holds at 2).
COMMENTS_MAX_LINKS = env_int("COMMENTS_MAX_LINKS", 1)
COMMENTS_MAX_LENGTH = 5000
# Flood control: at most this many comments per IP / per email in each window.
COMMENTS_FLOOD_WINDOW_SECONDS = env_int("COMMENTS_FLOOD_WINDOW_SECONDS", 600)
COMMENTS_FLOOD_PER_IP = env_int("COMMENTS_FLOOD_PER_IP", 10)
COMMENTS_FLOOD_PER_EMAIL = env_int("COMMENTS_FLOOD_PER_EMAIL", 5)
# The signed form token: a human takes a few seconds to write; a page left open
# longer than the maximum age is asked to send again (the text is kept).
COMMENTS_MIN_FILL_SECONDS = env_int("COMMENTS_MIN_FILL_SECONDS", 3)
COMMENTS_TOKEN_MAX_AGE_SECONDS = env_int("COMMENTS_TOKEN_MAX_AGE_SECONDS", 60 * 60 * 24)
# Same text on the same piece within this time stores no second copy.
COMMENTS_DUPLICATE_WINDOW_SECONDS = 60 * 60 * 24
COMMENTS_PER_PAGE = env_int("COMMENTS_PER_PAGE", 50)  # top-level comments per page
# Who is emailed about each pending comment; empty: every staff user with an email.
COMMENTS_NOTIFY_EMAILS = env_list("COMMENTS_NOTIFY_EMAILS", [])
# One comment per this many seconds from an address (WordPress's burst rule); 0 = off.
COMMENTS_BURST_SECONDS = env_int("COMMENTS_BURST_SECONDS", 15)

# --- Background jobs: the admin's imports and exports ------------------------
# Jobs are rows in PostgreSQL (django-tasks, database backend): no other server to
# run. `manage.py db_worker` runs them (`make run` and docker-compose's `worker`).
TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# Uploads and finished exports (articles/transfers/) live here, on storage the web
# and worker processes share.
TRANSFERS_DIR = Path(env_str("TRANSFERS_DIR", str(BASE_DIR / ".data" / "transfers")))
TRANSFERS_MAX_UPLOAD_MB = env_int("TRANSFERS_MAX_UPLOAD_MB", 512)

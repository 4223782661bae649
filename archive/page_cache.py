"""Whole-page cache for anonymous readers, invalidated by any content change.

What is cached: GET/HEAD answers (200, no cookies of their own) for visitors
without a session, a flash message, a pending comment or a recent write, i.e.
every anonymous reader of the home, article, author, publication, topic and
search pages. Stored in ``caches["default"]`` (Redis when ``REDIS_URL`` is set).

Invalidation: each entry records the *generation* (the time of the last change)
it was rendered in, and only an entry of the current generation is served. A
save, delete or many-to-many change of any model in PAGE_CACHE_WATCHED_APPS
replaces it (signals, so management commands and the shell count too); writes
that send no model signal (``QuerySet.update()``, bulk writes, the importers'
COPY) send ``archive.changes.rows_written``, and any successful POST by an
editor counts as a change too. A scheduled piece going live is
a change nobody makes: the time of the next one is kept beside the generation
and the generation moves when it passes. The next request after a change
renders afresh and replaces the entry. With Redis, the generation, the schedule
and the page are read in one round trip (MGET).

CSRF: an article page embeds the comment form's CSRF token, which is tied to
the visitor's own CSRF cookie. The cache stores the page with a placeholder in
place of the token and fills in *this* visitor's token on every hit (setting
the cookie when they have none), so pages stay shared while tokens never are.

Conditional GET: each answer has an ETag (the stored page, plus the visitor's
CSRF secret when the page has a form); ConditionalGetMiddleware turns a match
into a 304.

Shared caches outside (docs/caching.md): a page with no per-visitor slot, which
is every anonymous reader page now that the comment form fetches its tokens
(``serves_shared_copy``), is sent ``public`` with ``s-maxage``; every generation
bump after a commit bans them (archive/cdn_purge.py). Answers that are not the
shared copy are ``private`` unless their view says otherwise.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH, get_token
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject

from archive import cdn_purge
from archive.changes import rows_written

logger = logging.getLogger(__name__)
T = TypeVar("T")

GENERATION_KEY = "page-cache:generation"
NEXT_LIVE_KEY = "page-cache:next-live"  # epoch seconds, 0 = nothing scheduled
HEADER = "X-Page-Cache"
SAFE_METHODS = {"GET", "HEAD"}
CSRF_INPUT = re.compile(
    rb'<input type="hidden" name="csrfmiddlewaretoken" value="([A-Za-z0-9]{32,128})">'
)
# Where a shared copy had the token. Markup, so no escaped text can contain it, and
# only filled where it follows the token input's own opening (SLOT below): a
# placeholder planted in a query or a link stays inert text.
PLACEHOLDER = b"<!--csrf-token-->"
CSRF_INPUT_OPENING = b'<input type="hidden" name="csrfmiddlewaretoken" value="'

STORED_HEADERS = ("Content-Type", "Content-Language")


# Cookies that make a page the visitor's own, each with the check that it is real.
# Apps add theirs (register_own_page_cookie); the project's are below.
_own_cookie_checks: dict[str, Callable[[HttpRequest], bool]] = {}


def register_own_page_cookie(name: str, check: Callable[[HttpRequest], bool]) -> None:
    """A cookie that makes a page its visitor's own when ``check(request)`` says it is real."""
    _own_cookie_checks[name] = check


def _own_page_cookies() -> dict[str, Callable[[HttpRequest], bool]]:
    """Such a page is neither served from nor stored in the shared cache (a session,
    a flash message, an app's own cookies such as a poster's pending comments, a
    replica pin). Only a cookie that passes its check counts: any visitor can send
    one of these names, and a made-up one must not buy an uncached render.
    """
    from archive.replicas import PIN_COOKIE, pinned_until

    return {
        # Read from the session store; an empty or unknown session is no one's.
        settings.SESSION_COOKIE_NAME: lambda request: bool(request.session.keys()),
        "messages": _has_signed_messages,
        PIN_COOKIE: lambda request: pinned_until(request) > time.time(),
        **_own_cookie_checks,
    }


def _has_signed_messages(request) -> bool:
    from django.core import signing

    try:
        signing.get_cookie_signer(salt="django.contrib.messages").unsign(
            request.COOKIES["messages"]
        )
    except signing.BadSignature:
        return False
    return True


def _generation_store():
    return caches[settings.PAGE_CACHE_GENERATION_ALIAS]


# --- The generation ----------------------------------------------------------


# Functions that say when the next scheduled change goes live (epoch seconds, 0 if
# none): the app that schedules content registers one (register_schedule).
_schedules: list[Callable[[], float]] = []


def register_schedule(next_change: Callable[[], float]) -> None:
    _schedules.append(next_change)


def next_scheduled_change() -> float:
    """When the next scheduled change goes live (epoch seconds), 0 if none is scheduled."""
    upcoming = [when for when in (schedule() for schedule in _schedules) if when]
    return min(upcoming, default=0)


def _bump(*, schedule_changed: bool = True, purge: bool = True) -> tuple[int, float | None]:
    """A new generation, and the schedule if it may have changed (None: not read)."""
    generation = time.time_ns()
    values = {GENERATION_KEY: generation}
    next_live = None
    if schedule_changed:
        next_live = values[NEXT_LIVE_KEY] = next_scheduled_change()
    try:
        _generation_store().set_many(values, timeout=None)
    except Exception:
        # A cache that cannot be written cannot serve stale pages for long either
        # (entries expire); the write itself must not fail because of it.
        logger.exception("page cache: could not bump the generation")
    if purge:
        # Shared caches in front (Varnish) drop what they keep, as this cache just did.
        cdn_purge.purge_all()
    return generation, next_live


def bump(*, schedule_changed: bool = True, purge: bool = True) -> int:
    return _bump(schedule_changed=schedule_changed, purge=purge)[0]


def _state_from(values: dict) -> tuple[int, float]:
    """The generation and the time the next scheduled piece goes live (0: none)."""
    generation = values.get(GENERATION_KEY)
    next_live = values.get(NEXT_LIVE_KEY)
    if generation is None or next_live is None or (next_live and time.time() >= next_live):
        # A fresh or flushed cache, or a scheduled piece just went live.
        return _bump()
    return generation, next_live


def _generation_from(values: dict) -> int:
    return _state_from(values)[0]


def current_generation() -> int:
    return _generation_from(_generation_store().get_many([GENERATION_KEY, NEXT_LIVE_KEY]))


# Pages this process served lately, so a hit on a shared cache (Redis) reads only
# the small generation values, not a 20-80 KB page, per request. Entries are only
# used when their generation is the current one, so they are never stale.
_local_pages: OrderedDict[str, dict] = OrderedDict()
_local_bytes = 0


_local_lock = threading.Lock()  # threaded gunicorn workers share the dict


def keeps_local_copies() -> bool:
    """Whether this process keeps copies of what it reads from a shared cache (Redis)."""
    return _generation_store() is caches["default"] and settings.PAGE_CACHE_LOCAL_BYTES > 0


def local_copy(key: str) -> dict | None:
    """This process's copy of an entry (a page, or a shared fragment whose key holds
    its generation), if it kept one."""
    return _local_pages.get(key)


def remember_locally(key: str, entry: dict) -> None:
    """Keep ``entry`` (with its ``size`` in bytes) in this process, oldest out first."""
    global _local_bytes
    budget = settings.PAGE_CACHE_LOCAL_BYTES
    size = entry["size"]
    if size > budget // 4:
        return
    with _local_lock:
        old = _local_pages.pop(key, None)
        if old is not None:
            _local_bytes -= old["size"]
        _local_pages[key] = entry
        _local_bytes += size
        while _local_bytes > budget and _local_pages:
            _, evicted = _local_pages.popitem(last=False)
            _local_bytes -= evicted["size"]


def store(key: str, entry: dict, generation: int) -> None:
    entry["generation"] = generation
    caches["default"].set(key, entry, entry_timeout(generation))
    if keeps_local_copies():
        remember_locally(key, entry)


def lookup(key: str) -> tuple[int, dict | None, float, dict | None]:
    """The current generation, the page stored under ``key`` if it is that recent,
    when the next scheduled piece goes live (epoch seconds, 0 if none), and otherwise
    the older copy if one is kept (served while one request renders the new one).

    With Redis, generation, schedule and page live in the same cache: one round
    trip (MGET) per page view, and only the two small values when this process
    already holds the page.
    """
    pages = caches["default"]
    generation_store = _generation_store()
    local = _local_pages.get(key) if generation_store is pages else None
    stale = None
    if local is not None:
        generation, next_live = _state_from(
            generation_store.get_many([GENERATION_KEY, NEXT_LIVE_KEY])
        )
        if local["generation"] == generation:
            return generation, local, next_live, None
        stale = local
        entry = pages.get(key)
    elif generation_store is pages:
        values = pages.get_many([GENERATION_KEY, NEXT_LIVE_KEY, key])
        generation, next_live = _state_from(values)
        entry = values.get(key)
    else:
        generation, next_live = _state_from(
            generation_store.get_many([GENERATION_KEY, NEXT_LIVE_KEY])
        )
        entry = pages.get(key)
    if entry is not None and entry.get("generation") != generation:
        stale, entry = entry, None
    if entry is not None and keeps_local_copies():
        remember_locally(key, entry)
    return generation, entry, next_live, stale


# --- No stampede after a change ------------------------------------------------
# A change moves the generation and every page is a miss at once: on a busy home
# page, every worker would render the same page together. Instead one request per
# page and generation takes a short lock (cache.add) and renders; the others are
# served the previous copy until the fresh one is stored, at most
# PAGE_CACHE_RENDER_LOCK_SECONDS (the lock's life, in case its holder dies).


def _render_lock_key(key: str, generation: int) -> str:
    return f"page-render:{key}:{generation}"


def claim_render(key: str, generation: int) -> bool:
    """True for the one request that renders ``key`` in ``generation``."""
    seconds = settings.PAGE_CACHE_RENDER_LOCK_SECONDS
    return caches["default"].add(_render_lock_key(key, generation), 1, timeout=seconds)


def release_render(key: str, generation: int) -> None:
    caches["default"].delete(_render_lock_key(key, generation))


def request_generation(request) -> int:
    """The generation, read once per request (the middleware may already have)."""
    generation = getattr(request, "_page_generation", None)
    if generation is None:
        generation = current_generation()
        if request is not None:
            request._page_generation = generation
    return generation


def kept(request, key: str, build: Callable[[], T], *, size: Callable[[T], int]) -> T:
    """``build()``, kept in this process for the current generation.

    For what every reader sees alike (a published piece's row, its approved thread)
    and a page outside the page cache would otherwise read again per request: a
    reader with a pending comment, or reads pinned to the primary after a write.
    The key holds the generation, so a kept value is never stale; like a fragment,
    it lives no longer than ``entry_timeout`` (replicas may lag just after a change).
    Values are shared by this process's threads: treat them as read-only. ``size``
    gives a value's rough weight in bytes, counted against PAGE_CACHE_LOCAL_MB.
    """
    if settings.PAGE_CACHE_SECONDS <= 0 or settings.PAGE_CACHE_LOCAL_BYTES <= 0:
        return build()
    try:
        generation = request_generation(request)
    except Exception:  # the generation's store is down: read afresh, as pages do
        return build()
    local_key = f"kept:{generation}:{key}"
    entry = _local_pages.get(local_key)
    if entry is not None and entry["expires"] > time.monotonic():
        return entry["value"]
    value = build()
    expires = time.monotonic() + entry_timeout(generation)
    remember_locally(local_key, {"value": value, "size": size(value), "expires": expires})
    return value


def generation_context(request) -> dict:
    """``page_generation`` for fragment cache keys: ``{% cache 600 name page_generation %}``."""
    return {"page_generation": SimpleLazyObject(lambda: request_generation(request))}


def reset() -> None:
    """Start a new generation with nothing scheduled (tests start on an empty database).

    Pages of older generations are never read again and expire by themselves.
    """
    _generation_store().set_many({GENERATION_KEY: time.time_ns(), NEXT_LIVE_KEY: 0}, timeout=None)


def _is_invisible(sender, kwargs) -> bool:
    """A change no public page shows: a new comment that is not approved (held for
    moderation, or caught by the block list and saved as spam).

    Anyone can post one, so letting it invalidate every cached page would let a
    spam run flush the cache at will. Its poster sees a held one through a cookie
    that bypasses the cache; approving it later is an update, which does count.
    """
    instance = kwargs.get("instance")
    return (
        sender._meta.label == "articles.Comment"
        and kwargs.get("created", False)
        and getattr(instance, "status", None) != "approved"
    )


def _on_change(sender, **kwargs) -> None:
    if sender._meta.app_label not in settings.PAGE_CACHE_WATCHED_APPS:
        return
    if kwargs.get("action", "post_").startswith("pre_"):  # m2m_changed fires twice
        return
    if _is_invisible(sender, kwargs):
        return
    schedule_changed = sender._meta.label == "articles.Article"
    # Now, for this process and for tests (which never commit), and again after the
    # commit: a reader rendering between the two could cache pre-commit content.
    # Shared caches in front are purged after the commit only: before it, they
    # would fetch the old content again.
    bump(schedule_changed=schedule_changed, purge=False)
    transaction.on_commit(lambda: bump(schedule_changed=schedule_changed))


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed, rows_written):
        signal.connect(_on_change, dispatch_uid=f"page_cache_{id(signal)}")


# --- The middleware ----------------------------------------------------------


def serves_shared_copy(request) -> bool:
    """Whether this request is answered with the copy all anonymous readers share
    (so its HTML must hold nothing of this visitor's: no CSRF token, no hole)."""
    return settings.PAGE_CACHE_SECONDS > 0 and request_is_cacheable(request)


def request_is_cacheable(request) -> bool:
    if request.method not in SAFE_METHODS or "Authorization" in request.headers:
        return False
    path = request.path
    if path.startswith(("/" + settings.ADMIN_URL, "/" + settings.STATIC_URL.lstrip("/"))):
        return False
    checks = _own_page_cookies()
    return not any(checks[name](request) for name in checks.keys() & request.COOKIES.keys())


def _vary_is_only_cookie(response) -> bool:
    vary = {v.strip().lower() for v in response.get("Vary", "").split(",") if v.strip()}
    return vary <= {"cookie", "accept-encoding"}


def response_to_store(request, response) -> dict | None:
    """The shareable form of a response, or None when it must not be shared."""
    if response.status_code != 200 or response.streaming:
        return None
    if set(response.cookies) - {settings.CSRF_COOKIE_NAME}:
        return None
    cache_control = response.get("Cache-Control", "").lower()
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return None
    if not _vary_is_only_cookie(response):
        return None
    uses_csrf = bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))
    content = share(response.content)
    if content is None or (uses_csrf and CSRF_INPUT_OPENING + PLACEHOLDER not in content):
        return None
    return {
        **shared_entry(content),
        "headers": {name: response[name] for name in STORED_HEADERS if name in response},
        "uses_csrf": uses_csrf,
        # Hashed once here rather than on every hit (article pages are ~80 KB).
        "digest": hashlib.sha256(content).digest(),
    }


# --- Holes: per-visitor values inside shared HTML ------------------------------
# A value that differs per visitor (like a signed "form shown at" time for an
# anti-spam check) is written with ``{% hole "name" %}`` (templatetags) from a
# function registered here; shared copies keep an empty hole, refilled for
# each visitor. The CSRF token input is handled the same way, built in.

HOLES: dict[str, Callable[[HttpRequest], str]] = {}
HOLE = re.compile(rb"<!--hole:([a-z0-9_.-]+)-->.*?<!--/hole-->", re.DOTALL)


def register_hole(name: str, function: Callable[..., str]) -> None:
    """``function(request)`` returns HTML-safe text for ``{% hole name %}``.

    ``{% hole name argument %}`` calls ``function(request, argument)``: the argument
    (a word, say an article id) travels in the hole's marker, so the shared copy can
    be refilled without the view.
    """
    if not re.fullmatch(r"[a-z0-9_-]+", name):
        raise ValueError(f"hole names are lowercase words, not {name!r}")
    HOLES[name] = function


def hole_markup(name: str, request, argument: str | None = None) -> str:
    if argument is None and "." in name:
        name, argument = name.split(".", 1)
    marker = name if argument is None else f"{name}.{argument}"
    value = HOLES[name](request) if argument is None else HOLES[name](request, argument)
    return f"<!--hole:{marker}-->{value}<!--/hole-->"


def share(content: bytes) -> bytes | None:
    """``content`` made shareable: holes emptied, CSRF tokens made placeholders."""
    return share_csrf(HOLE.sub(rb"<!--hole:\1--><!--/hole-->", content))


SLOT = re.compile(
    rb"<!--hole:([a-z0-9_.-]+)--><!--/hole-->|(?<="
    + re.escape(CSRF_INPUT_OPENING)
    + rb")"
    + re.escape(PLACEHOLDER)
    + rb'(?=">)'
)


def split_slots(content: bytes) -> list[bytes | str]:
    """Shared ``content`` as alternating literal bytes and slots: a hole's marker
    (str) or ``""`` for the CSRF token. ``fill_slots`` puts a visitor's values in."""
    parts: list[bytes | str] = []
    position = 0
    for match in SLOT.finditer(content):
        parts.append(content[position : match.start()])
        parts.append(match.group(1).decode() if match.group(1) else "")
        position = match.end()
    parts.append(content[position:])
    return parts


def shared_entry(content: bytes) -> dict:
    """How shared ``content`` (a page or a fragment, see ``share``) is stored: cut at
    its slots once, so that each visitor's copy is a join (``fill_slots``)."""
    return {"parts": split_slots(content), "size": len(content)}


def fill_slots(parts: list[bytes | str], request) -> bytes:
    """Shared content cut by ``split_slots``, with this visitor's hole values and
    CSRF token put back in."""
    token = None
    pieces = []
    for index, part in enumerate(parts):
        if not index % 2:
            pieces.append(part)
        elif part:
            pieces.append(hole_markup(part, request).encode())
        else:
            if token is None:
                token = visitor_token(request).encode()
            pieces.append(token)
    return b"".join(pieces)


def share_csrf(content: bytes) -> bytes | None:
    """``content`` with its CSRF token inputs turned into placeholders.

    None when it cannot be shared: several different tokens, or a token that also
    shows up outside a form input (a data attribute, a script), where it could not
    be swapped for the next visitor's.
    """
    tokens = set(CSRF_INPUT.findall(content))
    if not tokens:
        return content
    if len(tokens) != 1:
        return None
    (token,) = tokens
    shared = CSRF_INPUT.sub(CSRF_INPUT_OPENING + PLACEHOLDER + b'">', content)
    return None if token in shared else shared


_CSRF_INDEX = {char: index for index, char in enumerate(CSRF_ALLOWED_CHARS)}
_CSRF_BASE = len(CSRF_ALLOWED_CHARS)
_CSRF_LIMIT = 256 - 256 % _CSRF_BASE  # bytes at or above would favour some characters


def _random_csrf_string() -> str:
    """Like Django's, uniform over the CSRF alphabet from the OS's CSPRNG, in one call
    (``get_random_string`` draws each character separately: ~0.25 ms a string)."""
    chars: list[str] = []
    while len(chars) < CSRF_SECRET_LENGTH:
        chars.extend(
            CSRF_ALLOWED_CHARS[byte % _CSRF_BASE]
            for byte in os.urandom(CSRF_SECRET_LENGTH * 2)
            if byte < _CSRF_LIMIT
        )
    return "".join(chars[:CSRF_SECRET_LENGTH])


def visitor_token(request) -> str:
    """``django.middleware.csrf.get_token(request)``, done faster for cache hits.

    The same steps: reuse the visitor's secret (or make one, which makes
    CsrfViewMiddleware set the cookie), flag the cookie for renewal, and return
    the secret masked with a fresh mask. Anything unexpected goes to Django's own.
    """
    secret = request.META.get("CSRF_COOKIE")
    if secret is None:
        secret = _random_csrf_string()
        request.META["CSRF_COOKIE"] = secret
    if len(secret) != CSRF_SECRET_LENGTH or not set(secret) <= _CSRF_INDEX.keys():
        return get_token(request)
    request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True
    mask = _random_csrf_string()
    cipher = "".join(
        CSRF_ALLOWED_CHARS[(_CSRF_INDEX[s] + _CSRF_INDEX[m]) % _CSRF_BASE]
        for s, m in zip(secret, mask, strict=True)
    )
    return mask + cipher


def shared_cache_control(generation: int, next_live: float) -> str:
    """Cache-Control of a page every anonymous reader shares.

    Shared caches (a CDN, Varnish) keep it for ``s-maxage`` and are purged on change
    (archive/cdn_purge.py); browsers, which nobody can purge, for ``max-age``. Both
    end when the next scheduled piece goes live, so it shows up then without a
    purge. ``stale-while-revalidate`` lets a shared cache answer at once while it
    fetches the next copy.
    """
    shared = min(settings.PAGE_CACHE_SHARED_SECONDS, entry_timeout(generation))
    browser = settings.PAGE_CACHE_BROWSER_SECONDS
    stale = settings.PAGE_CACHE_STALE_SECONDS
    if next_live:
        # Every copy ends at the go-live, a stale one too, whatever else shortened it
        # (a replica's lag shortens `shared` alone).
        left = max(0, int(next_live - time.time()))
        shared, browser = min(shared, left), min(browser, left)
        stale = min(stale, left - shared)
    return f"public, max-age={browser}, s-maxage={shared}, stale-while-revalidate={stale}"


def _finish(request, response, entry: dict, generation: int, next_live: float) -> None:
    """Headers for a page served to an anonymous reader, from the cache or not."""
    etag_source = hashlib.sha256(entry["digest"])
    # The same Vary from a hit and a miss; Cookie, so that a browser fetches a page
    # again once it holds a cookie that makes the page its own (a pending comment).
    patch_vary_headers(response, ("Cookie",))
    if entry["uses_csrf"]:
        etag_source.update(request.META.get("CSRF_COOKIE", "").encode())
        # The page holds this visitor's token: browsers may keep it, shared proxies not.
        response["Cache-Control"] = "private, no-cache"
    else:
        response["Cache-Control"] = shared_cache_control(generation, next_live)
    if any(entry["parts"][1::2]):  # a hole's marker (the CSRF token's slot is "")
        # A hole's value may change from one request to the next: no 304 (and no
        # content ETag from ConditionalGetMiddleware) for those.
        response["Cache-Control"] = "private, no-store"
    else:
        response["ETag"] = f'"{etag_source.hexdigest()[:32]}"'


def _bypassed(response):
    """An answer not from, nor for, the shared copy: no shared cache may keep it
    unless its view said otherwise."""
    response[HEADER] = "bypass"
    if "Cache-Control" not in response:
        response["Cache-Control"] = "private, no-cache"
    return response


def response_from(request, entry: dict) -> HttpResponse:
    response = HttpResponse(fill_slots(entry["parts"], request))
    for name, value in entry["headers"].items():
        response[name] = value
    return response


def page_key(request) -> str:
    # The scheme too: pages hold absolute URLs (canonical, og:url, JSON-LD).
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    # "page2": entries are stored cut at their slots (split_slots); older ones are not read.
    return "page2:" + hashlib.sha256(address.encode()).hexdigest()[:40]


def entry_timeout(generation: int) -> int:
    """How long a page or fragment rendered in ``generation`` may be kept."""
    timeout = settings.PAGE_CACHE_SECONDS or 600
    from archive.replicas import replica_aliases

    if replica_aliases():
        # Just after a change, replicas may still show the old content: keep what was
        # rendered from them only as long as they may lag.
        age = time.time() - generation / 1e9
        if age < settings.REPLICA_PIN_SECONDS:
            timeout = min(timeout, settings.REPLICA_PIN_SECONDS)
    return max(1, timeout)


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if settings.PAGE_CACHE_SECONDS <= 0:
            return self.get_response(request)
        if request.method not in SAFE_METHODS:
            response = self.get_response(request)
            user = getattr(request, "user", None)
            if response.status_code < 400 and user is not None and user.is_staff:
                # Admin actions may write with QuerySet.update(), which sends no signal.
                bump()
            return response
        if not request_is_cacheable(request):
            return _bypassed(self.get_response(request))

        key = page_key(request)
        try:
            generation, entry, next_live, stale = lookup(key)
            request._page_generation = generation
            claimed = False
            if entry is None and stale is not None and settings.PAGE_CACHE_RENDER_LOCK_SECONDS > 0:
                claimed = claim_render(key, generation)
                if not claimed:
                    entry = stale
        except Exception:
            logger.warning("page cache unavailable; serving uncached", exc_info=True)
            return _bypassed(self.get_response(request))

        if entry is not None:
            response = response_from(request, entry)
            response[HEADER] = "stale" if entry is stale else "hit"
        else:
            response = self.get_response(request)
            entry = response_to_store(request, response)
            stored = False
            try:
                if entry is not None:
                    store(key, entry, generation)
                    stored = True
            except Exception:
                logger.warning("page cache: could not store %s", request.path, exc_info=True)
            if claimed and not stored:
                # Not storable: let the next request render. A stored page keeps the
                # lock until it expires, so a reader who saw the old copy just before
                # the store cannot claim a second render.
                try:
                    release_render(key, generation)
                except Exception:
                    logger.warning("page cache: could not release %s", key, exc_info=True)
            if entry is None:
                return _bypassed(response)
            response[HEADER] = "miss"
        _finish(request, response, entry, generation, next_live)
        return response

"""Anti-spam without captchas: a signed form token, a honeypot and flood control.

- The form carries a token signed with the site's secret, naming the piece and
  the time the form was served. A post without it, for another piece, sooner
  than a person can write (COMMENTS_MIN_FILL_SECONDS) or from a page left open
  too long (COMMENTS_TOKEN_MAX_AGE_SECONDS) is refused with an explanation, and
  so is a second comment sent with the same token (claim_form_token).
- The honeypot is a field people never see; scripts that fill every field do.
- Flood control counts comments per IP and per email in fixed windows, and
  allows one comment per COMMENTS_BURST_SECONDS from an address, in the
  counters every web worker shares (archive/counters.py: PostgreSQL, or a
  dedicated Redis), never in the page cache, which crawlers can flush.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
import time
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.db import connection
from django.utils.html import format_html

from archive import counters
from articles.comments.models import UsedFormToken
from articles.sql import compose, identifier, value

logger = logging.getLogger(__name__)

TOKEN_SALT = "articles.comments.form-token"
# Clocks of several web nodes may differ a little; a token "from the future"
# beyond this is forged.
CLOCK_SKEW_SECONDS = 60

TOKEN_INVALID = (
    "This form could not be checked (it may come from another page or an old copy). "
    "Your text is kept below: please send it again."
)
TOKEN_MISSING = (
    "To keep automated posts out, a comment sent from a page without JavaScript takes "
    "one more step: please check your text below and press Post Comment again."
)
TOKEN_TOO_FAST = (
    "That was sent faster than anyone can write, so it looked automated. "
    "Your text is kept below: please check it and send it again."
)
TOKEN_EXPIRED = (
    "This page was open for a long time, so the form expired. "
    "Your text is kept below: please send it again."
)
HONEYPOT_FILLED = (
    "A field meant to stay empty was filled in, so this looked automated. "
    "Your text is kept below: please send it again."
)


TOKEN_USED = (
    "This copy of the form has already sent a comment (each sends one). "
    "Your text is kept below: please send it again."
)


def issue_form_token(article_id: int, *, issued_at: float | None = None) -> str:
    issued = time.time() if issued_at is None else issued_at
    # The nonce tells apart tokens issued in the same millisecond: each is used once.
    payload = {"article": article_id, "issued": round(issued, 3), "n": secrets.token_urlsafe(9)}
    return signing.dumps(payload, salt=TOKEN_SALT)


def claim_form_token(token: str) -> bool:
    """Record ``token`` as used, in the current transaction; False if it already was.

    Plain SQL: the row must not go through model signals (the page cache would take
    every post for a change readers can see). A second claim of the same token waits
    on the first one's row and then finds it there.
    """
    table = identifier(UsedFormToken._meta.db_table)
    digest = hashlib.sha256(token.encode()).hexdigest()
    lifetime = settings.COMMENTS_TOKEN_MAX_AGE_SECONDS + CLOCK_SKEW_SECONDS
    claim = compose(
        "INSERT INTO {table} (digest, used_at) VALUES ({digest}, now())"
        " ON CONFLICT (digest) DO NOTHING",
        table=table,
        digest=value(digest),
    )
    # Older rows are of tokens that are refused as expired anyway.
    expire = compose(
        "DELETE FROM {table} WHERE used_at < now() - make_interval(secs => {lifetime})",
        table=table,
        lifetime=value(lifetime),
    )
    with connection.cursor() as cursor:
        cursor.execute(claim.sql, claim.params)
        claimed = cursor.rowcount == 1
        cursor.execute(expire.sql, expire.params)
    return claimed


def token_input(request, article_id: str) -> str:
    """The form's token field, made afresh for every visitor.

    The page cache keeps pages without it and calls this on each hit (a "hole", see
    archive/page_cache.py): a token frozen into a cached page would make the
    minimum fill time count from when the page was cached, not shown.
    """
    return format_html(
        '<input type="hidden" name="token" value="{}">', issue_form_token(int(article_id))
    )


def form_token_error(token: str, article_id: int) -> str | None:
    """Why this token does not allow a comment on this piece now, or None if it does."""
    if not token:
        # The form of a shared page, sent before (or without) its script fetched one.
        return TOKEN_MISSING
    try:
        payload = signing.loads(token or "", salt=TOKEN_SALT)
    except signing.BadSignature:
        return TOKEN_INVALID
    if (
        not isinstance(payload, dict)
        or payload.get("article") != article_id
        or not isinstance(payload.get("issued"), int | float)
    ):
        return TOKEN_INVALID
    age = time.time() - payload["issued"]
    if age < -CLOCK_SKEW_SECONDS:
        return TOKEN_INVALID
    if age < settings.COMMENTS_MIN_FILL_SECONDS:
        return TOKEN_TOO_FAST
    if age > settings.COMMENTS_TOKEN_MAX_AGE_SECONDS:
        return TOKEN_EXPIRED
    return None


# --- Flood control ------------------------------------------------------------------


@dataclass(frozen=True)
class Flooded:
    retry_after: int  # seconds until the current window ends
    burst: bool = False  # refused by the one-comment-per-moment rule

    @property
    def message(self) -> str:
        if self.burst:
            return (
                "You sent a comment a moment ago. Please wait "
                f"{self.retry_after} second{'s' if self.retry_after != 1 else ''} "
                "before sending another. Your text is kept below."
            )
        minutes = max(1, round(self.retry_after / 60))
        wait = "a minute" if minutes == 1 else f"{minutes} minutes"
        return (
            "You have sent several comments in a short time. To keep the thread readable "
            f"we take a limited number at a time: please wait {wait} and send again. "
            "Your text is kept below."
        )


def _flood_key(kind: str, value: str, window_number: int | None = None) -> str:
    digest = hashlib.sha256(value.encode()).hexdigest()[:32]
    suffix = "" if window_number is None else f"/{window_number}"
    return f"comments/{kind}/{digest}{suffix}"


def count_comment_attempt(*, ip: str | None, email: str) -> Flooded | None:
    """Count a comment against its IP and email; Flooded if any rule refuses it.

    First the burst rule (one comment per COMMENTS_BURST_SECONDS from an address),
    then fixed windows per IP and per email. A post the burst rule refuses is not
    counted in the windows, so a double click costs no one their quota.
    """
    store = counters.shared()
    try:
        burst = settings.COMMENTS_BURST_SECONDS
        if ip and burst > 0:
            hit = store.hit(_flood_key("burst", ip), burst)
            if hit.count > 1:
                return Flooded(retry_after=hit.retry_after, burst=True)
        window = settings.COMMENTS_FLOOD_WINDOW_SECONDS
        if window <= 0:
            return None
        now = time.time()
        window_number = int(now // window)
        over = False
        for kind, value, limit in (
            ("ip", ip or "", settings.COMMENTS_FLOOD_PER_IP),
            ("email", email.strip().lower(), settings.COMMENTS_FLOOD_PER_EMAIL),
        ):
            if not value or limit <= 0:
                continue
            hit = store.hit(_flood_key(kind, value, window_number), window + 1)
            over = over or hit.count > limit
    except Exception:  # noqa: BLE001 - an unreachable counter store must not lose comments
        logger.warning("flood control skipped: counter store unavailable", exc_info=True)
        return None
    if over:
        return Flooded(retry_after=int(window - now % window) + 1)
    return None

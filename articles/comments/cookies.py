"""What a reader's browser keeps between visits (signed cookies, no account).

- The ids of their own pending comments, so they see them in place.
- Their name, email and website, only when they ticked "remember me", with the
  ids of the last comments they posted so.

Both name comments this browser posted, which is what makes a returning
commenter (moderation.is_known_commenter): knowing someone's email is not enough.
"""

from __future__ import annotations

import json

from django.core import signing

PENDING_COOKIE = "archive_pending"
PENDING_COOKIE_MAX_AGE = 60 * 60 * 24 * 30
PENDING_COOKIE_SALT = "articles.comments.pending"
PENDING_COOKIE_LIMIT = 50

REMEMBER_COOKIE = "archive_commenter"
REMEMBER_COOKIE_MAX_AGE = 60 * 60 * 24 * 365
REMEMBER_COOKIE_SALT = "articles.comments.remember"
REMEMBERED_FIELDS = ("name", "email", "url")
REMEMBERED_IDS_LIMIT = 10


def _set(request, response, name: str, value: str, *, salt: str, max_age: int) -> None:
    response.set_signed_cookie(
        name,
        value,
        salt=salt,
        max_age=max_age,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


def pending_ids_from(request) -> list[int]:
    try:
        value = request.get_signed_cookie(
            PENDING_COOKIE, salt=PENDING_COOKIE_SALT, max_age=PENDING_COOKIE_MAX_AGE
        )
    except (KeyError, signing.BadSignature):
        return []
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember_pending(request, response, comment) -> None:
    ids = [i for i in pending_ids_from(request) if i != comment.pk]
    ids = [*ids, comment.pk][-PENDING_COOKIE_LIMIT:]
    _set(
        request,
        response,
        PENDING_COOKIE,
        ",".join(str(i) for i in ids),
        salt=PENDING_COOKIE_SALT,
        max_age=PENDING_COOKIE_MAX_AGE,
    )


def _remembered(request) -> dict:
    try:
        value = json.loads(
            request.get_signed_cookie(
                REMEMBER_COOKIE, salt=REMEMBER_COOKIE_SALT, max_age=REMEMBER_COOKIE_MAX_AGE
            )
        )
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


def remembered_commenter(request) -> dict[str, str]:
    """The name, email and website a reader asked us to remember, or nothing."""
    value = _remembered(request)
    return {key: str(value[key]) for key in REMEMBERED_FIELDS if value.get(key)}


def _remembered_ids(request) -> list[int]:
    ids = _remembered(request).get("ids")
    return [i for i in ids if isinstance(i, int)] if isinstance(ids, list) else []


def own_comment_ids(request) -> list[int]:
    """Comments this browser posted, as our signed cookies say."""
    return list(dict.fromkeys([*pending_ids_from(request), *_remembered_ids(request)]))


def remember_commenter(
    request, response, *, name: str, email: str, url: str, comment_id: int | None = None
) -> None:
    ids = [i for i in _remembered_ids(request) if i != comment_id]
    if comment_id is not None:
        ids = [*ids, comment_id][-REMEMBERED_IDS_LIMIT:]
    value = json.dumps(
        {"name": name, "email": email, "url": url, "ids": ids}, separators=(",", ":")
    )
    _set(
        request,
        response,
        REMEMBER_COOKIE,
        value,
        salt=REMEMBER_COOKIE_SALT,
        max_age=REMEMBER_COOKIE_MAX_AGE,
    )


def forget_commenter(response) -> None:
    response.delete_cookie(REMEMBER_COOKIE, samesite="Lax")

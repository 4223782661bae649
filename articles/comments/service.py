"""The one write: store a reader's comment, committed when comment_create returns."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone

from articles.comments import antispam, moderation
from articles.models import Article, Comment


class CommentsClosed(Exception):
    """The piece no longer takes comments."""


class FormTokenUsed(Exception):
    """This copy of the form has already sent a comment."""


class DuplicateComment(Exception):
    """The same text is already on this piece; no second copy is stored."""

    def __init__(self, original: Comment):
        super().__init__(f"duplicate of comment {original.pk}")
        self.original = original


def _lock_text_on_article(article: Article, body: str) -> None:
    """Serialize posts of the same text on the same piece (a double-click reaching
    two workers at once) until this transaction ends, so the duplicate check
    below cannot miss a copy that is being committed concurrently."""
    digest = hashlib.blake2b(f"{article.pk}\n{body}".encode(), digest_size=8).digest()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest, "big", signed=True)]
        )


def _earlier_copy(article: Article, body: str) -> Comment | None:
    since = timezone.now() - dt.timedelta(seconds=settings.COMMENTS_DUPLICATE_WINDOW_SECONDS)
    return (
        Comment.objects.filter(
            article=article,
            body=body,
            created_at__gte=since,
            status__in=[Comment.Status.APPROVED, Comment.Status.PENDING],
        )
        .select_related("article")
        .order_by("created_at", "id")
        .first()
    )


def comment_create(
    *,
    article: Article,
    name: str,
    email: str,
    body: str,
    url: str = "",
    parent_id: int | None = None,
    ip: str | None = None,
    user_agent: str = "",
    user=None,
    site_url: str = "",
    own_ids: Sequence[int] = (),
    form_token: str | None = None,
) -> Comment:
    """Store a comment; it is committed when this returns.

    Raises CommentsClosed, ValidationError (e.g. the parent is not shown), or
    DuplicateComment. A block-listed comment is stored as spam (editors can
    rescue a false positive) and returned; the caller tells the poster.
    ``own_ids``: the comments the poster's signed cookies say they posted before.
    ``form_token``: the public form's token, used up by this comment (FormTokenUsed
    if it already was); the claim rolls back with anything else that fails here.
    """
    if not article.comments_open:
        raise CommentsClosed
    with transaction.atomic():
        _lock_text_on_article(article, body)
        original = _earlier_copy(article, body)
        if original is not None:
            raise DuplicateComment(original)
        if form_token is not None and not antispam.claim_form_token(form_token):
            raise FormTokenUsed
        parent = None
        if parent_id is not None:
            parent = (
                Comment.objects.approved()
                .filter(article=article, pk=parent_id)
                .only("id", "article_id")
                .first()
            )
            if parent is None:
                raise ValidationError({"parent": "The comment you replied to is not available."})
        status = moderation.moderation_status(
            name=name, email=email, url=url, body=body, ip=ip, user=user, own_ids=own_ids
        )
        comment = Comment(
            article=article,
            parent=parent,
            name=name,
            email=email,
            url=url,
            body=body,
            ip=ip,
            user_agent=user_agent[:500],
            user=user if user is not None and user.is_authenticated else None,
            status=status,
        )
        comment.full_clean(exclude=["import_key"])
        comment.save()
        if status == Comment.Status.PENDING:
            transaction.on_commit(lambda: moderation.notify_editors(comment, site_url=site_url))
    return comment

"""Reader comments: the write service, the moderation policy and thread building."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction

from articles.models import Article, Comment

MAX_DEPTH = 5
PENDING_COOKIE = "archive_pending"
PENDING_COOKIE_MAX_AGE = 60 * 60 * 24 * 30
PENDING_COOKIE_SALT = "articles.comments.pending"
PENDING_COOKIE_LIMIT = 50


class CommentsClosed(Exception):
    """The piece no longer takes comments."""


def moderation_status(*, email: str, user=None) -> str:
    """WordPress's rule: editors and returning commenters are trusted, others wait."""
    if user is not None and user.is_authenticated and user.is_staff:
        return Comment.Status.APPROVED
    if Comment.objects.approved().filter(email__iexact=email).exists():
        return Comment.Status.APPROVED
    return Comment.Status.PENDING


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
) -> Comment:
    """Store a comment; it is committed when this returns."""
    if not article.comments_open:
        raise CommentsClosed
    with transaction.atomic():
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
            status=moderation_status(email=email, user=user),
        )
        comment.full_clean(exclude=["import_key"])
        comment.save()
    return comment


# --- The poster's own pending comments (a signed cookie, no login) --------


def pending_ids_from(request) -> list[int]:
    try:
        value = request.get_signed_cookie(
            PENDING_COOKIE, salt=PENDING_COOKIE_SALT, max_age=PENDING_COOKIE_MAX_AGE
        )
    except (KeyError, signing.BadSignature):
        return []
    return [int(part) for part in value.split(",") if part.isdigit()]


def remember_pending(request, response, comment: Comment) -> None:
    ids = [*pending_ids_from(request), comment.pk][-PENDING_COOKIE_LIMIT:]
    response.set_signed_cookie(
        PENDING_COOKIE,
        ",".join(str(i) for i in ids),
        salt=PENDING_COOKIE_SALT,
        max_age=PENDING_COOKIE_MAX_AGE,
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )


# --- Threads ---------------------------------------------------------------


@dataclass
class ThreadNode:
    comment: Comment
    depth: int
    children: list[ThreadNode] = field(default_factory=list)
    # The list this node sits in; replies to a deepest-level comment join it.
    siblings: list[ThreadNode] = field(default_factory=list, repr=False, compare=False)


def build_thread(comments: list[Comment]) -> list[ThreadNode]:
    """Nest comments (oldest first) under their parents, at most MAX_DEPTH deep.

    A reply to a comment that is not shown (removed, or someone else's pending
    comment) is not shown either. A reply to the deepest level attaches at it.
    """
    nodes: dict[int, ThreadNode] = {}
    roots: list[ThreadNode] = []
    for comment in comments:  # oldest first, so a parent is seen before its replies
        if comment.parent_id is None:
            depth, siblings = 1, roots
        else:
            parent = nodes.get(comment.parent_id)
            if parent is None:
                continue
            if parent.depth < MAX_DEPTH:
                depth, siblings = parent.depth + 1, parent.children
            else:
                depth, siblings = parent.depth, parent.siblings
        node = ThreadNode(comment, depth, siblings=siblings)
        siblings.append(node)
        nodes[comment.pk] = node
    return roots

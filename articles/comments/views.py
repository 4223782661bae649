"""The comment endpoints: post a comment, and the permalink of one comment.

Thin: the form checks input (honeypot and signed token included), antispam
counts the flood, the service stores, and every refusal re-renders the piece
with the typed text and the status a client can act on.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from archive.client_address import client_ip
from archive.same_origin import token_or_same_origin
from articles.article_page import article_context
from articles.comments import antispam, cookies, service, threads
from articles.forms import CommentForm
from articles.models import Article, Comment
from articles.notifications import service as notifications

CLOSED = "Comments on this piece are closed."
BLOCKED = (
    "Your comment was not accepted: something in it (a word, an address or a link) "
    "is on this site's block list. If you think that is a mistake, please write to "
    "the editors. Your text is kept below."
)
DUPLICATE = "You have already posted this comment, so it was not added twice. Here it is."
UNVERIFIED = (
    "Your browser did not say which site this form came from, so to keep forged posts "
    "out it takes one more step: please check your text below and press Post Comment again."
)


def _refuse(request, article, form, status: int, message: str | None = None):
    if message:
        form.add_error(None, message)
    form.focus_first_error()
    response = render(
        request,
        "articles/article_detail.html",
        article_context(request, article, form),
        status=status,
    )
    response["Cache-Control"] = "no-store"
    return response


@token_or_same_origin
@require_POST
def post_comment(request, slug: str):
    article = get_object_or_404(Article.objects.visible_to(request.user).for_detail(), slug=slug)
    form = CommentForm(request.POST, article=article)
    if not article.comments_open:
        messages.error(request, CLOSED)
        return _refuse(request, article, form, 403)
    if request.csrf_unverified:
        form.is_valid()  # the field errors are shown too, so one more send is enough
        return _refuse(request, article, form, 400, UNVERIFIED)
    if not form.is_valid():
        return _refuse(request, article, form, 400)
    data = form.cleaned_data
    ip = client_ip(request)
    if not request.user.is_staff:
        flooded = antispam.count_comment_attempt(ip=ip, email=data["email"])
        if flooded:
            response = _refuse(request, article, form, 429, flooded.message)
            response["Retry-After"] = str(flooded.retry_after)
            return response
    try:
        comment = service.comment_create(
            article=article,
            parent_id=data["parent"],
            ip=ip,
            user_agent=request.META.get("HTTP_USER_AGENT", ""),
            user=request.user,
            site_url=request.build_absolute_uri("/"),
            own_ids=cookies.own_comment_ids(request),
            form_token=data["token"],
            **{key: data[key] for key in ("name", "email", "url", "body")},
        )
    except service.CommentsClosed:
        messages.error(request, CLOSED)
        return _refuse(request, article, form, 403)
    except service.FormTokenUsed:
        return _refuse(request, article, form, 400, antispam.TOKEN_USED)
    except service.DuplicateComment as duplicate:
        return _duplicate(request, duplicate.original)
    except ValidationError as exc:
        for field_name, errors in exc.message_dict.items():
            # Errors on hidden fields (the reply's parent) would render nowhere:
            # show them with the form's own errors instead.
            shown = field_name in form.fields and not form.fields[field_name].widget.is_hidden
            form.add_error(field_name if shown else None, errors)
        return _refuse(request, article, form, 400)
    if comment.status == Comment.Status.SPAM:
        return _refuse(request, article, form, 403, BLOCKED)

    pending_ids = cookies.pending_ids_from(request)
    if comment.status == Comment.Status.PENDING:
        pending_ids.append(comment.pk)
    response = redirect(threads.comment_location(comment, pending_ids=pending_ids))
    if comment.status == Comment.Status.PENDING:
        cookies.remember_pending(request, response, comment)
        messages.info(request, "Thank you. Your comment is awaiting moderation.")
    else:
        messages.success(request, "Thank you. Your comment is published.")
    if data["notify"]:
        notifications.subscribe(comment=comment, site_url=request.build_absolute_uri("/"))
    if data["remember"]:
        cookies.remember_commenter(
            request,
            response,
            name=data["name"],
            email=data["email"],
            url=data["url"],
            comment_id=comment.pk,
        )
    else:
        cookies.forget_commenter(response)
    return response


def _duplicate(request, original: Comment):
    """Send the poster to the copy already stored. A pending copy is shown only to
    the browser that posted it (its signed cookie names it): the same text with the
    same email is no proof, so nobody reads another's held comment that way."""
    pending_ids = cookies.pending_ids_from(request)
    own_pending = original.status == Comment.Status.PENDING and original.pk in pending_ids
    try:
        location = threads.comment_location(original, pending_ids=pending_ids)
    except Http404:
        location = original.article.get_absolute_url() + "#comments"
    response = redirect(location)
    if own_pending:
        cookies.remember_pending(request, response, original)
    messages.info(request, DUPLICATE)
    return response


@never_cache
@require_GET
def form_tokens(request, pk: int):
    """The comment form's tokens for a reader who starts writing on a shared page:
    the signed fill-time token (the minimum fill time counts from now) and a
    CSRF token (with its cookie). Private: never kept by any cache."""
    article = get_object_or_404(Article.objects.visible_to(request.user), pk=pk)
    return JsonResponse(
        {
            "token": antispam.issue_form_token(article.pk),
            "csrfmiddlewaretoken": get_token(request),
        }
    )


@require_GET
def comment_permalink(request, pk: int):
    """/comments/<id>/: the piece, on the thread page the comment is on."""
    comment = get_object_or_404(
        Comment.objects.select_related("article").filter(
            article__in=Article.objects.visible_to(request.user)
        ),
        pk=pk,
    )
    try:
        location = threads.comment_location(comment, pending_ids=cookies.pending_ids_from(request))
    except Http404:
        if not request.user.is_staff:
            raise
        # An editor following "View on site" of a held or removed comment: the
        # page would not show it, its moderation page does.
        location = reverse("admin:articles_comment_change", args=[comment.pk])
    return redirect(location)

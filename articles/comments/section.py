"""The comments section of a piece's page: its thread page, its form, the reply it
answers. Read by the piece's page and by a refused post, which shows the page again."""

from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from archive import page_cache
from articles.comments import cookies, threads
from articles.forms import CommentForm
from articles.models import Article, Comment


def reply_to_id(request) -> str:
    value = request.GET.get("replytocom", "")
    return value if value.isdigit() else ""


def _shown_comment(article: Article, pk: str) -> Comment | None:
    if not pk.isdigit():
        return None
    return (
        Comment.objects.approved().filter(article=article, pk=int(pk)).only("name", "body").first()
    )


def comment_section_context(request, article: Article, form: CommentForm | None = None) -> dict:
    """Everything the comments section of a piece's page shows.

    The thread page is read lazily (two queries, on first use in the template), so
    a page whose thread comes from a shared fragment never reads it. What is the
    same for every visitor is marked shareable: the thread unless this visitor has
    pending comments of their own, the form while it is blank.
    """
    pending_ids = cookies.pending_ids_from(request)
    number = threads.parse_page_number(request.GET.get("cpage"))
    page = SimpleLazyObject(
        lambda: threads.thread_page(
            article, pending_ids=pending_ids, number=number, request=request
        )
    )
    form_is_shared = False
    # A refused post names its parent in its data; a fresh reply link in the URL.
    parent_id = str(form.data.get("parent", "")) if form is not None else reply_to_id(request)
    if form is None:
        initial = cookies.remembered_commenter(request)
        if initial:
            initial["remember"] = True
        if parent_id:
            initial["parent"] = parent_id
        form_is_shared = not initial
        # Built on first use: a blank form usually comes from a shared fragment.
        form = SimpleLazyObject(lambda: CommentForm(initial=initial, article=article))
    return {
        # Named in the form ("Replying to Ana"), script or not; read only for a reply.
        "replying_to": SimpleLazyObject(lambda: _shown_comment(article, parent_id)),
        "thread": SimpleLazyObject(lambda: page.items),
        "thread_page": page,
        "thread_number": number,
        "thread_is_shared": not pending_ids,
        "comment_form": form,
        "comment_form_is_shared": form_is_shared,
        "comment_form_tokens_inline": not page_cache.serves_shared_copy(request),
    }

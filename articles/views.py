"""Reader pages. Thin: parse input, call a queryset or a service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from articles import comments
from articles.forms import CommentForm
from articles.models import Article, Author, Comment, Publication, Topic


class ArticleListView(ListView):
    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing().newest_first()


class HomeView(ArticleListView):
    template_name = "articles/home.html"


class FilteredListView(ArticleListView):
    """A person or group page: the object, then its pieces, newest first."""

    model = None
    template_name = "articles/article_group.html"
    filter_field = ""
    kind = ""

    def get_queryset(self):
        self.object = get_object_or_404(self.model, slug=self.kwargs["slug"])
        return super().get_queryset().filter(**{self.filter_field: self.object})

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.object, kind=self.kind, **kwargs)


class AuthorView(FilteredListView):
    model = Author
    filter_field = "authors"
    kind = "author"


class PublicationView(FilteredListView):
    model = Publication
    filter_field = "publication"
    kind = "publication"


class TopicView(FilteredListView):
    model = Topic
    filter_field = "topics"
    kind = "topic"


def article_context(request, article: Article, form: CommentForm | None = None) -> dict:
    pending_ids = comments.pending_ids_from(request)
    # Lazy: when the rendered thread comes from the fragment cache, no query runs.
    thread = SimpleLazyObject(
        lambda: comments.build_thread(
            list(Comment.objects.for_thread(article, also_ids=pending_ids))
        )
    )
    reply_to = request.GET.get("replytocom") if form is None else None
    initial = {"parent": reply_to} if reply_to and reply_to.isdigit() else {}
    return {
        "article": article,
        "thread": thread,
        # Without the poster's own pending comments the thread is the same for everyone.
        "thread_is_shared": not pending_ids,
        "comment_form": form or CommentForm(initial=initial),
        "is_preview": not article.is_live,
    }


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_detail()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_context(self.request, self.object))
        return context


@require_POST
def post_comment(request, slug: str):
    article = get_object_or_404(Article.objects.visible_to(request.user).for_detail(), slug=slug)
    form = CommentForm(request.POST)
    if not article.comments_open:
        messages.error(request, "Comments on this piece are closed.")
        return render(
            request,
            "articles/article_detail.html",
            article_context(request, article, form),
            status=403,
        )
    if form.is_valid():
        try:
            comment = comments.comment_create(
                article=article,
                parent_id=form.cleaned_data["parent"],
                ip=request.META.get("REMOTE_ADDR"),
                user_agent=request.META.get("HTTP_USER_AGENT", ""),
                user=request.user,
                **{key: form.cleaned_data[key] for key in ("name", "email", "url", "body")},
            )
        except comments.CommentsClosed:
            messages.error(request, "Comments on this piece are closed.")
            return render(
                request,
                "articles/article_detail.html",
                article_context(request, article, form),
                status=403,
            )
        except ValidationError as exc:
            for field_name, errors in exc.message_dict.items():
                # Errors on hidden fields (the reply's parent) would render nowhere:
                # show them with the form's own errors instead.
                shown = field_name in form.fields and not form.fields[field_name].widget.is_hidden
                form.add_error(field_name if shown else None, errors)
        else:
            response = redirect(comment.get_absolute_url())
            if comment.status == Comment.Status.PENDING:
                comments.remember_pending(request, response, comment)
                messages.info(request, "Thank you. Your comment is awaiting moderation.")
            else:
                messages.success(request, "Thank you. Your comment is published.")
            return response
    return render(
        request, "articles/article_detail.html", article_context(request, article, form), status=400
    )

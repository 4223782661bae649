"""Reader pages. Thin: parse input, call a queryset or a service, render."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from articles import comments
from articles import search as search_pipeline
from articles.forms import CommentForm, SearchForm
from articles.models import Article, Author, Comment, Publication, Topic
from articles.search.links import search_links


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
    thread = comments.build_thread(list(Comment.objects.for_thread(article, also_ids=pending_ids)))
    reply_to = request.GET.get("replytocom") if form is None else None
    initial = {"parent": reply_to} if reply_to and reply_to.isdigit() else {}
    return {
        "article": article,
        "thread": thread,
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


def search(request):
    """The results page: thin; the pipeline is articles.search."""
    return search_page(request)


def search_page(request, *, exhaustive: bool = False):
    """The results page for any plan (`exhaustive`: the benchmark's naive baseline)."""
    form = SearchForm(request.GET)
    form.is_valid()  # invalid fields are dropped below, with a note; nothing is a 500
    data = form.cleaned_data
    if "page" in form.errors:
        raise Http404("No such page of results.")
    ignored = [name for name in SearchForm.FILTERS if name in form.errors]
    filters = search_pipeline.Filters(
        **{name: data.get(name) or None for name in SearchForm.FILTERS}
    )
    results = search_pipeline.search(
        data.get("q", ""),
        filters=filters,
        sort=data.get("sort") or "relevance",
        page=data.get("page") or 1,
        per_page=settings.ARTICLES_PER_PAGE,
        exhaustive=exhaustive,
    )
    if results.page > 1 and not results.articles:
        raise Http404("No such page of results.")
    return render(
        request,
        "articles/search.html",
        {
            "form": form,
            "results": results,
            "ignored_filters": ignored,
            "search_query": results.query.text,
            "results_filters": [
                (name, getattr(filters, name))
                for name in SearchForm.FILTERS
                if getattr(filters, name)
            ],
            "links": search_links(request, results),
        },
    )

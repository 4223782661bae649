"""Reader pages. Thin: parse input, call a queryset or a service, render."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView

from articles import history
from articles.comments.views import comment_section_context
from articles.forms import CommentForm
from articles.models import Article, Author, Publication, Topic
from articles.related import related_articles


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
    return {
        "article": article,
        **comment_section_context(request, article, form),
        "is_preview": not article.is_live,
        "related": related_articles(article),
    }


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.visible_to(self.request.user).for_detail()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Only a miss pays for the lookup: an old slug answers 301 to the new URL.
            moved = history.redirect_target(
                kwargs["slug"], Article.objects.visible_to(request.user)
            )
            if moved is None:
                raise
            query = request.META.get("QUERY_STRING")
            url = moved.get_absolute_url() + (f"?{query}" if query else "")
            return redirect(url, permanent=True)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(article_context(self.request, self.object))
        return context

"""Reader pages. Thin: parse input, call a queryset or a service, render."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.generic import DetailView, ListView

from archive import page_cache
from articles import history
from articles import search as search_pipeline
from articles.article_page import article_context
from articles.forms import SearchForm
from articles.front_page import front_page
from articles.models import Article, Author, Publication, Topic
from articles.pagination import paginate
from articles.search.links import search_links


class ArticleListView(ListView):
    """Newest-first pieces: numbered first pages, then pages read by seek
    (articles/pagination.py), each at a fixed cost whatever the archive's size."""

    paginate_by = settings.ARTICLES_PER_PAGE
    context_object_name = "articles"

    def get_queryset(self):
        return Article.objects.published().for_listing().newest_first()

    def known_count(self) -> int | None:
        """The list's size where the view knows it without counting rows."""
        return None

    def paginate_queryset(self, queryset, page_size):
        paginator, page = paginate(
            queryset, self.request, page_size, known_count=self.known_count()
        )
        self.pager = page.links(self.request)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["pager"] = self.pager
        return context


class HomeView(ArticleListView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if context["page_obj"].number == 1:
            context["front"] = front_page(list(context["articles"]))
        return context


class GroupIndexView(ListView):
    """Every author, publication or topic with a live piece, by name."""

    template_name = "articles/group_index.html"
    context_object_name = "groups"
    paginate_by = 100
    model = None
    title = ""
    intro = ""

    def get_queryset(self):
        return self.model.objects.public().order_by("name", "pk")

    def get_context_data(self, **kwargs):
        return super().get_context_data(title=self.title, intro=self.intro, **kwargs)


class AuthorIndexView(GroupIndexView):
    model = Author
    title = "Authors"
    intro = "Everyone whose commentary is in the archive."


class PublicationIndexView(GroupIndexView):
    model = Publication
    title = "Publications"
    intro = "The papers, magazines and sites these pieces first appeared in."


class TopicIndexView(GroupIndexView):
    model = Topic
    title = "Topics"
    intro = "Subjects the archive's pieces are filed under."


class FilteredListView(ArticleListView):
    """A person or group page: the object, then its pieces, newest first."""

    model = None
    template_name = "articles/article_group.html"
    filter_field = ""
    kind = ""

    def get_queryset(self):
        self.object = get_object_or_404(self.model.objects.public(), slug=self.kwargs["slug"])
        return super().get_queryset().linked_to(self.object)

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


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        # Bylines and topics are read on first use (Article.byline_authors, .topic_list):
        # the parts of the page that show them are often shared fragments already.
        return Article.objects.visible_to(self.request.user).select_related("publication")

    def get_object(self, queryset=None):
        if self.request.user.is_staff:  # previews drafts: always read afresh
            return super().get_object(queryset)
        # A reader outside the page cache (a pending comment of their own, reads
        # pinned after a write) gets the piece this process read for the generation;
        # its bylines and topics, read on first use, are then kept with it.
        return page_cache.kept(
            self.request,
            f"article:{self.kwargs['slug']}",
            lambda: super(ArticleDetailView, self).get_object(queryset),
            size=lambda piece: 2048 + len(piece.body) + len(piece.body_html),
        )

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


def search(request):
    """The results page: thin; the pipeline is articles.search."""
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

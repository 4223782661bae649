"""RSS 2.0 and Atom feeds: the whole archive, and each author, publication and topic.

Every feed is a fixed number of queries (the object, the newest pieces, their
bylines, their topics), however many items it lists.
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import get_script_prefix, reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape

from articles.models import Article, Author, Publication, Topic

FEED_ITEMS = 30


@cache
def _site_feed_links(script_prefix: str, site_name: str) -> tuple[dict, ...]:
    # Every page's <head> lists these: reversed once per process (and prefix).
    return (
        {
            "type": "application/rss+xml",
            "title": f"{site_name}: all pieces (RSS)",
            "href": reverse("articles:feed"),
        },
        {
            "type": "application/atom+xml",
            "title": f"{site_name}: all pieces (Atom)",
            "href": reverse("articles:feed_atom"),
        },
    )


def feed_links(obj=None) -> list[dict]:
    """The <link rel="alternate"> entries a page advertises (site-wide, plus ``obj``'s)."""
    links = list(_site_feed_links(get_script_prefix(), settings.SITE_NAME))
    if obj is not None:
        kind = type(obj).__name__.lower()
        for fmt, mime in (("rss", "application/rss+xml"), ("atom", "application/atom+xml")):
            name = f"articles:{kind}_feed" + ("_atom" if fmt == "atom" else "")
            links.append(
                {
                    "type": mime,
                    "title": f"{obj}: pieces ({fmt.upper() if fmt == 'rss' else 'Atom'})",
                    "href": reverse(name, kwargs={"slug": obj.slug}),
                }
            )
    return links


class ArticleFeed(Feed):
    """Newest live pieces of the whole archive (RSS 2.0)."""

    description = "The newest commentary, analysis and columns."

    def title(self, obj=None) -> str:
        return f"{settings.SITE_NAME}: newest pieces"

    def link(self, obj=None) -> str:
        return reverse("articles:home")

    def base_queryset(self, obj):
        return Article.objects.published()

    def items(self, obj=None):
        queryset = self.base_queryset(obj).for_detail().defer("body").newest_first()
        return queryset[:FEED_ITEMS]

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        # The full, already sanitized body: readers read in their feed reader.
        standfirst = f"<p><strong>{escape(item.standfirst)}</strong></p>" if item.standfirst else ""
        return standfirst + item.body_html

    def item_pubdate(self, item: Article):
        return item.published_at

    def item_updateddate(self, item: Article):
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return ", ".join(author.name for author in item.byline_authors)

    def item_author_link(self, item: Article) -> str | None:
        authors = item.byline_authors
        if len(authors) != 1:
            return None
        return self.request.build_absolute_uri(authors[0].get_absolute_url())

    def get_feed(self, obj, request):
        self.request = request  # for absolute author links
        return super().get_feed(obj, request)

    def item_categories(self, item: Article) -> list[str]:
        return [topic.name for topic in item.topics.all()]


class _ObjectFeed(ArticleFeed):
    """Pieces of one author, publication or topic; ``filter_field`` names the relation."""

    model: type = Author
    filter_field = ""
    noun = ""

    def get_object(self, request, slug: str):
        return get_object_or_404(self.model.objects.public(), slug=slug)

    def title(self, obj) -> str:
        return f"{settings.SITE_NAME}: {obj} ({self.noun})"

    def link(self, obj) -> str:
        return obj.get_absolute_url()

    def description(self, obj) -> str:
        return f"The newest pieces {self.noun_phrase(obj)}."

    def noun_phrase(self, obj) -> str:
        return f"filed under {obj}"

    def base_queryset(self, obj):
        return Article.objects.published().linked_to(obj)


class AuthorFeed(_ObjectFeed):
    model, filter_field, noun = Author, "authors", "author"

    def noun_phrase(self, obj) -> str:
        return f"by {obj}"


class PublicationFeed(_ObjectFeed):
    model, filter_field, noun = Publication, "publication", "publication"

    def noun_phrase(self, obj) -> str:
        return f"in {obj}"


class TopicFeed(_ObjectFeed):
    model, filter_field, noun = Topic, "topics", "topic"


def atom(feed_class: type[Feed]) -> type[Feed]:
    """The Atom 1.0 twin of an RSS feed class (Atom calls the description a subtitle)."""

    class AtomFeed(feed_class):
        feed_type = Atom1Feed

        def subtitle(self, obj=None) -> str:
            return self._get_dynamic_attr("description", obj)

    AtomFeed.__name__ = AtomFeed.__qualname__ = f"Atom{feed_class.__name__}"
    return AtomFeed


AtomArticleFeed = atom(ArticleFeed)
AtomAuthorFeed = atom(AuthorFeed)
AtomPublicationFeed = atom(PublicationFeed)
AtomTopicFeed = atom(TopicFeed)

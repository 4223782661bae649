"""Which pages bench_pages asks for: the URLs of each page kind, picked from the
archive in a few queries (a different piece, person or group per request where
the kind has many)."""

from __future__ import annotations

import itertools

from django.db import connection
from django.db.models.functions import Mod
from django.urls import reverse

from articles.browse import month_counts
from articles.models import Article, Author, Publication, Topic
from articles.pagination import NUMBERED_PAGES, cursor_of
from articles.sitemaps import PAGE_SIZE


def _spread(queryset, runs: int) -> list:
    """``runs`` rows spread evenly over the table (by id), not the first ones."""
    total = queryset.count()
    if not total:
        return []
    step = max(total // runs, 1)
    return list(queryset.alias(slot=Mod("id", step)).filter(slot=0).order_by("id")[:runs])


def _cycle(items: list, runs: int) -> list:
    return list(itertools.islice(itertools.cycle(items), runs)) if items else []


def page_plan(runs: int) -> list[tuple[str, str, list[str]]]:
    with connection.cursor() as cursor:
        # Picking the pages reads whole tables once; the pages themselves are timed.
        cursor.execute("SET statement_timeout = 0")
    live = Article.objects.published()
    pieces = _spread(live.only("id", "slug", "published_at"), runs)
    popular = list(live.order_by("-comment_count").only("slug", "comment_count")[:runs])
    topics = list(Topic.objects.all())
    authors = _spread(Author.objects.all(), runs)
    publications = list(Publication.objects.all())
    months = month_counts()
    home = reverse("articles:home")
    plan = [
        ("reader", "home", [home] * runs),
        ("reader", f"home page {NUMBERED_PAGES}", [f"{home}?page={NUMBERED_PAGES}"] * runs),
        ("reader", "home deep (seek)", [f"{home}?older={cursor_of(p)}" for p in pieces]),
        ("reader", "home deep (newer)", [f"{home}?newer={cursor_of(p)}" for p in pieces[1:]]),
        ("reader", "topic", [t.get_absolute_url() for t in _cycle(topics, runs)]),
        (
            "reader",
            "topic deep (seek)",
            [
                f"{t.get_absolute_url()}?older={cursor_of(p)}"
                for t, p in zip(_cycle(topics, runs), pieces, strict=False)
            ],
        ),
        ("reader", "author", [a.get_absolute_url() for a in authors]),
        ("reader", "publication", [p.get_absolute_url() for p in _cycle(publications, runs)]),
        ("reader", "archive index", [reverse("articles:archive")] * runs),
        (
            "reader",
            "archive year",
            [
                reverse("articles:archive_year", kwargs={"year": m["month"].year})
                for m in _cycle(months[::12], runs)
            ],
        ),
        (
            "reader",
            "archive month",
            [
                reverse(
                    "articles:archive_month",
                    kwargs={"year": m["month"].year, "month": m["month"].month},
                )
                for m in _cycle(months[:: max(len(months) // runs, 1)], runs)
            ],
        ),
        ("reader", "article", [p.get_absolute_url() for p in pieces]),
        ("reader", "article, most comments", [p.get_absolute_url() for p in popular]),
        ("feed", "feed (RSS)", [reverse("articles:feed")] * runs),
        ("feed", "feed (Atom)", [reverse("articles:feed_atom")] * runs),
        (
            "feed",
            "topic feed",
            [reverse("articles:topic_feed", kwargs={"slug": t.slug}) for t in _cycle(topics, runs)],
        ),
        (
            "feed",
            "author feed",
            [reverse("articles:author_feed", kwargs={"slug": a.slug}) for a in authors],
        ),
        ("sitemap", "sitemap index", [reverse("sitemap")] * runs),
        ("sitemap", "sitemap pages (home, months)", [reverse("sitemap_pages")] * runs),
        (
            "sitemap",
            f"sitemap articles ({PAGE_SIZE:,} URLs)",
            [
                reverse(
                    "sitemap_section", kwargs={"section": "articles", "page": p.pk // PAGE_SIZE}
                )
                for p in pieces[:-1]
            ],
        ),
        (
            "sitemap",
            "sitemap authors",
            [reverse("sitemap_section", kwargs={"section": "authors", "page": 0})] * runs,
        ),
        (
            "search",
            "search 'government' (contrast)",
            [reverse("articles:search") + "?q=government"] * runs,
        ),
    ]
    changelist = reverse("admin:articles_article_changelist")
    comments = reverse("admin:articles_comment_changelist")
    plan += [
        ("admin", "admin articles", [changelist] * runs),
        ("admin", "admin articles page 500", [f"{changelist}?p=500"] * runs),
        ("admin", "admin articles in a year", [f"{changelist}?published_at__year=2015"] * runs),
        ("admin", "admin search 'government'", [f"{changelist}?q=government"] * runs),
        ("admin", "admin pending comments", [f"{comments}?status__exact=pending"] * runs),
        ("admin", "admin comments", [comments] * runs),
        (
            "admin",
            "admin article change form",
            [reverse("admin:articles_article_change", args=[p.pk]) for p in popular],
        ),
        ("admin", "admin authors", [reverse("admin:articles_author_changelist")] * runs),
    ]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE articles_article")
    return [(kind, name, urls) for kind, name, urls in plan if urls]

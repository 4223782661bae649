"""/sitemap.xml: an index of sitemap pages of at most PAGE_SIZE URLs each.

- ``pages``: the home page and every month archive, lastmod from the month
  rollup (the latest save of a piece in the month, or removal of one).
- ``articles``, ``authors``, ``publications``, ``topics``: page ``n`` lists the
  rows whose id is in ``(n * PAGE_SIZE, (n + 1) * PAGE_SIZE]`` that are live (or,
  for people and groups, have a live piece); the index lists the pages from the
  lowest id to the highest, and a page whose range holds no live row is empty.
  Ranges, not offsets: a page is one range read of the primary key at any
  depth, and a piece stays on its page.

Pages are written as strings rather than through a template: a 10,000-URL page
is 10,000 loop iterations of a template's tags, most of its cost.
"""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from articles.models import Article, Author, Publication, Topic
from articles.sql import compose, identifier, separated

PAGE_SIZE = 10_000
XMLNS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'

# Each section: the model, the detail URL's name, and the SQL that reads one id
# range of (slug, lastmod): a group's lastmod is the last change of its newest
# live piece, found through the (group, article) indexes. The day is formatted
# by PostgreSQL: 10,000 localtime() and isoformat() calls in Python cost ~0.3 s.
_DAY = "to_char(updated_at AT TIME ZONE %(zone)s, 'YYYY-MM-DD')"
_LIVE = "a.status = 'published' AND a.published_at <= %(now)s"
SECTIONS = {
    "articles": (
        Article,
        "articles:detail",
        "SELECT a.slug, {day} FROM articles_article a"
        f" WHERE a.id > %(low)s AND a.id <= %(high)s AND {_LIVE} ORDER BY a.id",
    ),
    "authors": (
        Author,
        "articles:author",
        "SELECT g.slug, {day} FROM articles_author g CROSS JOIN LATERAL ("
        " SELECT a.updated_at FROM articles_byline l JOIN articles_article a ON a.id = l.article_id"
        f" WHERE l.author_id = g.id AND {_LIVE} ORDER BY l.article_id DESC LIMIT 1) x"
        " WHERE g.id > %(low)s AND g.id <= %(high)s ORDER BY g.id",
    ),
    "publications": (
        Publication,
        "articles:publication",
        "SELECT g.slug, {day} FROM articles_publication g CROSS JOIN LATERAL ("
        " SELECT a.updated_at FROM articles_article a"
        f" WHERE a.publication_id = g.id AND {_LIVE} ORDER BY a.published_at DESC LIMIT 1) x"
        " WHERE g.id > %(low)s AND g.id <= %(high)s ORDER BY g.id",
    ),
    "topics": (
        Topic,
        "articles:topic",
        "SELECT g.slug, {day} FROM articles_topic g CROSS JOIN LATERAL ("
        " SELECT a.updated_at FROM articles_article_topics l"
        " JOIN articles_article a ON a.id = l.article_id"
        f" WHERE l.topic_id = g.id AND {_LIVE} ORDER BY l.article_id DESC LIMIT 1) x"
        " WHERE g.id > %(low)s AND g.id <= %(high)s ORDER BY g.id",
    ),
}


def _xml(body: list[str]) -> HttpResponse:
    return HttpResponse(
        '<?xml version="1.0" encoding="UTF-8"?>\n' + "".join(body),
        content_type="application/xml; charset=utf-8",
    )


def _date(value) -> str:
    return timezone.localtime(value).date().isoformat() if value else ""


def _url(absolute: str, lastmod) -> str:
    mod = f"<lastmod>{_date(lastmod)}</lastmod>" if lastmod else ""
    return f"<url><loc>{escape(absolute)}</loc>{mod}</url>\n"


def sitemap_index(request) -> HttpResponse:
    """One query: the lowest and highest id of each paged table."""
    bounds_sql = separated(
        [
            compose(
                "(SELECT min(id) FROM {table}), (SELECT max(id) FROM {table})",
                table=identifier(model._meta.db_table),
            )
            for model, _, _ in SECTIONS.values()
        ]
    )
    with connection.cursor() as cursor:
        cursor.execute(compose("SELECT {bounds}", bounds=bounds_sql).sql)
        bounds = cursor.fetchone()
    locations = [reverse("sitemap_pages")]
    for number, name in enumerate(SECTIONS):
        low, high = bounds[2 * number], bounds[2 * number + 1]
        if low is None:
            continue
        for page in range((low - 1) // PAGE_SIZE, (high - 1) // PAGE_SIZE + 1):
            locations.append(reverse("sitemap_section", kwargs={"section": name, "page": page}))
    body = [f"<sitemapindex {XMLNS}>\n"]
    body += [
        f"<sitemap><loc>{escape(request.build_absolute_uri(loc))}</loc></sitemap>\n"
        for loc in locations
    ]
    body.append("</sitemapindex>\n")
    return _xml(body)


def sitemap_pages(request) -> HttpResponse:
    """The home page and the month archives with pieces (one query on the rollup)."""
    from articles.browse import month_counts

    months = month_counts()
    body = [f"<urlset {XMLNS}>\n"]
    newest = max((m["last_change"] for m in months if m["last_change"]), default=None)
    body.append(_url(request.build_absolute_uri(reverse("articles:home")), newest))
    for entry in months:
        month = entry["month"]
        path = reverse("articles:archive_month", kwargs={"year": month.year, "month": month.month})
        body.append(_url(request.build_absolute_uri(path), entry["last_change"]))
    body.append("</urlset>\n")
    return _xml(body)


def sitemap_section(request, section: str, page: int) -> HttpResponse:
    if section not in SECTIONS:
        raise Http404("No such sitemap.")
    _, url_name, sql = SECTIONS[section]
    updated = "a.updated_at" if section == "articles" else "x.updated_at"
    model = SECTIONS[section][0]
    params = {
        "low": page * PAGE_SIZE,
        "high": (page + 1) * PAGE_SIZE,
        "now": timezone.now(),
        "zone": settings.TIME_ZONE,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql.replace("{day}", _DAY.replace("updated_at", updated)), params)
        rows = cursor.fetchall()
        if not rows:
            # A page inside the table's ids whose rows are all drafts is empty, not gone.
            table = identifier(model._meta.db_table)
            cursor.execute(compose("SELECT min(id), max(id) FROM {table}", table=table).sql)
            low, high = cursor.fetchone()
            if low is None or not (low - 1) // PAGE_SIZE <= page <= (high - 1) // PAGE_SIZE:
                raise Http404("No such sitemap page.")
    # One reverse() for the page, not one per URL (10,000 of them cost ~0.5 s):
    # slugs are ASCII letters, digits, hyphens and underscores, safe in a path.
    before, _, after = reverse(url_name, kwargs={"slug": "slug"}).rpartition("slug")
    base = escape(request.build_absolute_uri(before))
    body = [f"<urlset {XMLNS}>\n"]
    body += [
        f"<url><loc>{base}{slug}{after}</loc>"
        + (f"<lastmod>{day}</lastmod>" if day else "")
        + "</url>\n"
        for slug, day in rows
    ]
    body.append("</urlset>\n")
    return _xml(body)

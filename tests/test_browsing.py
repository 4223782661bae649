"""Browsing beyond the newest pieces: the date archive, related pieces, reading time,
"Cite this", the styled error pages and the weight of the CSS and JavaScript."""

import datetime as dt
import gzip
import re
from pathlib import Path

import pytest
from django.db import OperationalError
from django.test import RequestFactory
from django.urls import reverse

from archive import errors
from articles.models import Article
from tests.factories import ArticleFactory, AuthorFactory, PublicationFactory, TopicFactory

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
CARD = '<article class="card">'


def at(year: int, month: int, day: int = 10) -> dt.datetime:
    return dt.datetime(year, month, day, 12, 0, tzinfo=dt.UTC)


def html_of(response) -> str:
    return response.content.decode()


@pytest.fixture
def dated_pieces():
    ArticleFactory(title="March one", published_at=at(2023, 3, 2))
    ArticleFactory(title="March two", published_at=at(2023, 3, 31))
    ArticleFactory(title="November", published_at=at(2023, 11))
    ArticleFactory(title="Next year", published_at=at(2024, 1, 1))
    ArticleFactory(title="Draft", status=Article.Status.DRAFT, published_at=None)


# --- Date archive -------------------------------------------------------------


def test_archive_index_counts_pieces_per_year_and_month(client, dated_pieces):
    html = html_of(client.get(reverse("articles:archive")))

    assert "4 pieces, by year and month." in html
    assert re.search(r'href="/archive/2023/">2023</a> <span class="count">\(3\)</span>', html)
    assert re.search(r'href="/archive/2023/3/">March</a> <span class="count">2</span>', html)
    assert re.search(r'href="/archive/2023/11/">November</a> <span class="count">1</span>', html)
    assert re.search(r'href="/archive/2024/1/">January</a> <span class="count">1</span>', html)
    assert html.index("2024") < html.index("2023")  # newest year first


def test_year_page_lists_the_years_pieces_with_month_counts(client, dated_pieces):
    html = html_of(client.get(reverse("articles:archive_year", kwargs={"year": 2023})))

    assert html.count(CARD) == 3
    assert "Next year" not in html and "Draft" not in html
    assert html.index("November") < html.index("March one")
    assert re.search(r'href="/archive/2023/3/">March</a> <span class="count">2</span>', html)


def test_month_page_lists_only_that_month_including_its_first_and_last_day(client, dated_pieces):
    html = html_of(client.get(reverse("articles:archive_month", kwargs={"year": 2023, "month": 3})))

    assert html.count(CARD) == 2
    assert "March one" in html and "March two" in html
    assert '<h1 class="page-title">March 2023</h1>' in html
    assert 'aria-current="page">March</a>' in html
    assert "2 pieces, of 3 in 2023." in html


@pytest.mark.parametrize(
    "path",
    [
        "/archive/2023/13/",
        "/archive/2023/0/",
        "/archive/1999/",
        "/archive/2023/4/",
        "/archive/0/",
        "/archive/2023/3/?page=9",
    ],
)
def test_empty_or_impossible_periods_are_the_styled_404(client, dated_pieces, path):
    response = client.get(path)

    assert response.status_code == 404
    assert "Page not found" in html_of(response)


def test_archive_pages_paginate(client):
    for day in range(1, 26):
        ArticleFactory(published_at=at(2022, 5, day))

    second = html_of(client.get("/archive/2022/5/", {"page": 2}))

    assert second.count(CARD) == 5
    assert "Page 2 of 2" in second


@pytest.mark.parametrize("count", [2, 20])
def test_archive_page_query_count_is_fixed(client, django_assert_num_queries, count):
    for i in range(count):
        ArticleFactory(
            published_at=at(2021, 1 + i % 12),
            authors=[AuthorFactory(), AuthorFactory()],
            topics=[TopicFactory()],
        )

    # Month counts (which also give the paginator its count), the page, bylines, topics.
    with django_assert_num_queries(4):
        assert client.get("/archive/2021/").status_code == 200
    with django_assert_num_queries(1):
        assert client.get("/archive/").status_code == 200


# --- Related pieces ------------------------------------------------------------


def test_related_pieces_rank_shared_topics_and_authors_before_similar_titles(client):
    author, topic, other_topic = AuthorFactory(), TopicFactory(), TopicFactory()
    piece = ArticleFactory(
        title="Harbour cranes and the grain trade", authors=[author], topics=[topic, other_topic]
    )
    both = ArticleFactory(
        title="Completely different words", authors=[author], topics=[topic, other_topic]
    )
    one = ArticleFactory(title="Another unrelated heading", topics=[topic])
    similar = ArticleFactory(title="Harbour cranes and the salt trade")
    ArticleFactory(title="Municipal budgets in winter")  # nothing in common
    ArticleFactory(
        title="Harbour cranes and the grain trades",
        status=Article.Status.DRAFT,
        published_at=None,
        topics=[topic],
    )

    html = html_of(client.get(piece.get_absolute_url()))
    section = html[html.index('id="related-heading"') : html.index('id="comments"')]

    titles = re.findall(r'class="related__title" href="[^"]+">([^<]+)</a>', section)
    assert titles == [both.title, one.title, similar.title]


def test_related_pieces_show_their_authors_and_leave_out_the_piece_itself(client):
    author = AuthorFactory(name="Sela Varga")
    topic = TopicFactory()
    piece = ArticleFactory(topics=[topic])
    ArticleFactory(title="A companion piece", topics=[topic], authors=[author])

    html = html_of(client.get(piece.get_absolute_url()))
    section = html[html.index('id="related-heading"') : html.index('id="comments"')]

    assert "A companion piece" in section
    assert f'<a href="{author.get_absolute_url()}">Sela Varga</a>' in section
    assert piece.title not in section


def test_piece_without_anything_related_has_no_related_section(client):
    piece = ArticleFactory(title="Solitary title", topics=[])
    ArticleFactory(title="Quite another subject")

    assert "Related pieces" not in html_of(client.get(piece.get_absolute_url()))


# --- Reading time and citation -------------------------------------------------


@pytest.mark.parametrize(("words", "shown"), [(50, "1-minute read"), (1200, "6-minute read")])
def test_reading_time(client, words, shown):
    piece = ArticleFactory(body=" ".join(["word"] * words))

    assert shown in html_of(client.get(piece.get_absolute_url()))


def test_cite_this_gives_authors_title_publication_date_and_permalink(client):
    piece = ArticleFactory(
        title="On ferries",
        authors=[
            AuthorFactory(name="Ana Lund"),
            AuthorFactory(name="Bea Okafor"),
            AuthorFactory(name="Cy Marr"),
        ],
        publication=PublicationFactory(name="The Quay"),
        published_at=at(2020, 6, 7),
    )

    html = html_of(client.get(piece.get_absolute_url()))

    expected = (
        "Ana Lund, Bea Okafor and Cy Marr, \u201cOn ferries\u201d, The Quay, 7 June 2020. "
        f"http://testserver{piece.get_absolute_url()}"
    )
    assert f'<p class="cite__text" id="cite-text">{expected}</p>' in html
    # The copy button is an enhancement: hidden until the script reveals it.
    assert re.search(r"<button[^>]*data-copy-target=\"cite-text\"[^>]*hidden>", html)


# --- Error pages ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("handler", "status", "heading"),
    [
        (lambda r: errors.page_not_found(r, None), 404, "Page not found"),
        (errors.server_error, 500, "Something went wrong on our side"),
        (errors.service_unavailable, 503, "The archive is temporarily unavailable"),
    ],
)
def test_error_pages_are_styled_and_accessible(handler, status, heading):
    request = RequestFactory().get("/somewhere/")
    try:
        raise OperationalError("db down") if status == 503 else RuntimeError("boom")
    except Exception:
        response = handler(request)

    html = html_of(response)
    assert response.status_code == status
    assert '<link rel="stylesheet" href="/static/css/site.css">' in html
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert f"<h1>{heading}</h1>" in html
    assert "Traceback" not in html


# --- Weight of what every page downloads ---------------------------------------


def test_css_and_javascript_stay_under_30_kb_compressed_together():
    files = sorted((ROOT / "static").rglob("*.css")) + sorted((ROOT / "static").rglob("*.js"))
    assert files, "no static files found"
    compressed = sum(len(gzip.compress(path.read_bytes(), 9)) for path in files)

    assert compressed < 30 * 1024, f"{compressed} bytes gzipped"


def test_templates_have_no_inline_scripts_or_styles():
    """A strict Content-Security-Policy forbids them; JSON-LD is data, not script."""
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert "style=" not in text, path
        assert "<style" not in text, path
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in tag or 'type="application/ld+json"' in tag, (path, tag)
        assert not re.search(r"\son[a-z]+=", text), path

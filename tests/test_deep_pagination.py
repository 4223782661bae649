"""Deep pages: past the numbered pages, "Older" and "Newer" links read by seek.

A reader walking "Older" from the first page must see every live piece once, in
order, down to the oldest, and walk back up with "Newer"; a bad page or cursor
is the 404 page. Seek pages cost the same queries as the first page, less the
count.
"""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from archive import page_cache
from articles import pagination
from articles.models import Article
from tests.factories import ArticleFactory, TopicFactory

pytestmark = pytest.mark.django_db

PER_PAGE = 20
# Cards, and the front page's headline lists (pieces without a topic keep their order).
TITLE = re.compile(
    r'(?:<h\d class="card__title"><a href="[^"]+">|<a class="headline" href="[^"]+">)([^<]+)</a>'
)
LINK = re.compile(r'<a rel="(prev|next)" href="([^"]+)"')


@pytest.fixture
def two_numbered_pages(monkeypatch):
    monkeypatch.setattr(pagination, "NUMBERED_PAGES", 2)


def make_pieces(count: int, **kwargs) -> list[str]:
    """``count`` live pieces an hour apart (two share a time: the id breaks the tie)."""
    base = timezone.now() - dt.timedelta(days=1)
    for i in range(count):
        when = base - dt.timedelta(hours=i if i != 7 else 6)
        ArticleFactory(title=f"Piece number {i:03d}", published_at=when, **kwargs)
    return list(Article.objects.published().newest_first().values_list("title", flat=True))


def walk(client, url: str, direction: str) -> tuple[list[str], list[str]]:
    """Follow ``direction`` ("next" is Older, "prev" Newer) from ``url``: titles, urls."""
    titles, urls = [], []
    while url:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        titles.append(TITLE.findall(html))
        urls.append(url)
        links = dict(LINK.findall(html))
        url = links.get(direction)
        if url and url.startswith("?"):
            url = urls[0].split("?")[0] + url
    return titles, urls


def test_older_links_reach_every_piece_once_in_order(client, two_numbered_pages):
    expected = make_pieces(2 * PER_PAGE + 25)

    pages, urls = walk(client, reverse("articles:home"), "next")

    assert [title for page in pages for title in page] == expected
    assert [len(page) for page in pages] == [20, 20, 20, 5]
    assert urls[1].endswith("?page=2")
    assert "?older=" in urls[2] and "?older=" in urls[3]
    html = client.get(urls[2]).content.decode()
    assert "Page 3" not in html and "From " in html  # no number past the numbered pages


def test_newer_links_walk_back_to_the_first_page(client, two_numbered_pages):
    expected = make_pieces(2 * PER_PAGE + 45)
    _, older_urls = walk(client, reverse("articles:home"), "next")

    pages, urls = walk(client, older_urls[-1], "prev")

    assert pages[0] == expected[-5:]
    assert pages[1] == expected[-25:-5]
    # Once a newer page would reach the top, the list starts again at page 1.
    assert pages[-1] == expected[:PER_PAGE]
    assert "Page 1" in client.get(urls[-1]).content.decode()


def test_deep_pages_of_a_topic_keep_to_the_topic(client, two_numbered_pages):
    topic = TopicFactory()
    expected = make_pieces(2 * PER_PAGE + 3, topics=[topic])
    ArticleFactory(title="Piece elsewhere")

    pages, _ = walk(client, topic.get_absolute_url(), "next")

    assert [title for page in pages for title in page] == expected
    assert "Pieces (40+)" in client.get(topic.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?page=3",
        "?page=0",
        "?page=x",
        "?older=yesterday",
        "?older=1.x",
        "?newer=999999999999999999.1",
    ],
)
def test_bad_page_or_cursor_is_the_404_page(client, two_numbered_pages, query):
    make_pieces(2 * PER_PAGE + 5)

    response = client.get(reverse("articles:home") + query)

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_a_cursor_past_the_oldest_piece_is_a_404(client):
    make_pieces(3)
    response = client.get(reverse("articles:home") + "?older=-99999999999.1")
    assert response.status_code == 404


def test_seek_page_costs_no_count(client, django_assert_num_queries, two_numbered_pages):
    make_pieces(2 * PER_PAGE + 25)
    _, urls = walk(client, reverse("articles:home"), "next")
    page_cache.bump()  # the walk cached the page; render it afresh

    # The page of pieces, bylines with authors, topics: no count at any depth.
    with django_assert_num_queries(3):
        assert client.get(urls[2]).status_code == 200

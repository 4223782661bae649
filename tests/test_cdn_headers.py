"""Every anonymous reader page can be kept by a CDN or Varnish.

For home, article, author, publication, topic, archive, search pages and feeds:
the same bytes for every anonymous reader, no cookie set, public Cache-Control
with s-maxage and stale-while-revalidate, and an ETag that answers 304. Readers
whose page is their own (a session, a pending comment) get private pages.
"""

from __future__ import annotations

import datetime as dt
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article
from tests.comment_helpers import comment_form_data, post_url
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, TopicFactory

pytestmark = pytest.mark.django_db

CACHE_CONTROL = re.compile(r"public, max-age=(\d+), s-maxage=(\d+), stale-while-revalidate=(\d+)")


@pytest.fixture
def reader_urls():
    author, topic = AuthorFactory(), TopicFactory()
    article = ArticleFactory(title="Harbour lights and ferries", authors=[author], topics=[topic])
    CommentFactory(article=article, body="A remark every reader sees.")
    year = article.published_at.year
    return [
        "/",
        article.get_absolute_url(),
        author.get_absolute_url(),
        article.publication.get_absolute_url(),
        topic.get_absolute_url(),
        "/archive/",
        f"/archive/{year}/",
        "/search/?q=harbour",
        "/feed/",
        "/feed/atom/",
    ]


def test_every_anonymous_reader_gets_the_same_public_page(reader_urls):
    for url in reader_urls:
        first = Client().get(url)  # a miss: rendered now
        # Another reader, with a CSRF cookie and a cookie of some analytics script.
        other = Client()
        other.cookies["csrftoken"] = "k" * 32
        other.cookies["_ga"] = "GA1.1.123"
        second = other.get(url)  # a hit

        assert first.status_code == second.status_code == 200, url
        assert first.content == second.content, url
        assert not first.cookies and not second.cookies, url
        assert "csrfmiddlewaretoken" not in first.content.decode(), url
        for response in (first, second):
            match = CACHE_CONTROL.fullmatch(response["Cache-Control"])
            assert match, (url, response["Cache-Control"])
            assert all(int(seconds) > 0 for seconds in match.groups()), url
            assert "Cookie" in response["Vary"]
        assert first["ETag"] == second["ETag"], url


def test_the_etag_answers_304_until_the_page_changes(reader_urls):
    for url in reader_urls:
        etag = Client().get(url)["ETag"]
        revalidated = Client().get(url, HTTP_IF_NONE_MATCH=etag)
        assert revalidated.status_code == 304, url
        assert revalidated.content == b""

    Article.objects.update(title="Harbour lights, corrected")
    Article.objects.first().save()
    for url in reader_urls:
        fresh = Client().get(url, HTTP_IF_NONE_MATCH=etag)
        assert fresh.status_code == 200, url


def test_a_poster_with_a_pending_comment_gets_private_pages(article):
    poster = Client()
    poster.post(
        post_url(article),
        comment_form_data(article, name="Ola", email="ola@example.org", body="Held for now."),
    )
    for url in (article.get_absolute_url(), "/"):
        page = poster.get(url)
        assert page.status_code == 200
        assert page["Cache-Control"].startswith("private"), url
        assert "ETag" not in page or "public" not in page["Cache-Control"]
    assert "awaiting moderation" in poster.get(article.get_absolute_url()).content.decode()


def test_an_editor_gets_private_pages(staff_client, article):
    for url in (article.get_absolute_url(), "/"):
        cache_control = staff_client.get(url)["Cache-Control"]
        assert "private" in cache_control and "public" not in cache_control, url


def test_shared_copies_end_when_the_next_scheduled_piece_goes_live(settings):
    settings.PAGE_CACHE_SHARED_SECONDS = 600
    settings.PAGE_CACHE_BROWSER_SECONDS = 60
    ArticleFactory(published_at=timezone.now() + dt.timedelta(seconds=30))

    match = CACHE_CONTROL.fullmatch(Client().get("/")["Cache-Control"])

    browser, shared, stale = (int(seconds) for seconds in match.groups())
    # At most until the go-live (less with replicas, whose lag shortens it too), and
    # no stale copy past it.
    assert 0 < shared <= 30
    assert 0 < browser <= 30
    assert shared + stale <= 30


def test_a_replicas_lag_does_not_let_browsers_keep_a_page_past_the_go_live(settings, monkeypatch):
    """With replicas, a fresh generation keeps shared copies only as long as the
    replicas may lag; browsers must still drop the page at the next go-live."""
    monkeypatch.setattr("archive.replicas.replica_aliases", lambda: ["replica"])
    settings.PAGE_CACHE_SHARED_SECONDS = 600
    settings.PAGE_CACHE_BROWSER_SECONDS = 60
    settings.REPLICA_PIN_SECONDS = 5
    ArticleFactory(published_at=timezone.now() + dt.timedelta(seconds=30))

    match = CACHE_CONTROL.fullmatch(Client().get("/")["Cache-Control"])

    browser, shared, stale = (int(seconds) for seconds in match.groups())
    assert 0 < shared <= 5
    assert 0 < browser <= 30
    assert shared + stale <= 30


def test_a_missing_page_is_never_kept_by_a_shared_cache():
    response = Client().get("/articles/no-such-piece/")
    assert response.status_code == 404
    assert "public" not in response.get("Cache-Control", "")


class BanRecorder(BaseHTTPRequestHandler):
    bans: list[str] = []

    def do_BAN(self):  # noqa: N802 - the HTTP method's name
        BanRecorder.bans.append(self.path)
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def ban_listener(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), BanRecorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    BanRecorder.bans = []
    settings.PAGE_CACHE_PURGE_URLS = [f"http://127.0.0.1:{server.server_address[1]}/"]
    settings.PAGE_CACHE_PURGE_REPEAT_SECONDS = 0
    yield BanRecorder.bans
    server.shutdown()
    server.server_close()


def test_a_committed_change_bans_the_shared_caches(
    ban_listener, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    ban_listener.clear()

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        article.title = "Edited"
        article.save()
    assert ban_listener == []  # not before the commit: a cache would fetch the old page

    for callback in callbacks:
        callback()
    assert ban_listener == ["/"]


def test_a_comment_held_for_moderation_bans_nothing(
    ban_listener, article, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            post_url(article),
            comment_form_data(article, name="New", email="new@example.org", body="Hello."),
        )
    assert response.status_code == 302
    assert ban_listener == []


def test_a_scheduled_piece_going_live_bans_the_shared_caches(ban_listener):
    """Nobody saves anything when a scheduled piece's time comes: the first request
    after it starts a new generation, and bans Varnish's copies too, which still
    lack the piece."""
    goes_live = timezone.now() + dt.timedelta(seconds=2)
    ArticleFactory(title="Out on the hour", published_at=goes_live)
    assert "Out on the hour" not in Client().get("/").content.decode()
    ban_listener.clear()

    time.sleep(max(0, (goes_live - timezone.now()).total_seconds()) + 0.1)

    assert "Out on the hour" in Client().get("/").content.decode()
    assert ban_listener == ["/"]

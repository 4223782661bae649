"""Debian's varnishd with varnish.vcl in front of real gunicorn.

Readers share one copy per page; an edit, a published comment and a scheduled
piece going live show through Varnish within seconds (the web workers and any
process that writes send BAN after the commit), not when the copy expires.
"""

from __future__ import annotations

import http.client
import json
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from articles.models import Article, Comment
from devtools.local_gunicorn import LocalGunicorn, production_env
from devtools.local_varnish import LocalVarnish, available
from tests.factories import ArticleFactory, CommentFactory
from tests.test_comment_durability import database_url_for_tests

ROOT = Path(__file__).resolve().parent.parent
SECONDS_TO_SHOW = 5

needs_varnish = pytest.mark.skipif(
    not available(), reason="varnishd is not installed (Debian: apt-get install varnish)"
)


def fetch(base: str, path: str, *, method="GET", body=None, headers=None):
    url = urllib.parse.urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read().decode()
    finally:
        connection.close()


def shows_within(base: str, path: str, text: str, seconds: float = SECONDS_TO_SHOW) -> float:
    """Seconds until an anonymous reader sees ``text`` at ``path``; fails past ``seconds``."""
    started = time.monotonic()
    while True:
        status, _, html = fetch(base, path)
        if status == 200 and text in html:
            return time.monotonic() - started
        if time.monotonic() - started > seconds:
            pytest.fail(f"{text!r} not shown at {path} through Varnish after {seconds}s")
        time.sleep(0.2)


def returning_commenter_cookie(comment) -> str:
    """The signed remember-me cookie of the browser that posted ``comment``."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from articles.comments import cookies

    response = HttpResponse()
    cookies.remember_commenter(
        RequestFactory().get("/"),
        response,
        name=comment.name,
        email=comment.email,
        url=comment.url,
        comment_id=comment.pk,
    )
    return f"{cookies.REMEMBER_COOKIE}={response.cookies[cookies.REMEMBER_COOKIE].value}"


@pytest.fixture
def stack(transactional_db, settings):
    """Varnish -> gunicorn (2 workers, DEBUG off) on the test database; this process's
    writes ban Varnish too, as a management command's would."""
    database_url = database_url_for_tests()
    env = production_env(
        database_url,
        # This process signs the returning commenter's cookie the site must accept.
        DJANGO_SECRET_KEY=django_settings.SECRET_KEY,
        WEB_CONCURRENCY="2",
        COMMENTS_MIN_FILL_SECONDS="0",
        PAGE_CACHE_PURGE_REPEAT_SECONDS="1",
    )
    if not (ROOT / "staticfiles" / "staticfiles.json").exists():
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
            cwd=ROOT,
            env=env,
            check=True,
            timeout=300,
        )
    server = LocalGunicorn(env, args=("--access-logfile", "/dev/null"))
    cache = LocalVarnish(server.port)
    server.env["PAGE_CACHE_PURGE_URLS"] = cache.purge_url
    settings.PAGE_CACHE_PURGE_URLS = [cache.purge_url]
    settings.PAGE_CACHE_PURGE_REPEAT_SECONDS = 1
    try:
        with server, cache:
            yield cache.base
    finally:
        sys.stderr.write(server.log_tail())


@needs_varnish
@pytest.mark.slow
def test_an_edit_shows_through_varnish_within_seconds(stack):
    article = ArticleFactory(title="The ferry timetable of 1962")
    path = article.get_absolute_url()

    first = fetch(stack, path)
    second = fetch(stack, path)
    assert first[0] == second[0] == 200
    assert second[1]["X-Cache"] == "hit"
    assert first[2] == second[2]
    assert "The ferry timetable of 1962" in second[2]
    assert "s-maxage=" in second[1]["Cache-Control"]
    assert "Set-Cookie" not in second[1]
    # A reader's cookies do not make a copy of their own.
    with_cookie = fetch(stack, path, headers={"Cookie": "csrftoken=abc; _ga=GA1.1"})
    assert with_cookie[1]["X-Cache"] == "hit"
    # Varnish answers revalidations itself.
    etag = second[1]["ETag"]
    assert fetch(stack, path, headers={"If-None-Match": etag})[0] == 304

    article.title = "The ferry timetable of 1963"
    article.save()

    shows_within(stack, path, "The ferry timetable of 1963")
    assert "The ferry timetable of 1962" not in fetch(stack, path)[2]


@needs_varnish
@pytest.mark.slow
def test_a_published_comment_shows_through_varnish_within_seconds(stack):
    """Posted through Varnish and published at once (a returning commenter: an approved
    comment posted from this browser): the web worker that stored it bans the page."""
    article = ArticleFactory()
    earlier = CommentFactory(
        article=article, name="A Regular", email="regular@example.org", body="An earlier remark."
    )
    path = article.get_absolute_url()
    fetch(stack, path)
    assert fetch(stack, path)[1]["X-Cache"] == "hit"

    status, headers, body = fetch(stack, f"/comments/form/{article.pk}/tokens/")
    assert status == 200
    assert "no-store" in headers["Cache-Control"]
    tokens = json.loads(body)
    cookie = f"{headers['Set-Cookie'].split(';')[0]}; {returning_commenter_cookie(earlier)}"
    form = {
        **tokens,
        "subject": "",
        "name": "A Regular",
        "email": "regular@example.org",
        "body": "Published through the cache, seen through it.",
    }
    status, headers, _ = fetch(
        stack,
        f"{path}comments/",
        method="POST",
        body=urllib.parse.urlencode(form),
        headers={"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookie},
    )
    assert status == 302, headers
    published = Comment.objects.get(body="Published through the cache, seen through it.")
    assert published.status == Comment.Status.APPROVED

    shows_within(stack, path, "Published through the cache, seen through it.")


@needs_varnish
@pytest.mark.slow
def test_a_scheduled_piece_shows_through_varnish_when_it_goes_live(stack):
    ArticleFactory(title="Already out")
    goes_live = timezone.now() + timezone.timedelta(seconds=3)
    ArticleFactory(title="Out on the stroke of the hour", published_at=goes_live)
    fetch(stack, "/")
    status, headers, html = fetch(stack, "/")
    assert headers["X-Cache"] == "hit"
    assert "Already out" in html
    assert "Out on the stroke of the hour" not in html

    while timezone.now() < goes_live:
        time.sleep(0.2)
    waited = shows_within(stack, "/", "Out on the stroke of the hour")

    assert waited < SECONDS_TO_SHOW
    assert Article.objects.count() == 2

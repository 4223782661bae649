"""Flood control under real gunicorn with several worker processes and no Redis
(as `make run` starts it): twelve quick comments from one address meet a 429,
because every worker counts in the same PostgreSQL table."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import urllib.parse

import pytest

from articles.models import Comment
from devtools.local_gunicorn import LocalGunicorn
from tests.comment_helpers import post_url
from tests.factories import ArticleFactory
from tests.test_comment_durability import database_url_for_tests

WORKERS = 3
POSTS = 12


def start_gunicorn(tmp_path, **settings: str) -> LocalGunicorn:
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "DJANGO_DEBUG": "true",
        "COMMENTS_MIN_FILL_SECONDS": "0",
        "WEB_CONCURRENCY": str(WORKERS),
        **settings,
    }
    env.pop("REDIS_URL", None)
    env.pop("COUNTERS_REDIS_URL", None)
    # The access log names the worker (pid) that answered each request.
    args = ("--access-logfile", "-", "--access-logformat", "worker=%(p)s %(m)s %(U)s %(s)s")
    return LocalGunicorn(env, args=args, log=tmp_path / "gunicorn.log")


def request(port: int, method: str, path: str, body: str = "", headers=None):
    # A new connection each time, as separate browser posts would make, so the
    # requests spread over the workers.
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(method, path, body=body or None, headers=headers or {})
    response = conn.getresponse()
    content = response.read().decode()
    conn.close()
    return response, content


def post_quickly(server: LocalGunicorn, article, count: int, start: int = 0) -> list[int]:
    request(server.port, "GET", article.get_absolute_url())
    statuses = []
    for n in range(start, start + count):
        # The tokens the form's script fetches when a reader starts writing.
        answer, content = request(server.port, "GET", f"/comments/form/{article.pk}/tokens/")
        tokens = json.loads(content)
        csrf = re.search(r"csrftoken=([^;]+)", answer.getheader("Set-Cookie")).group(1)
        body = urllib.parse.urlencode(
            {
                "csrfmiddlewaretoken": tokens["csrfmiddlewaretoken"],
                "token": tokens["token"],
                "subject": "",
                "name": f"Quick poster {n}",
                "email": f"quick{n}@example.org",  # the per-email limit is not what stops them
                "body": f"Quick comment number {n}.",
            }
        )
        answer, _ = request(
            server.port,
            "POST",
            post_url(article),
            body,
            {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={csrf}",
                "X-Forwarded-For": f"192.0.2.{n}",  # forged: no proxy is configured
            },
        )
        statuses.append(answer.status)
    return statuses


def workers_that_answered_posts(server: LocalGunicorn) -> set[str]:
    return set(re.findall(r"worker=<?(\d+)>? POST ", server.log.read_text()))


def post_over_several_workers(server: LocalGunicorn, article) -> tuple[list[int], set[str]]:
    """POSTS quick posts, and more until at least two workers have answered some (on
    a quiet machine one idle worker may take every connection)."""
    statuses = post_quickly(server, article, POSTS)
    stalled = []
    try:
        for _ in range(WORKERS):
            if len(workers_that_answered_posts(server)) > 1:
                break
            # Keep the worker that just answered busy with a request that never ends
            # (the freshly idle worker is the one the kernel hands the next connection),
            # so the next posts reach another one.
            stalled.append(socket.create_connection(("127.0.0.1", server.port), timeout=5))
            stalled[-1].sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            statuses += post_quickly(server, article, POSTS, start=len(statuses))
    finally:
        for connection in stalled:
            connection.close()
    return statuses, workers_that_answered_posts(server)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_twelve_quick_posts_meet_the_window_limit_across_workers(tmp_path):
    article = ArticleFactory()
    with start_gunicorn(tmp_path, COMMENTS_BURST_SECONDS="0", COMMENTS_FLOOD_PER_IP="10") as server:
        statuses, workers = post_over_several_workers(server, article)

    assert statuses == [302] * 10 + [429] * (len(statuses) - 10), server.log_tail()
    assert len(workers) > 1, "the posts were not spread over several workers"
    assert Comment.objects.filter(article=article).count() == 10


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_with_default_limits_the_burst_rule_stops_the_second_quick_post(tmp_path):
    article = ArticleFactory()
    with start_gunicorn(tmp_path) as server:
        statuses, workers = post_over_several_workers(server, article)

    assert statuses == [302] + [429] * (len(statuses) - 1), server.log_tail()
    assert len(workers) > 1
    assert Comment.objects.filter(article=article).count() == 1

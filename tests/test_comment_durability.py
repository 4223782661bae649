"""Nothing lost: comments sent at once to several gunicorn workers are all stored,
each acknowledged only after commit; and a post while the database is down gets
a 503 page that keeps the typed text and writes nothing."""

from __future__ import annotations

import http.client
import json
import os
import re
import threading
import urllib.parse
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection

from articles.models import Comment
from devtools.local_gunicorn import LocalGunicorn, free_port
from tests.comment_helpers import comment_form_data, post_url
from tests.factories import ArticleFactory

CONCURRENT_COMMENTS = 200
WORKERS = 4


def database_url_for_tests() -> str:
    """A DATABASE_URL for the database pytest-django created for this run."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    # A unix-socket directory (the embedded server) goes in percent-encoded.
    host = urllib.parse.quote(db["HOST"] or "127.0.0.1", safe="")
    return f"postgres://{user}{password}@{host}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def gunicorn(transactional_db, tmp_path):
    """gunicorn with several sync workers against the test database, with the fill
    time and flood limits relaxed (200 posts from one address in a second)."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "DJANGO_DEBUG": "true",
        "COMMENTS_MIN_FILL_SECONDS": "0",
        "COMMENTS_FLOOD_PER_IP": "0",
        "COMMENTS_FLOOD_PER_EMAIL": "0",
        "COMMENTS_BURST_SECONDS": "0",
        "WEB_CONCURRENCY": str(WORKERS),
    }
    env.pop("REDIS_URL", None)
    args = ("--access-logfile", "-", "--backlog", "512")
    try:
        with LocalGunicorn(env, args=args, log=tmp_path / "gunicorn.log") as server:
            yield server.port
    except RuntimeError as error:
        pytest.fail(str(error))


class Reader(threading.Thread):
    """One reader: loads the piece (CSRF cookie, form token), waits for everyone,
    then posts their comment and records the answer."""

    def __init__(self, port: int, article, number: int, start_line: threading.Barrier):
        super().__init__()
        self.port, self.article, self.number, self.start_line = port, article, number, start_line
        self.status: int | None = None
        self.location = ""
        self.error: BaseException | None = None

    def run(self):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.request("GET", self.article.get_absolute_url())
            conn.getresponse().read()
            # The tokens the form's script fetches when the reader starts writing.
            conn.request("GET", f"/comments/form/{self.article.pk}/tokens/")
            answer = conn.getresponse()
            tokens = json.loads(answer.read())
            csrf_cookie = re.search(r"csrftoken=([^;]+)", answer.getheader("Set-Cookie")).group(1)
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": tokens["csrfmiddlewaretoken"],
                    "token": tokens["token"],
                    "subject": "",
                    "name": f"Reader {self.number}",
                    "email": f"reader{self.number}@example.org",
                    "body": f"Comment number {self.number}, sent with everyone else's.",
                }
            )
            conn.close()
            self.start_line.wait(timeout=60)
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            conn.request(
                "POST",
                post_url(self.article),
                body=body,
                headers={
                    "Content-Type": "application/x-www-form-urlencoded",
                    "Cookie": f"csrftoken={csrf_cookie}",
                },
            )
            answer = conn.getresponse()
            answer.read()
            self.status, self.location = answer.status, answer.getheader("Location") or ""
            conn.close()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            self.error = exc


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_concurrent_comments_to_several_workers_are_all_stored(gunicorn):
    article = ArticleFactory()
    start_line = threading.Barrier(CONCURRENT_COMMENTS)
    readers = [Reader(gunicorn, article, n, start_line) for n in range(CONCURRENT_COMMENTS)]

    for reader in readers:
        reader.start()
    for reader in readers:
        reader.join(timeout=120)

    assert [r.error for r in readers if r.error] == []
    assert [r.status for r in readers] == [302] * CONCURRENT_COMMENTS
    acknowledged = {int(re.search(r"#comment-(\d+)$", r.location).group(1)) for r in readers}
    stored = Comment.objects.filter(article=article)
    assert stored.count() == CONCURRENT_COMMENTS
    assert set(stored.values_list("id", flat=True)) == acknowledged
    assert {c.body for c in stored} == {
        f"Comment number {n}, sent with everyone else's." for n in range(CONCURRENT_COMMENTS)
    }


# --- The database is down -------------------------------------------------------------------


TYPED = {
    "name": "Petra <Nyström>",
    "email": "petra@example.org",
    "url": "https://petra.example",
    "body": 'A long reply I would hate to lose.\n\nIt has "quotes" & <angle> brackets.',
    "remember": "on",
}


@contextmanager
def database_unreachable():
    """The next connections go to a port where nothing listens, as when PostgreSQL
    is down; the test's own connection is closed first so the request must connect."""
    closed_port = free_port()
    connection.close()
    saved = connection.settings_dict["PORT"]
    connection.settings_dict["PORT"] = closed_port
    try:
        yield
    finally:
        connection.settings_dict["PORT"] = saved
        connection.close()


def assert_retry_page_keeps_the_text(response, article, token: str):
    assert response.status_code == 503
    assert response["Retry-After"]
    html = response.content.decode()
    assert "Please retry" in html
    assert "Your comment was not saved yet" in html
    assert f'<form method="post" action="{post_url(article)}"' in html
    assert (
        "A long reply I would hate to lose.\n\nIt has &quot;quotes&quot; &amp; "
        "&lt;angle&gt; brackets.</textarea>"
    ) in html
    assert 'name="name" id="kept_name" value="Petra &lt;Nyström&gt;"' in html
    assert 'value="petra@example.org"' in html
    assert 'value="https://petra.example"' in html
    assert f'name="token" value="{token}"' in html
    assert re.search(r'name="csrfmiddlewaretoken" value="[^"]{20,}"', html)
    assert 'id="kept_remember" checked' in html


@pytest.mark.django_db(transaction=True)
def test_a_post_while_the_database_is_down_gets_a_503_that_keeps_the_text(client):
    article = ArticleFactory()
    fields = comment_form_data(article, **TYPED)

    with database_unreachable():
        response = client.post(post_url(article), fields)

    assert_retry_page_keeps_the_text(response, article, fields["token"])
    assert not Comment.objects.exists()
    # Once the database is back, sending the kept form again works.
    again = client.post(post_url(article), fields)
    assert again.status_code == 302
    assert Comment.objects.get().body == TYPED["body"]


@pytest.mark.django_db(transaction=True)
def test_a_page_read_while_the_database_is_down_is_a_503_no_cache_keeps(client):
    """A CDN or browser that kept the outage page would show it after recovery."""
    article = ArticleFactory(title="Back in a moment")

    with database_unreachable():
        response = client.get(article.get_absolute_url())

    assert response.status_code == 503
    assert "no-store" in response["Cache-Control"]
    assert int(response["Retry-After"]) > 0
    assert "temporarily unavailable" in response.content.decode()
    assert "Back in a moment" in client.get(article.get_absolute_url()).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_database_lost_in_the_middle_of_the_write_leaves_nothing_half_saved(client):
    """The connection is really cut (pg_terminate_backend from another session) just
    before the comment's INSERT, inside the service's transaction."""
    article = ArticleFactory()
    fields = comment_form_data(article, **TYPED)
    db = connection.settings_dict

    def cut_before_insert(execute, sql, params, many, context):
        if sql.startswith('INSERT INTO "articles_comment"'):
            pid = context["connection"].connection.info.backend_pid
            with psycopg.connect(
                host=db["HOST"],
                port=db["PORT"] or 5432,
                user=db["USER"],
                dbname=db["NAME"],
                autocommit=True,
            ) as other:
                other.execute("SELECT pg_terminate_backend(%s)", [pid])
        return execute(sql, params, many, context)

    with connection.execute_wrapper(cut_before_insert):
        response = client.post(post_url(article), fields)
    connection.close()

    assert_retry_page_keeps_the_text(response, article, fields["token"])
    assert not Comment.objects.exists()

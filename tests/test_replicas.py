"""Reads go to a replica, writes and read-after-write to the primary.

The replica is an alias pointing at the same server, marked as a test mirror of
``default`` (as settings do for every DATABASE_REPLICA_URLS entry). A mirror is
a separate connection that cannot see another connection's open transaction, so
these tests commit their rows and empty the test database afterwards.
"""

from __future__ import annotations

import contextvars
import copy
import subprocess
import sys
import time

import pytest
from django.db import connections
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from archive.replicas import (
    PIN_COOKIE,
    ReadAfterWriteMiddleware,
    pin_to_primary,
    replica_databases,
)
from articles.models import Article, Comment
from tests.comment_helpers import comment_form_data, give_pin_cookie
from tests.factories import ArticleFactory

REPLICA = "replica_0"


def _configure_replica_alias() -> None:
    """Add the replica alias before the test databases are set up (at collection).

    Without DATABASE_ROUTERS (settings add it only for configured replicas) no other
    test sends a query to it; the fixture below turns routing on.
    """
    if REPLICA not in connections.settings:
        settings_dict = copy.deepcopy(connections.settings["default"])
        settings_dict["TEST"] = {**settings_dict.get("TEST", {}), "MIRROR": "default"}
        connections.settings[REPLICA] = settings_dict


_configure_replica_alias()
pytestmark = pytest.mark.django_db(transaction=True, databases=["default", REPLICA])


@pytest.fixture
def replica(settings):
    settings.DATABASE_ROUTERS = ["archive.replicas.PrimaryReplicaRouter"]
    settings.PAGE_CACHE_SECONDS = 0  # every request really reads
    return REPLICA


class Queries:
    """Counts the queries each alias ran."""

    def __enter__(self):
        self.contexts = {alias: CaptureQueriesContext(connections[alias]) for alias in connections}
        for context in self.contexts.values():
            context.__enter__()
        return self

    def __exit__(self, *exc):
        for context in self.contexts.values():
            context.__exit__(*exc)

    def on(self, alias: str) -> list[str]:
        return [q["sql"] for q in self.contexts[alias].captured_queries]


def test_settings_turn_replica_urls_into_test_mirrors():
    primary = {"CONN_MAX_AGE": 60, "OPTIONS": {"connect_timeout": 5}}
    databases = replica_databases(
        ["postgres://reader@replica-a:5432/archive", "postgres://reader@replica-b:5432/archive"],
        primary,
    )
    assert list(databases) == ["replica_0", "replica_1"]
    assert databases["replica_1"]["HOST"] == "replica-b"
    assert databases["replica_0"]["TEST"] == {"MIRROR": "default"}
    assert databases["replica_0"]["OPTIONS"]["connect_timeout"] == 5
    assert databases["replica_0"]["CONN_MAX_AGE"] == 60


def test_replicas_of_a_primary_without_pooling_options_do_not_pool_either():
    [replica] = replica_databases(["postgres://reader@replica-a:5432/archive"], {}).values()
    assert replica["CONN_MAX_AGE"] == 0
    assert replica["CONN_HEALTH_CHECKS"] is False
    assert replica["OPTIONS"] == {}


def test_reads_go_to_the_replica(replica):
    article = ArticleFactory(title="Read from the replica")
    with Queries() as queries:
        response = Client().get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Read from the replica" in response.content.decode()
    assert queries.on(REPLICA)
    assert queries.on("default") == []
    assert PIN_COOKIE not in response.cookies  # a reader who wrote nothing is not pinned


def test_outside_a_request_reads_go_to_the_replica_until_pinned(replica):
    """A fresh context (a management command, the shell) reads from a replica until
    it writes or pins itself to the primary."""
    ArticleFactory()  # a write: this context is now pinned
    assert _read_where() == "default"

    fresh = contextvars.Context()  # as a new command or task starts
    assert fresh.run(_read_where) == REPLICA
    fresh.run(pin_to_primary)
    assert fresh.run(_read_where) == "default"


def _read_where() -> str:
    with Queries() as queries:
        assert Article.objects.count() == 1
    return REPLICA if queries.on(REPLICA) else "default"


def test_a_write_and_the_writers_next_reads_use_the_primary(replica):
    article = ArticleFactory()
    poster = Client()
    with Queries() as queries:
        response = poster.post(
            reverse("articles:post_comment", kwargs={"slug": article.slug}),
            comment_form_data(
                article, name="Ingrid", email="ingrid@example.org", body="A fresh comment."
            ),
        )
    assert response.status_code == 302
    assert any(sql.startswith("INSERT") for sql in queries.on("default"))
    assert queries.on(REPLICA) == []  # the POST read and wrote on the primary
    assert PIN_COOKIE in response.cookies
    assert response.cookies[PIN_COOKIE]["httponly"]  # no script needs to read it

    with Queries() as queries:
        page = poster.get(article.get_absolute_url())
    assert "A fresh comment." in page.content.decode()  # their pending comment
    assert queries.on(REPLICA) == []

    with Queries() as queries:
        Client().get(article.get_absolute_url())  # someone else: replica
    assert queries.on(REPLICA)
    assert queries.on("default") == []


def test_the_writers_reads_return_to_the_replica_when_the_pin_expires(replica):
    """The cookie's own time is checked on the server: a browser that keeps an
    expired cookie (or a client that ignores max-age) is not pinned for ever."""
    article = ArticleFactory()
    reader = Client()
    give_pin_cookie(reader, seconds=60)
    with Queries() as queries:
        reader.get(article.get_absolute_url())
    assert queries.on(REPLICA) == []  # still pinned

    give_pin_cookie(reader, seconds=-1)  # signed, but its time has passed
    with Queries() as queries:
        response = reader.get(article.get_absolute_url())

    assert response.status_code == 200
    assert queries.on(REPLICA)
    assert queries.on("default") == []


def test_reads_after_a_write_in_the_same_request_use_the_primary(replica):
    article = ArticleFactory()
    seen = {}

    def view(request):
        seen["before"] = Article.objects.filter(pk=article.pk).db
        Comment.objects.create(article=article, name="A", email="a@example.org", body="Hi.")
        seen["after"] = Article.objects.filter(pk=article.pk).db
        seen["comments"] = Comment.objects.filter(article=article).db
        from django.http import HttpResponse

        return HttpResponse("ok")

    response = ReadAfterWriteMiddleware(view)(RequestFactory().get("/"))
    assert seen == {"before": REPLICA, "after": "default", "comments": "default"}
    assert PIN_COOKIE in response.cookies
    # The pin ends with the request.
    seen.clear()
    ReadAfterWriteMiddleware(lambda request: seen.update(db=Article.objects.all().db) or response)(
        RequestFactory().get("/")
    )
    assert seen == {"db": REPLICA}


@pytest.fixture
def unreachable_replica(replica, settings):
    """The replica alias pointed at a port nothing listens on, for one test."""
    from archive import replicas

    settings.REPLICA_RETRY_SECONDS = 1
    connection = connections[REPLICA]
    port = connection.settings_dict["PORT"]
    connection.close()
    connection.settings_dict["PORT"] = "1"
    yield connection
    connection.close()
    connection.settings_dict["PORT"] = port
    replicas._down_until.clear()


def test_an_unreachable_replica_is_left_out_until_its_retry_time(unreachable_replica, caplog):
    """A replica that cannot be reached costs one refused connection, logged, and
    reads go to the primary; it is not tried again for REPLICA_RETRY_SECONDS, and
    once that has passed, a replica that is back gets the reads again."""
    article = ArticleFactory(title="Served while the replica is down")
    fresh = contextvars.Context()  # a reader who wrote nothing

    def read_from_primary() -> bool:  # Queries would connect to every alias
        with CaptureQueriesContext(connections["default"]) as primary:
            assert Article.objects.count() == 1
        return bool(primary.captured_queries)

    with caplog.at_level("WARNING", logger="archive.replicas"):
        first = fresh.run(read_from_primary)
        second = fresh.run(read_from_primary)
        page = Client().get(article.get_absolute_url())

    assert first and second
    assert "Served while the replica is down" in page.content.decode()
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1

    unreachable_replica.close()
    unreachable_replica.settings_dict["PORT"] = connections["default"].settings_dict["PORT"]
    assert fresh.run(read_from_primary)  # still within the retry time
    time.sleep(1.1)
    assert fresh.run(_read_where) == REPLICA


def test_migrations_only_run_on_the_primary(replica):
    from django.db import router

    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate(REPLICA, "articles")


def test_with_redis_sessions_live_in_the_cache():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_ENGINE, settings.CACHES['default']['BACKEND'])"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "archive.settings",
        "DJANGO_DEBUG": "true",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
        "REDIS_URL": "redis://127.0.0.1:6379/13",
        "DATABASE_REPLICA_URLS": "postgres://postgres@127.0.0.1:5432/postgres",
    }
    result = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.contrib.sessions.backends.cached_db",
        "archive.redis_cache.RedisCache",
    ]

"""No stampede after a publish: when a change moves the page cache's generation,
one request renders each page afresh while everyone else is served the previous
copy, so a crowd on the home page all get quick answers and the database renders
the page once, not once per reader."""

from __future__ import annotations

import os
import uuid

import pytest
from django.http import HttpResponse
from django.test import Client, RequestFactory

from archive import page_cache
from devtools.local_gunicorn import LocalGunicorn
from devtools.stampede import crowd
from tests.factories import ArticleFactory
from tests.test_comment_durability import database_url_for_tests
from tests.test_page_cache import REDIS_URL, forget_redis_keys, use_redis

READERS = 64
WORKERS = 4


@pytest.fixture
def redis_prefix(settings):
    prefix = use_redis(settings)
    yield prefix
    forget_redis_keys(prefix)


@pytest.mark.django_db
def test_a_reader_during_a_render_gets_the_previous_copy(redis_prefix):
    ArticleFactory(title="The first piece")
    client = Client()
    assert client.get("/")["X-Page-Cache"] == "miss"
    ArticleFactory(title="A fresh piece")  # moves the generation
    key = page_cache.page_key(RequestFactory().get("/"))
    generation = page_cache.current_generation()
    assert page_cache.claim_render(key, generation)  # another worker is rendering

    during = client.get("/")
    assert during["X-Page-Cache"] == "stale"
    assert "The first piece" in during.content.decode()
    assert "A fresh piece" not in during.content.decode()

    page_cache.release_render(key, generation)  # that worker failed: the next one renders
    after = client.get("/")
    assert after["X-Page-Cache"] == "miss"
    assert "A fresh piece" in after.content.decode()
    assert client.get("/")["X-Page-Cache"] == "hit"


@pytest.mark.django_db
def test_a_render_lock_that_cannot_be_released_costs_a_log_line_not_the_page(settings, rf, caplog):
    """After a change, the one request that renders a page takes its lock; when what
    it rendered may not be shared it gives the lock back. If the cache fails just
    then, the reader still gets their page and the log says why."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "tests.failing_caches.LockReleaseFails"},
    }
    settings.PAGE_CACHE_RENDER_LOCK_SECONDS = 1
    shareable = True

    def view(request):
        if shareable:
            return HttpResponse("<p>The page everyone shares</p>")
        response = HttpResponse("<p>A page for this reader alone</p>")
        response["Cache-Control"] = "private"
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    assert middleware(rf.get("/lock/"))["X-Page-Cache"] == "miss"
    page_cache.bump(purge=False)  # a change: the stored copy is now the previous one
    shareable = False

    with caplog.at_level("WARNING", logger="archive.page_cache"):
        answer = middleware(rf.get("/lock/"))

    assert answer["X-Page-Cache"] == "bypass"
    assert "for this reader alone" in answer.content.decode()
    [warning] = [r for r in caplog.records if "could not release" in r.getMessage()]
    assert warning.exc_info  # the reason (the traceback) is in the log


@pytest.mark.django_db
def test_a_worker_holding_an_old_copy_serves_the_fresh_one_another_worker_stored(redis_prefix):
    """After a change one worker renders the page and keeps its render lock; another
    worker, which still holds its own copy of the old page, must serve the fresh
    copy from the shared cache, not its old one."""
    ArticleFactory(title="The first piece")
    key = page_cache.page_key(RequestFactory().get("/"))
    assert Client().get("/")["X-Page-Cache"] == "miss"
    old_copy = page_cache.local_copy(key)
    assert old_copy is not None

    ArticleFactory(title="A fresh piece")  # moves the generation
    assert Client().get("/")["X-Page-Cache"] == "miss"  # rendered, stored, lock kept
    with page_cache._local_lock:  # this process is now the worker with the old copy
        page_cache._local_pages[key] = old_copy

    answer = Client().get("/")

    assert answer["X-Page-Cache"] == "hit"
    assert "A fresh piece" in answer.content.decode()


@pytest.mark.django_db
def test_nothing_stale_is_served_when_the_cache_is_cold(redis_prefix):
    ArticleFactory(title="Only piece")
    response = Client().get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Only piece" in response.content.decode()


@pytest.fixture
def gunicorn_with_redis(transactional_db, tmp_path, settings):
    prefix = f"archive-stampede-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "archive.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.PAGE_CACHE_GENERATION_ALIAS = "default"
    page_cache.reset()
    env = {
        **os.environ,
        "DATABASE_URL": database_url_for_tests(),
        "DJANGO_DEBUG": "true",
        "REDIS_URL": REDIS_URL,
        "REDIS_KEY_PREFIX": prefix,
        "WEB_CONCURRENCY": str(WORKERS),
    }
    try:
        with LocalGunicorn(env, args=("--backlog", "512"), log=tmp_path / "gunicorn.log") as server:
            yield server.port
    except RuntimeError as error:
        pytest.fail(str(error))
    finally:
        forget_redis_keys(prefix)


def test_a_crowd_after_a_publish_gets_quick_answers_and_one_render(gunicorn_with_redis):
    port = gunicorn_with_redis
    ArticleFactory.create_batch(20)
    warm = crowd(port, "/", readers=WORKERS * 2, rounds=2)
    assert not warm.errors, warm.errors
    assert warm.count("hit") > 0  # every worker now holds the page

    ArticleFactory(title="A piece just published")  # a publish moves the generation
    result = crowd(port, "/", readers=READERS, rounds=1)

    assert not result.errors, result.errors[:5]
    assert len(result.answers) == READERS
    assert result.percentile(99) <= 1.0, result.summary()
    # One worker rendered the new home page; the rest had the old copy or the new one.
    assert result.count("miss") == 1, result.summary()
    assert result.count("stale") + result.count("hit") == READERS - 1, result.summary()
    for answer in result.answers:
        fresh = b"A piece just published" in answer.body
        assert fresh == (answer.cache != "stale"), answer.cache
    after = crowd(port, "/", readers=1)
    assert b"A piece just published" in after.answers[0].body

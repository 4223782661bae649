"""With Redis, counters live in a Redis of their own that never evicts, so a
crawl that makes the page cache's Redis (allkeys-lru) evict keeps every count.
Both servers are started by the test (redis-server), with small memory limits."""

from __future__ import annotations

import shutil
import subprocess
import time

import pytest
import redis

from articles.models import Comment
from devtools.local_gunicorn import free_port
from tests.comment_helpers import comment_form_data, post_url

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def start_redis(tmp_path):
    if not shutil.which("redis-server"):
        pytest.skip("redis-server is not installed")
    started = []

    def start(policy: str) -> redis.Redis:
        port = free_port()
        process = subprocess.Popen(
            ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(tmp_path), "--maxmemory-policy", policy],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        started.append(process)
        client = redis.Redis(port=port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        client.url = f"redis://127.0.0.1:{port}/0"
        return client

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=10)


def test_a_crawl_that_evicts_cached_pages_leaves_the_counters(
    client, settings, article, start_redis
):
    pages = start_redis("allkeys-lru")
    counts = start_redis("noeviction")
    settings.CACHES = {
        "default": {"BACKEND": "archive.redis_cache.RedisCache", "LOCATION": pages.url}
    }
    settings.PAGE_CACHE_GENERATION_ALIAS = "default"
    settings.COUNTERS_REDIS_URL = counts.url
    settings.COMMENTS_FLOOD_PER_IP = 100
    settings.COMMENTS_FLOOD_PER_EMAIL = 2
    settings.COMMENTS_BURST_SECONDS = 600  # longer than the crawl takes

    def post(body: str, address: str, email: str = "ines@example.org"):
        return client.post(
            post_url(article),
            comment_form_data(article, name="Ines", email=email, body=body),
            REMOTE_ADDR=address,
        )

    assert post("First.", "192.0.2.60").status_code == 302
    assert post("Second.", "192.0.2.61").status_code == 302
    # Room for only a little more than what the server holds now.
    pages.config_set("maxmemory", pages.info("memory")["used_memory"] + 200_000)

    crawler = type(client)()
    for n in range(1000):
        assert crawler.get(f"/robots.txt?crawl={n}").status_code == 200

    assert pages.info("stats")["evicted_keys"] > 0  # the page cache really was full
    assert counts.info("stats")["evicted_keys"] == 0
    # The email's window count (two) and the first address's burst both held.
    assert post("Third.", "192.0.2.62").status_code == 429
    assert post("Fourth.", "192.0.2.60", email="other@example.org").status_code == 429
    assert post("Fifth.", "192.0.2.63", email="other@example.org").status_code == 302
    assert Comment.objects.count() == 3

"""Load balancer probes, the request log line and its request id."""

from __future__ import annotations

import json
import logging

import pytest
from django.db import connection
from django.test import Client

from archive import health
from archive.request_log import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz", HTTP_HOST="10.0.0.7")  # probes come by IP
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_reports_database_migrations_and_cache(client):
    response = client.get("/readyz", HTTP_HOST="10.0.0.7")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "migrations": "ok", "cache": "ok"},
    }


def test_readyz_is_503_while_a_migration_is_unapplied(client, monkeypatch):
    monkeypatch.setattr(health, "_migrations_verified", False)
    with connection.cursor() as cursor:
        # A squashed migration is recorded under the name it replaces.
        cursor.execute(
            "DELETE FROM django_migrations WHERE app = %s AND name = %s",
            ["articles", "0022_search_impact_backlog"],
        )
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == "1 unapplied"
    assert response.json()["status"] == "unavailable"


def test_readyz_is_503_when_the_cache_is_unreachable(client, settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        },
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"].startswith("unreachable")
    # The pages themselves still work, uncached, without the cache.
    assert client.get("/").status_code == 200


# --- The request log -------------------------------------------------------------


def request_records(caplog):
    return [r for r in caplog.records if r.name == "archive.requests"]


def test_one_line_per_request_with_id_status_and_duration(client, caplog, article):
    caplog.set_level(logging.INFO, logger="archive.requests")
    response = client.get(article.get_absolute_url(), HTTP_X_REQUEST_ID="lb-1234-abcd")
    client.get("/no-such-page/")

    first, second = request_records(caplog)
    assert response["X-Request-ID"] == "lb-1234-abcd"
    assert first.request_id == "lb-1234-abcd"
    assert (first.method, first.path, first.status) == ("GET", article.get_absolute_url(), 200)
    assert first.duration_ms >= 0
    assert second.status == 404
    assert len(second.request_id) == 32  # made up here when the proxy sends none
    assert second.request_id != first.request_id


def test_a_forged_request_id_is_replaced(client, caplog):
    caplog.set_level(logging.INFO, logger="archive.requests")
    response = client.get("/healthz", HTTP_X_REQUEST_ID="x\nFAKE log line")
    assert "\n" not in response["X-Request-ID"]
    assert request_records(caplog)[0].request_id == response["X-Request-ID"]


def test_json_lines_carry_the_request_fields(client, caplog):
    caplog.set_level(logging.INFO, logger="archive.requests")
    client.get("/healthz", HTTP_X_REQUEST_ID="req-42")
    (record,) = request_records(caplog)
    RequestIdFilter().filter(record)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    data = json.loads(line)
    assert data["request_id"] == "req-42"
    assert data["status"] == 200
    assert data["path"] == "/healthz"
    assert data["method"] == "GET"
    assert data["level"] == "INFO"
    assert isinstance(data["duration_ms"], float)


def test_errors_are_logged_with_the_request_id(caplog, monkeypatch, article):
    from articles import views

    def explode(*args, **kwargs):
        raise RuntimeError("the template engine fell over")

    monkeypatch.setattr(views, "article_context", explode)
    caplog.set_level(logging.INFO)
    client = Client(raise_request_exception=False)
    response = client.get(article.get_absolute_url(), HTTP_X_REQUEST_ID="req-err-7")

    assert response.status_code == 500
    assert "Traceback" not in response.content.decode()
    errors = [r for r in caplog.records if r.name == "django.request"]
    assert errors and errors[0].exc_info is not None
    RequestIdFilter().filter(errors[0])
    assert errors[0].request_id == "req-err-7"
    assert "the template engine fell over" in JsonFormatter().format(errors[0])
    (line,) = request_records(caplog)
    assert (line.status, line.levelname) == (500, "ERROR")

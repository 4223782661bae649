"""Security headers on every page, a strict CSP the pages really obey, and admin lockout."""

from __future__ import annotations

import os
import time
import uuid
from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, TopicFactory

pytestmark = pytest.mark.django_db


def csp_directives(response) -> dict[str, set[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = set(values)
    return directives


@pytest.fixture
def pages(db):
    author = AuthorFactory()
    topic = TopicFactory()
    article = ArticleFactory(authors=[author], topics=[topic])
    CommentFactory(article=article)
    return [
        reverse("articles:home"),
        article.get_absolute_url(),
        author.get_absolute_url(),
        article.publication.get_absolute_url(),
        topic.get_absolute_url(),
        "/no-such-page/",
    ]


def test_every_reader_page_sends_the_security_headers(client, pages):
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        directives = csp_directives(response)
        assert directives["default-src"] == {"'self'"}
        assert directives["script-src"] == {"'self'"}
        assert directives["style-src"] == {"'self'"}
        assert directives["frame-ancestors"] == {"'none'"}
        assert directives["object-src"] == {"'none'"}
        assert directives["base-uri"] == {"'self'"}
        assert directives["form-action"] == {"'self'"}
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"
        assert "camera=()" in response["Permissions-Policy"]
        assert "geolocation=()" in response["Permissions-Policy"]


class InlineFinder(HTMLParser):
    """Collects what a CSP without 'unsafe-inline' would block."""

    def __init__(self):
        super().__init__()
        self.blocked: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if "style" in attributes:
            self.blocked.append(f"<{tag} style=...>")
        self.blocked.extend(f"<{tag} {name}=...>" for name in attributes if name.startswith("on"))
        if tag == "style":
            self.blocked.append("<style> element")
        # JSON-LD is data the browser never executes, so CSP's script-src does not
        # apply to it; any other inline script would be blocked.
        if (
            tag == "script"
            and "src" not in attributes
            and (attributes.get("type") != "application/ld+json")
        ):
            self._in_script = True
        if tag == "a" and str(attributes.get("href", "")).startswith("javascript:"):
            self.blocked.append("javascript: link")

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.blocked.append(f"inline <script>{data.strip()[:40]}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False


def inline_code_in(response) -> list[str]:
    finder = InlineFinder()
    finder.feed(response.content.decode())
    return finder.blocked


def test_reader_pages_have_no_inline_script_or_style(client, pages):
    for url in pages:
        assert inline_code_in(client.get(url)) == [], url


def test_admin_pages_work_under_the_policy(staff_client, pages):
    article = ArticleFactory()
    urls = [
        reverse("admin:index"),
        reverse("admin:articles_article_changelist"),
        reverse("admin:articles_article_add"),  # prepopulated slug, inlines, autocomplete
        reverse("admin:articles_article_change", args=[article.pk]),
        reverse("admin:articles_comment_changelist"),
        reverse("admin:articles_author_add"),
    ]
    for url in urls:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        assert "'unsafe-inline'" not in response["Content-Security-Policy"]
        assert inline_code_in(response) == [], url


def test_cookies_are_httponly_and_samesite(client, article):
    # What the comment form's script fetches when a reader starts writing.
    response = client.get(f"/comments/form/{article.pk}/tokens/")
    csrf = response.cookies["csrftoken"]
    assert csrf["httponly"] is True
    assert csrf["samesite"] == "Lax"


# --- Admin sign-in lockout ----------------------------------------------------


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user(
        "editor", "editor@example.org", "correct-horse-battery", is_staff=True
    )


def sign_in(client, password, username="editor", address="203.0.113.9"):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_repeated_failures_lock_the_admin_sign_in(settings, editor):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    client = Client()
    for _ in range(3):
        response = sign_in(client, "wrong")
        assert response.status_code == 200
        assert "correct username and password" in response.content.decode()

    locked = sign_in(client, "correct-horse-battery")

    assert locked.status_code == 429
    assert "Too many failed sign-in attempts" in locked.content.decode()
    assert int(locked["Retry-After"]) == settings.ADMIN_LOGIN_LOCKOUT_SECONDS
    assert "_auth_user_id" not in client.session
    # Another address is not locked out by this one's failures.
    assert sign_in(Client(), "correct-horse-battery", address="198.51.100.7").status_code == 302


def test_spraying_many_user_names_from_one_address_locks_it(settings, editor):
    settings.ADMIN_LOGIN_MAX_FAILURES = 2
    client = Client()
    for n in range(8):  # 4 x the per-name limit
        assert sign_in(client, "wrong", username=f"guess{n}").status_code == 200
    assert sign_in(client, "correct-horse-battery").status_code == 429


def test_a_successful_sign_in_resets_the_count(settings, editor):
    settings.ADMIN_LOGIN_MAX_FAILURES = 3
    for _ in range(2):
        sign_in(Client(), "wrong")
    assert sign_in(Client(), "correct-horse-battery").status_code == 302
    for _ in range(2):
        assert sign_in(Client(), "wrong").status_code == 200
    # Two more failures after the reset are still below the limit of three.
    assert sign_in(Client(), "correct-horse-battery").status_code == 302


@pytest.fixture(params=["locmem", "redis"])
def counter_store(request, settings):
    """The counters in the local-memory cache, then in the machine's Redis under a
    throwaway key prefix (production keeps them there so every worker shares them)."""
    if request.param == "locmem":
        yield request.param
        return
    import redis

    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    prefix = f"archive-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "archive.redis_cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    settings.PAGE_CACHE_GENERATION_ALIAS = "default"
    yield request.param
    client = redis.Redis.from_url(url)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


def test_a_lockout_ends_when_its_time_is_up(settings, editor, counter_store):
    settings.ADMIN_LOGIN_MAX_FAILURES = 2
    settings.ADMIN_LOGIN_LOCKOUT_SECONDS = 1
    for _ in range(2):
        sign_in(Client(), "wrong")
    assert sign_in(Client(), "correct-horse-battery").status_code == 429

    time.sleep(1.5)

    assert sign_in(Client(), "correct-horse-battery").status_code == 302


def test_with_a_limit_of_one_the_first_sign_in_is_not_locked(settings, editor):
    settings.ADMIN_LOGIN_MAX_FAILURES = 1

    assert sign_in(Client(), "correct-horse-battery").status_code == 302
    assert sign_in(Client(), "wrong").status_code == 200
    assert sign_in(Client(), "correct-horse-battery").status_code == 429


@pytest.mark.parametrize(
    ("seconds", "wait"),
    [(20, "1 minute."), (60, "1 minute."), (90, "2 minutes."), (150, "2 minutes.")],
)
def test_the_lockout_page_says_how_long_to_wait(settings, editor, seconds, wait):
    settings.ADMIN_LOGIN_MAX_FAILURES = 1
    settings.ADMIN_LOGIN_LOCKOUT_SECONDS = seconds
    sign_in(Client(), "wrong")

    locked = sign_in(Client(), "correct-horse-battery")

    assert locked.status_code == 429
    assert f"try again in {wait}" in locked.content.decode()
    assert locked["Retry-After"] == str(seconds)


def test_a_signed_in_readers_failed_sign_ins_count_too(settings, editor, django_user_model):
    """A visitor already signed in (a reader's account) who guesses an editor's
    password is locked out like anyone: being signed in is no successful sign-in."""
    settings.ADMIN_LOGIN_MAX_FAILURES = 2
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "pw")
    client = Client()
    client.force_login(reader)
    for _ in range(2):
        assert sign_in(client, "wrong").status_code == 200

    assert sign_in(client, "correct-horse-battery").status_code == 429


def test_user_names_count_up_to_150_characters(settings, editor):
    """Django's user names stop at 150 characters: names that differ only after
    that share one count, names that differ before it do not."""
    settings.ADMIN_LOGIN_MAX_FAILURES = 1
    sign_in(Client(), "wrong", username="a" * 149 + "1")
    assert sign_in(Client(), "wrong", username="a" * 149 + "2").status_code == 200

    sign_in(Client(), "wrong", username="b" * 150 + "1")
    assert sign_in(Client(), "wrong", username="b" * 150 + "2").status_code == 429


def test_a_refused_sign_in_is_logged_with_its_user_name_cut_at_150(settings, editor, caplog):
    settings.ADMIN_LOGIN_MAX_FAILURES = 1
    name = "c" * 150 + "tail"
    sign_in(Client(), "wrong", username=name)

    with caplog.at_level("WARNING", logger="archive.admin_lockout"):
        assert sign_in(Client(), "wrong", username=name).status_code == 429

    assert f"admin sign-in locked for {'c' * 150!r} from 203.0.113.9" in caplog.text

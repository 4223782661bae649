"""Anonymous pages come from the cache; every kind of change shows on the next request.

The invalidation and CSRF tests run twice: against the local-memory cache and
against the machine's Redis (``TEST_REDIS_URL``, a throwaway key prefix).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import time
import uuid

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from archive import page_cache
from articles.comments.antispam import TOKEN_SALT
from articles.models import Article, Comment
from tests.comment_helpers import (
    comment_form_data,
    fetched_tokens,
    give_pin_cookie,
    hidden_value,
)
from tests.factories import ArticleFactory, AuthorFactory, CommentFactory, TopicFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
HOLE = re.compile(r"<!--hole:([a-z0-9_.-]+)-->.*?<!--/hole-->", re.DOTALL)


def shared_part(html: str) -> str:
    """The page without what is made for each visitor (CSRF and anti-spam tokens)."""
    return HOLE.sub(r"<!--hole:\1-->", TOKEN.sub("", html))


def use_redis(settings) -> str:
    """The machine's Redis as the cache (and generation store), under a fresh prefix."""
    prefix = f"archive-test-{uuid.uuid4().hex[:12]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "archive.redis_cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": prefix,
        }
    }
    settings.PAGE_CACHE_GENERATION_ALIAS = "default"
    page_cache.reset()
    return prefix


def forget_redis_keys(prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(f"{prefix}:*"))
    if keys:
        client.delete(*keys)


@pytest.fixture(params=["locmem", "redis"])
def cache_backend(request, settings):
    if request.param == "redis":
        prefix = use_redis(settings)
        yield request.param
        forget_redis_keys(prefix)
    else:
        yield request.param


def get(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_each_reader_page_is_served_from_the_cache(django_assert_num_queries):
    author, topic = AuthorFactory(), TopicFactory()
    article = ArticleFactory(authors=[author], topics=[topic])
    urls = [
        reverse("articles:home"),
        article.get_absolute_url(),
        author.get_absolute_url(),
        article.publication.get_absolute_url(),
        topic.get_absolute_url(),
    ]
    for url in urls:
        first = get(Client(), url)
        assert first["X-Page-Cache"] == "miss"
        with django_assert_num_queries(0):
            second = get(Client(), url)
        assert second["X-Page-Cache"] == "hit"
        assert shared_part(second.content.decode()) == shared_part(first.content.decode())


def test_an_edit_shows_on_the_next_request(cache_backend):
    article = ArticleFactory(title="A first title")
    get(Client(), "/")
    assert "A first title" in get(Client(), "/").content.decode()

    article.title = "A corrected title"
    article.save()

    home = get(Client(), "/")
    assert "A corrected title" in home.content.decode()
    detail = get(Client(), article.get_absolute_url())
    assert "A corrected title" in detail.content.decode()


def test_publishing_from_the_admin_shows_on_the_next_request(cache_backend, staff_client):
    draft = ArticleFactory(title="Ready to go out", status=Article.Status.DRAFT, published_at=None)
    assert "Ready to go out" not in get(Client(), "/").content.decode()
    assert get(Client(), "/")["X-Page-Cache"] == "hit"

    # The bulk action writes with QuerySet.update(), which sends no signal.
    response = staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302

    assert "Ready to go out" in get(Client(), "/").content.decode()


def test_a_newly_approved_comment_shows_on_the_next_request(cache_backend, staff_client):
    article = ArticleFactory()
    comment = CommentFactory(
        article=article, status=Comment.Status.PENDING, body="Held for a moment, then approved."
    )
    url = article.get_absolute_url()
    assert "Held for a moment" not in get(Client(), url).content.decode()
    assert get(Client(), url)["X-Page-Cache"] == "hit"

    staff_client.post(
        reverse("admin:articles_comment_changelist"),
        {"action": "approve", "_selected_action": [comment.pk]},
    )

    assert "Held for a moment" in get(Client(), url).content.decode()


def test_shared_fragments_outside_the_page_cache_follow_edits(cache_backend):
    """A reader the page cache steps aside for gets the article's shared fragments,
    and an edit shows in them on the next request too."""
    article = ArticleFactory(title="The fragment's first title")
    reader = Client()
    give_pin_cookie(reader)  # a replica pin after a write: the page cache steps aside
    first = get(reader, article.get_absolute_url())
    assert first["X-Page-Cache"] == "bypass"
    assert "The fragment's first title" in get(reader, article.get_absolute_url()).content.decode()

    article.title = "The fragment's corrected title"
    article.save()

    html = get(reader, article.get_absolute_url()).content.decode()
    assert "The fragment's corrected title" in html
    assert "The fragment's first title" not in html


def test_a_posters_page_follows_approvals_and_edits_of_the_kept_thread(cache_backend, staff_client):
    """A poster's page is built from the piece and thread this process keeps for the
    generation, plus their own pending comment: a comment an editor approves, or an
    edit of the piece, shows on their next request."""
    article = ArticleFactory(title="Kept for the poster")
    CommentFactory(article=article, body="Already approved remark.")
    held = CommentFactory(
        article=article, status=Comment.Status.PENDING, body="A held remark by another reader."
    )
    poster = Client()
    poster.post(
        reverse("articles:post_comment", kwargs={"slug": article.slug}),
        comment_form_data(article, name="Poster", email="p@example.org", body="My own remark."),
    )
    url = article.get_absolute_url()
    get(poster, url)  # the "awaiting moderation" message
    html = get(poster, url).content.decode()
    assert "Already approved remark." in html and "My own remark." in html
    assert "A held remark by another reader." not in html

    staff_client.post(
        reverse("admin:articles_comment_changelist"),
        {"action": "approve", "_selected_action": [held.pk]},
    )
    html = get(poster, url).content.decode()
    assert "A held remark by another reader." in html and "My own remark." in html

    article.title = "Kept, then corrected"
    article.save()
    html = get(poster, url).content.decode()
    assert "Kept, then corrected" in html and "Kept for the poster" not in html


def test_with_redis_a_process_reuses_its_own_copy_of_shared_fragments(
    settings, django_assert_num_queries
):
    """With Redis, fragments this process has read or rendered are kept beside the
    pages, keyed by generation, so a page outside the page cache costs one round
    trip (the generation), not one per fragment."""
    prefix = use_redis(settings)
    from django.core.cache import caches

    article = ArticleFactory(title="Kept in the process")
    reader = Client()
    give_pin_cookie(reader)  # a replica pin after a write: the page cache steps aside
    get(reader, article.get_absolute_url())  # renders and stores the fragments

    redis = caches["default"]
    reads = []
    original_get = redis.get
    redis.get = lambda key, *args, **kwargs: reads.append(key) or original_get(key, *args, **kwargs)
    try:
        with django_assert_num_queries(0):  # the row is kept, the rest is fragments
            html = get(reader, article.get_absolute_url()).content.decode()
    finally:
        del redis.get
        forget_redis_keys(prefix)
    assert "Kept in the process" in html
    assert not [key for key in reads if "shared:" in key or "template.cache" in key]


def test_a_scheduled_piece_appears_when_its_time_comes():
    # Three seconds: on a loaded machine two renders can take more than one.
    goes_live = timezone.now() + dt.timedelta(seconds=3)
    ArticleFactory(title="Out in a moment", published_at=goes_live)
    assert "Out in a moment" not in get(Client(), "/").content.decode()
    assert get(Client(), "/")["X-Page-Cache"] == "hit"

    time.sleep(max(0, (goes_live - timezone.now()).total_seconds()) + 0.1)

    assert "Out in a moment" in get(Client(), "/").content.decode()


def test_a_second_visitor_can_comment_on_a_cached_page(cache_backend):
    """The cached page holds no one's token: each visitor's script fetches their own."""
    article = ArticleFactory()
    url = article.get_absolute_url()
    first = Client(enforce_csrf_checks=True)
    first_page = get(first, url)
    first_token = fetched_tokens(first, article)["csrfmiddlewaretoken"]

    second = Client(enforce_csrf_checks=True)
    page = get(second, url)
    assert page["X-Page-Cache"] == "hit"
    assert page.content == first_page.content
    assert not TOKEN.search(page.content.decode())
    assert "csrftoken" not in page.cookies
    token = fetched_tokens(second, article)["csrfmiddlewaretoken"]
    assert token != first_token
    assert second.cookies["csrftoken"].value != first.cookies["csrftoken"].value

    response = second.post(
        reverse("articles:post_comment", kwargs={"slug": article.slug}),
        comment_form_data(
            article,
            csrfmiddlewaretoken=token,
            name="Second Visitor",
            email="second@example.org",
            body="Posted from a page the cache served.",
        ),
    )
    assert response.status_code == 302
    assert Comment.objects.filter(name="Second Visitor").exists()

    # And a token from someone else is refused, as CSRF protection should.
    third = Client(enforce_csrf_checks=True)
    fetched_tokens(third, article)
    forged = third.post(
        reverse("articles:post_comment", kwargs={"slug": article.slug}),
        {"csrfmiddlewaretoken": token, "name": "X", "email": "x@example.org", "body": "Forged."},
    )
    assert forged.status_code == 403


def test_visitors_with_a_session_or_a_message_are_not_served_cached_pages(staff_client, article):
    get(Client(), "/")
    assert get(staff_client, "/")["X-Page-Cache"] == "bypass"

    poster = Client()
    poster.post(
        reverse("articles:post_comment", kwargs={"slug": article.slug}),
        comment_form_data(
            article, name="Ingrid", email="ingrid@example.org", body="Waiting in the queue."
        ),
    )
    page = poster.get(article.get_absolute_url())
    assert page["X-Page-Cache"] == "bypass"  # pending-comment and message cookies
    html = page.content.decode()
    assert "awaiting moderation" in html
    assert "Waiting in the queue." in html
    # Nobody else sees the pending comment, from the cache or not.
    for _ in range(2):
        assert (
            "Waiting in the queue."
            not in get(Client(), article.get_absolute_url()).content.decode()
        )


def test_a_flash_message_alone_gets_the_visitor_their_own_page(article):
    """The message cookie by itself (no session, no pending comment) is enough: the
    visitor sees their message, not the shared copy without it."""
    get(Client(), article.get_absolute_url())  # the shared copy is cached
    poster = Client()
    poster.post(
        reverse("articles:post_comment", kwargs={"slug": article.slug}),
        comment_form_data(article, name="Ingrid", email="ingrid@example.org", body="Queued."),
    )
    for name in [name for name in poster.cookies if name != "messages"]:
        del poster.cookies[name]

    page = poster.get(article.get_absolute_url())

    assert page["X-Page-Cache"] == "bypass"
    assert "awaiting moderation" in page.content.decode()


def test_an_unpublished_piece_is_gone_for_every_reader_at_once(article):
    """After a change the first reader renders the page; when that answer cannot be
    stored (the piece is gone: 404), the next reader renders too, rather than being
    served the old copy while the first one's render lock lasts."""
    url = article.get_absolute_url()
    assert get(Client(), url)["X-Page-Cache"] == "miss"
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    page_cache.bump()

    assert Client().get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_conditional_get_answers_304_until_the_page_changes(article):
    response = get(Client(), "/")
    etag = response["ETag"]
    assert etag

    assert Client().get("/", HTTP_IF_NONE_MATCH=etag).status_code == 304

    article.title = "Changed since"
    article.save()
    changed = Client().get("/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert "Changed since" in changed.content.decode()


def test_a_cached_article_leaves_the_anti_spam_token_to_the_reader(cache_backend):
    """The comment form's signed "shown at" token is not in the shared page: the
    form's script fetches one when the reader starts writing, issued then.

    Frozen into the cached copy, it would make the minimum fill time count from
    when the page was cached, so a bot posting at once would pass.
    """
    article = ArticleFactory()
    url = article.get_absolute_url()
    get(Client(), url)
    time.sleep(1.1)
    page = get(Client(), url)
    assert page["X-Page-Cache"] == "hit"
    assert hidden_value(page.content.decode(), "token") == ""
    assert "public" in page["Cache-Control"]

    payload = signing.loads(fetched_tokens(Client(), article)["token"], salt=TOKEN_SALT)
    assert payload["article"] == article.pk
    assert time.time() - payload["issued"] < 1.0  # issued for this request


def test_a_comment_held_for_moderation_does_not_empty_the_cache(article):
    """Anyone can post one; it must not let a spam run flush every cached page."""
    get(Client(), "/")
    get(Client(), article.get_absolute_url())
    response = Client().post(
        reverse("articles:post_comment", kwargs={"slug": article.slug}),
        comment_form_data(
            article, name="New Reader", email="new.reader@example.org", body="First time here."
        ),
    )
    assert response.status_code == 302
    assert Comment.objects.get(name="New Reader").status == Comment.Status.PENDING

    assert get(Client(), "/")["X-Page-Cache"] == "hit"
    assert get(Client(), article.get_absolute_url())["X-Page-Cache"] == "hit"


def test_tokens_filled_into_cached_pages_are_what_django_accepts(rf):
    """The fast token for cache hits is a masked form of the visitor's own secret."""
    from django.middleware.csrf import _unmask_cipher_token

    request = rf.get("/")
    request.META["CSRF_COOKIE"] = "a" * 16 + "Z9" * 8
    tokens = {page_cache.visitor_token(request) for _ in range(50)}
    assert len(tokens) == 50  # a fresh mask every time
    assert {_unmask_cipher_token(token) for token in tokens} == {request.META["CSRF_COOKIE"]}
    assert request.META["CSRF_COOKIE_NEEDS_UPDATE"] is True

    newcomer = rf.get("/")
    token = page_cache.visitor_token(newcomer)
    assert _unmask_cipher_token(token) == newcomer.META["CSRF_COOKIE"]
    assert len(newcomer.META["CSRF_COOKIE"]) == 32
    # New visitors' secrets are drawn from the whole alphabet (a weak draw would
    # leave few characters, and secrets easier to guess).
    newcomers = [rf.get("/") for _ in range(20)]
    for request in newcomers:
        page_cache.visitor_token(request)
    drawn = "".join(request.META["CSRF_COOKIE"] for request in newcomers)
    assert len(set(drawn)) > 40  # of 62; 640 fair draws all but never show fewer


def test_with_the_cache_down_readers_still_get_pages_and_edits_still_save(settings, caplog):
    """An unreachable cache (Redis down) costs speed, not pages: readers get freshly
    rendered pages, the reason is logged, and an editor's save goes through."""
    article = ArticleFactory(title="Before the outage")
    settings.CACHES = {
        "default": {
            "BACKEND": "archive.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "KEY_PREFIX": "down",
        }
    }
    settings.PAGE_CACHE_GENERATION_ALIAS = "default"

    with caplog.at_level("WARNING", logger="archive.page_cache"):
        response = get(Client(), article.get_absolute_url())

    assert response["X-Page-Cache"] == "bypass"
    assert "Before the outage" in response.content.decode()
    [warning] = [r for r in caplog.records if "serving uncached" in r.getMessage()]
    assert warning.exc_info  # the reason (the traceback) is in the log

    article.title = "During the outage"
    article.save()  # moves the generation, which cannot be written: logged, not raised
    assert "During the outage" in get(Client(), article.get_absolute_url()).content.decode()


def test_a_page_showing_its_csrf_token_outside_the_form_is_never_shared(rf):
    """A token the cache could not swap (here in a data attribute as well as the
    form) must not reach the next visitor: such a page is rendered for each one."""
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    def view(request):
        token = get_token(request)
        return HttpResponse(
            f'<form><input type="hidden" name="csrfmiddlewaretoken" value="{token}"></form>'
            f'<div data-token="{token}"></div>'
        )

    middleware = page_cache.PageCacheMiddleware(view)
    first, second = (middleware(rf.get("/shows-its-token/")) for _ in range(2))

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("bypass", "bypass")
    assert TOKEN.search(first.content.decode())[1] != TOKEN.search(second.content.decode())[1]


def test_with_the_page_cache_off_every_page_is_rendered_with_its_own_form_token(settings, article):
    """PAGE_CACHE_SECONDS = 0 turns the cache off: nothing is stored or served from
    it, and the comment form carries the visitor's CSRF token itself (no shared copy
    to fetch it for)."""
    settings.PAGE_CACHE_SECONDS = 0
    url = article.get_absolute_url()
    first, second = get(Client(), url), get(Client(), url)

    assert "X-Page-Cache" not in second
    assert TOKEN.search(first.content.decode())
    assert TOKEN.search(second.content.decode())[1] != TOKEN.search(first.content.decode())[1]


def test_requests_with_credentials_and_admin_pages_never_meet_the_cache(article):
    """A request that carries an Authorization header may be answered for its
    sender alone, and the admin's pages are an editor's: neither is served from
    nor stored in the shared cache."""
    url = article.get_absolute_url()
    get(Client(), url)
    assert get(Client(), url)["X-Page-Cache"] == "hit"

    assert get(Client(), url, HTTP_AUTHORIZATION="Bearer abc")["X-Page-Cache"] == "bypass"
    login = reverse("admin:login")
    assert [get(Client(), login)["X-Page-Cache"] for _ in range(2)] == ["bypass", "bypass"]


def test_a_process_keeps_copies_of_pages_within_its_budget(settings, rf):
    """With Redis, each process keeps copies of the pages it served (so a hit reads
    only the generation), up to PAGE_CACHE_LOCAL_BYTES: the oldest go first, and a
    page larger than a quarter of the budget is not kept at all."""
    prefix = use_redis(settings)
    urls = [ArticleFactory(title=f"Kept piece {i}").get_absolute_url() for i in range(5)]
    keys = [page_cache.page_key(rf.get(url)) for url in urls]
    with page_cache._local_lock:
        page_cache._local_pages.clear()
        page_cache._local_bytes = 0
    try:
        get(Client(), urls[0])
        size = page_cache.local_copy(keys[0])["size"]
        settings.PAGE_CACHE_LOCAL_BYTES = size * 9 // 2  # room for four such pages
        for url in urls[1:]:
            get(Client(), url)

        assert page_cache.local_copy(keys[0]) is None  # the oldest went first
        assert page_cache.local_copy(keys[4]) is not None
        kept = sum(entry["size"] for entry in page_cache._local_pages.values())
        assert page_cache._local_bytes == kept <= settings.PAGE_CACHE_LOCAL_BYTES
        assert get(Client(), urls[4])["X-Page-Cache"] == "hit"
        page_cache.bump()
        get(Client(), urls[4])  # a fresh copy replaces this process's older one
        kept = sum(entry["size"] for entry in page_cache._local_pages.values())
        assert page_cache._local_bytes == kept <= settings.PAGE_CACHE_LOCAL_BYTES

        settings.PAGE_CACHE_LOCAL_BYTES = size * 4 - 4  # a quarter is now too small
        page_cache.bump()
        get(Client(), urls[4])
        assert page_cache.local_copy(keys[4])["generation"] != page_cache.current_generation()
    finally:
        forget_redis_keys(prefix)


def test_a_cached_feed_keeps_its_content_type():
    """A hit is rebuilt from what was stored: a feed served from the cache is still
    a feed to the reader's feed reader, not HTML."""
    ArticleFactory(title="Fed through the cache")
    first = get(Client(), reverse("articles:feed"))
    second = get(Client(), reverse("articles:feed"))

    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second["Content-Type"] == first["Content-Type"]
    assert second["Content-Type"].startswith("application/rss+xml")
    assert "Fed through the cache" in second.content.decode()


def test_any_editors_post_starts_a_new_generation(staff_client):
    """Admin views may write with QuerySet.update() or raw SQL, which send no model
    signal: an editor's successful POST alone makes the next reader's page fresh."""
    ArticleFactory()
    get(Client(), "/")
    assert get(Client(), "/")["X-Page-Cache"] == "hit"

    # A POST that writes nothing a signal reports (an empty changelist form).
    response = staff_client.post(reverse("admin:articles_article_changelist"), {})
    assert response.status_code < 400

    assert get(Client(), "/")["X-Page-Cache"] == "miss"


def test_a_page_cache_of_one_second_still_caches(settings):
    """Only 0 turns the page cache off; a short lifetime is a lifetime."""
    settings.PAGE_CACHE_SECONDS = 1
    url = ArticleFactory().get_absolute_url()
    assert get(Client(), "/")["X-Page-Cache"] == "miss"
    assert get(Client(), "/")["X-Page-Cache"] == "hit"
    # The article's comment form fetches its tokens, as with any lifetime, so the
    # page is the same for every reader and a shared cache may keep it.
    first, second = get(Client(), url), get(Client(), url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert second["Cache-Control"].startswith("public")
    assert not TOKEN.search(second.content.decode())


def test_a_cache_that_lost_the_schedule_starts_a_new_generation():
    """Redis may evict one of the two small keys: without the schedule nobody would
    know when the next scheduled piece goes live, so the pages start over."""
    ArticleFactory()
    get(Client(), "/")
    assert get(Client(), "/")["X-Page-Cache"] == "hit"

    page_cache._generation_store().delete(page_cache.NEXT_LIVE_KEY)

    assert get(Client(), "/")["X-Page-Cache"] == "miss"
    assert get(Client(), "/")["X-Page-Cache"] == "hit"


def test_a_piece_rescheduled_while_pages_are_cached_appears_on_time():
    """An editor who moves a live piece to later re-reads the schedule: the cached
    home page, which knew of nothing scheduled, drops the piece at once and shows
    it again when its new time comes."""
    piece = ArticleFactory(title="Moved to later")
    get(Client(), "/")
    assert get(Client(), "/")["X-Page-Cache"] == "hit"

    goes_live = timezone.now() + dt.timedelta(seconds=2)
    piece.published_at = goes_live
    piece.save()
    assert "Moved to later" not in get(Client(), "/").content.decode()
    assert get(Client(), "/")["X-Page-Cache"] == "hit"

    time.sleep(max(0, (goes_live - timezone.now()).total_seconds()) + 0.1)

    assert "Moved to later" in get(Client(), "/").content.decode()


def test_a_page_lives_in_the_cache_as_long_as_page_cache_seconds_says(settings):
    """PAGE_CACHE_SECONDS is the entry's lifetime: past it the page is rendered again
    even though nothing changed."""
    settings.PAGE_CACHE_SECONDS = 1
    ArticleFactory()
    assert [get(Client(), "/")["X-Page-Cache"] for _ in range(2)] == ["miss", "hit"]

    time.sleep(1.2)

    assert get(Client(), "/")["X-Page-Cache"] == "miss"


def middleware_answers(view, requests):
    """What the page cache answers each request with, in turn, for ``view``."""
    middleware = page_cache.PageCacheMiddleware(view)
    return [middleware(request) for request in requests]


@pytest.mark.parametrize(
    ("vary", "kept"),
    [("Cookie, Accept-Encoding", True), ("Accept-Encoding", True), ("Accept-Language", False)],
)
def test_a_page_is_shared_only_if_it_varies_on_nothing_but_cookie_and_encoding(rf, vary, kept):
    """A page that differs by the reader's language must not be handed to the next
    reader; one that differs only by compression (and the cookie the cache already
    checks) may."""
    from django.http import HttpResponse

    def view(request):
        response = HttpResponse(f"<p>Varies on {vary}</p>")
        response["Vary"] = vary
        return response

    first, second = middleware_answers(view, [rf.get("/varies/"), rf.get("/varies/")])

    expected = ["miss", "hit"] if kept else ["bypass", "bypass"]
    assert [first["X-Page-Cache"], second["X-Page-Cache"]] == expected
    assert second.content == first.content


def test_a_page_with_form_tokens_is_shared_with_each_visitors_own_token(rf):
    """A page whose forms hold the CSRF token (here two of them, and no hole) is
    stored once: each visitor gets it with their own token in every form, kept by
    their browser only (private), with an ETag of their own that stays the same
    for them until the page changes."""
    from django.http import HttpResponse
    from django.middleware.csrf import _unmask_cipher_token, get_token

    def view(request):
        form = '<form><input type="hidden" name="csrfmiddlewaretoken" value="{}"></form>'
        token = get_token(request)
        return HttpResponse(form.format(token) + "<p>Between the forms</p>" + form.format(token))

    secrets = ["a" * 32, "b" * 32, "a" * 32]
    requests = [rf.get("/two-forms/") for _ in secrets]
    for request, secret in zip(requests, secrets, strict=True):
        request.META["CSRF_COOKIE"] = secret

    answers = middleware_answers(view, requests)

    assert [answer["X-Page-Cache"] for answer in answers] == ["miss", "hit", "hit"]
    for answer, secret in zip(answers, secrets, strict=True):
        tokens = TOKEN.findall(answer.content.decode())
        assert len(tokens) == 2
        assert {_unmask_cipher_token(token) for token in tokens} == {secret}
        assert answer["Cache-Control"] == "private, no-cache"
    etags = [answer["ETag"] for answer in answers]
    assert etags[0] == etags[2] != etags[1]


def test_a_page_that_cannot_be_stored_is_still_served_and_the_log_says_why(settings, caplog):
    """A cache that fails to store a page costs speed: the reader gets the page, and
    the traceback is in the log."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "tests.failing_caches.PageStoreFails"},
    }
    ArticleFactory(title="Served all the same")

    with caplog.at_level("WARNING", logger="archive.page_cache"):
        answers = [get(Client(), "/") for _ in range(2)]

    assert [answer["X-Page-Cache"] for answer in answers] == ["miss", "miss"]
    assert all("Served all the same" in answer.content.decode() for answer in answers)
    warnings = [r for r in caplog.records if "could not store" in r.getMessage()]
    assert len(warnings) == 2 and all(warning.exc_info for warning in warnings)


def test_with_the_page_cache_off_nothing_is_kept_between_requests(settings):
    """PAGE_CACHE_SECONDS = 0 turns off what is kept in each process too: a change
    made behind the application's back (SQL from a console) shows on the next view."""
    from django.db import connection

    settings.PAGE_CACHE_SECONDS = 0
    article = ArticleFactory(title="Before the console")
    url = article.get_absolute_url()
    assert "Before the console" in get(Client(), url).content.decode()

    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE articles_article SET title = %s WHERE id = %s",
            ["After the console", article.id],
        )

    assert "After the console" in get(Client(), url).content.decode()


@pytest.mark.parametrize("prefix", ["admin", "static"])
def test_nothing_under_the_admin_or_static_address_is_shared_even_if_its_view_allows_it(
    rf, settings, prefix
):
    """The admin's pages are an editor's and static files have their own cache rules:
    an answer under either address is never shared, even from a view that forgot
    never_cache."""
    from django.http import HttpResponse

    base = "/" + (settings.ADMIN_URL if prefix == "admin" else settings.STATIC_URL.lstrip("/"))
    answers = middleware_answers(
        lambda request: HttpResponse("<p>Anyone could keep this</p>"),
        [rf.get(base + "some-page/"), rf.get(base + "some-page/")],
    )

    assert [answer["X-Page-Cache"] for answer in answers] == ["bypass", "bypass"]

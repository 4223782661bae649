"""Anti-spam without captchas, through the real form and view: the honeypot, the
signed form token (bound to the piece, minimum fill time, maximum age), flood
control per IP and per email, duplicates and the length limit. Every refusal
explains itself, keeps the typed text and answers with the right status."""

import datetime as dt
import re
import time
import uuid

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from articles.models import Comment
from tests.comment_helpers import (
    WRITING_SECONDS,
    comment_form_data,
    fetched_tokens,
    hidden_value,
    post_url,
)
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

TEXT = "The ferry timetables in the piece match what I remember from the nineties."


def data(article, *, age=WRITING_SECONDS, **overrides):
    fields = {"name": "Ines Varga", "email": "ines@example.org", "body": TEXT, **overrides}
    return comment_form_data(article, age=age, **fields)


def form_error_box(html: str) -> str:
    box = re.search(r'<div class="form-errors" role="alert">(.*?)</div>', html, re.S)
    assert box, "no error box in the form"
    return box.group(1)


def assert_text_kept(response, body=TEXT, name="Ines Varga", email="ines@example.org"):
    html = response.content.decode()
    assert f"{body}</textarea>" in html
    assert re.search(rf'<input [^>]*name="name" value="{re.escape(name)}"', html)
    assert re.search(rf'<input [^>]*name="email" value="{re.escape(email)}"', html)


# --- Honeypot ---------------------------------------------------------------------------


def test_the_honeypot_is_in_the_form_hidden_from_people(client, article):
    html = client.get(article.get_absolute_url()).content.decode()

    trap = re.search(
        r'<p class="field comment-form__trap" aria-hidden="true">(.*?)</p>', html, re.S
    )
    assert trap
    assert 'name="subject"' in trap.group(1)
    assert 'tabindex="-1"' in trap.group(1)


def test_a_filled_honeypot_is_refused_with_400_and_the_text_kept(client, article):
    response = client.post(post_url(article), data(article, subject="Cheap watches"))

    assert response.status_code == 400
    assert "A field meant to stay empty was filled in" in form_error_box(response.content.decode())
    assert_text_kept(response)
    assert not Comment.objects.exists()


# --- The signed form token -----------------------------------------------------------------


def test_the_real_form_posts_with_the_tokens_its_script_fetches(client, article, settings):
    """The whole round trip as a browser with JavaScript makes it, with the fill time
    relaxed: the shared page's form has empty token fields, the script fills them."""
    settings.COMMENTS_MIN_FILL_SECONDS = 0
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(article.get_absolute_url()).content.decode()
    assert hidden_value(page, "token") == ""
    assert "csrfmiddlewaretoken" not in page
    tokens = fetched_tokens(browser, article)

    response = browser.post(
        post_url(article),
        {
            "csrfmiddlewaretoken": tokens["csrfmiddlewaretoken"],
            "token": tokens["token"],
            "subject": "",
            "name": "Ines Varga",
            "email": "ines@example.org",
            "body": TEXT,
        },
    )

    assert response.status_code == 302
    assert Comment.objects.get().body == TEXT


def test_a_post_sooner_than_a_person_can_write_is_refused(client, article, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 3
    fields = data(article)
    fields["token"] = fetched_tokens(client, article)["token"]  # fetched this instant

    response = client.post(post_url(article), fields)

    assert response.status_code == 400
    assert "faster than anyone can write" in form_error_box(response.content.decode())
    assert_text_kept(response)
    assert not Comment.objects.exists()


def test_the_refusal_serves_a_fresh_token_that_works_after_the_fill_time(client, article, settings):
    settings.COMMENTS_MIN_FILL_SECONDS = 1
    fields = data(article, age=0)
    refused = client.post(post_url(article), fields)
    assert refused.status_code == 400

    time.sleep(1.1)
    fields["token"] = hidden_value(refused.content.decode(), "token")
    accepted = client.post(post_url(article), fields)

    assert accepted.status_code == 302
    assert Comment.objects.count() == 1


def test_an_expired_token_is_refused(client, article, settings):
    settings.COMMENTS_TOKEN_MAX_AGE_SECONDS = 3600

    response = client.post(post_url(article), data(article, age=3601))

    assert response.status_code == 400
    assert "the form expired" in form_error_box(response.content.decode())
    assert_text_kept(response)
    assert not Comment.objects.exists()


def test_a_form_sent_without_a_token_asks_for_one_more_send(client, article, settings):
    """Without JavaScript the shared page's form has no token: the first send shows
    the text again with a fresh token, and sending that after the fill time works."""
    settings.COMMENTS_MIN_FILL_SECONDS = 1
    fields = data(article, token="")

    first = client.post(post_url(article), fields)

    assert first.status_code == 400
    assert "takes one more step" in form_error_box(first.content.decode())
    assert_text_kept(first)
    assert not Comment.objects.exists()
    time.sleep(1.1)
    fields["token"] = hidden_value(first.content.decode(), "token")
    assert client.post(post_url(article), fields).status_code == 302
    assert Comment.objects.get().body == TEXT


@pytest.mark.parametrize("token", ["not-a-token", "eyJhcnRpY2xlIjoxfQ:forged:signature"])
def test_a_forged_token_is_refused(client, article, token):
    fields = data(article)
    fields["token"] = token

    response = client.post(post_url(article), fields)

    assert response.status_code == 400
    assert "This form could not be checked" in form_error_box(response.content.decode())
    assert_text_kept(response)
    assert not Comment.objects.exists()


def test_a_token_from_another_piece_is_refused(client, article):
    other = ArticleFactory()
    fields = data(article)
    fields["token"] = data(other)["token"]

    response = client.post(post_url(article), fields)

    assert response.status_code == 400
    assert "This form could not be checked" in form_error_box(response.content.decode())
    assert not Comment.objects.exists()


def test_a_token_from_the_future_is_refused(client, article):
    response = client.post(post_url(article), data(article, age=-3600))

    assert response.status_code == 400
    # Forged, not merely fast: the message says the form could not be checked.
    box = form_error_box(response.content.decode())
    assert "This form could not be checked" in box
    assert "faster than anyone can write" not in box
    assert not Comment.objects.exists()


def test_a_token_a_little_ahead_of_this_clock_is_only_too_fast(client, article):
    """Another web node's clock may run ahead by up to CLOCK_SKEW_SECONDS: such a
    token is genuine (sent too soon, so asked again); beyond that it is forged."""
    ahead = client.post(post_url(article), data(article, age=-50))
    just_within = client.post(post_url(article), data(article, age=-59.5))
    too_far = client.post(post_url(article), data(article, age=-75))

    assert ahead.status_code == too_far.status_code == 400
    assert "faster than anyone can write" in form_error_box(ahead.content.decode())
    assert "faster than anyone can write" in form_error_box(just_within.content.decode())
    assert "This form could not be checked" in form_error_box(too_far.content.decode())
    assert_text_kept(ahead)
    assert not Comment.objects.exists()


# --- Flood control ------------------------------------------------------------------------


def post_many(client, article, count, **overrides):
    return [
        client.post(post_url(article), data(article, body=f"Remark number {i}.", **overrides))
        for i in range(count)
    ]


def test_too_many_comments_from_one_ip_get_429_with_retry_after(client, article, settings):
    settings.COMMENTS_FLOOD_PER_IP = 3
    settings.COMMENTS_FLOOD_PER_EMAIL = 100
    settings.COMMENTS_FLOOD_WINDOW_SECONDS = 600

    answers = [r.status_code for r in post_many(client, article, 3, email="first@example.org")]
    before = time.time()
    flooded = client.post(
        post_url(article), data(article, email="other@example.org", body="One too many.")
    )
    after = time.time()

    assert answers == [302, 302, 302]
    assert flooded.status_code == 429
    # The seconds left in the current 600-second window, rounded up: no sooner.
    assert 600 - after % 600 <= int(flooded["Retry-After"]) <= 600 - before % 600 + 1
    html = flooded.content.decode()
    assert "You have sent several comments in a short time" in form_error_box(html)
    assert "One too many.</textarea>" in html
    assert Comment.objects.count() == 3


def test_too_many_comments_from_one_email_get_429_even_from_other_ips(client, article, settings):
    settings.COMMENTS_FLOOD_PER_IP = 100
    settings.COMMENTS_FLOOD_PER_EMAIL = 2

    first = [
        client.post(
            post_url(article),
            data(article, body=f"From address {i}."),
            REMOTE_ADDR=f"198.51.100.{i}",
        ).status_code
        for i in range(1, 4)
    ]

    assert first == [302, 302, 429]
    assert Comment.objects.count() == 2
    # Someone else on the same network is not held up.
    other = client.post(
        post_url(article),
        data(article, email="neighbour@example.org", body="Unrelated."),
        REMOTE_ADDR="198.51.100.3",
    )
    assert other.status_code == 302


def test_editors_are_not_flood_limited(staff_client, article, settings):
    settings.COMMENTS_FLOOD_PER_IP = 1
    settings.COMMENTS_FLOOD_PER_EMAIL = 1

    answers = [r.status_code for r in post_many(staff_client, article, 3)]

    assert answers == [302, 302, 302]


def test_with_the_per_ip_limit_off_the_email_limit_still_applies(client, article, settings):
    settings.COMMENTS_FLOOD_PER_IP = 0  # off: many readers behind one address
    settings.COMMENTS_FLOOD_PER_EMAIL = 2

    answers = [r.status_code for r in post_many(client, article, 3)]

    assert answers == [302, 302, 429]
    assert Comment.objects.count() == 2


@pytest.mark.parametrize(
    ("retry_after", "burst", "wait"),
    [
        (1, True, "Please wait 1 second before"),
        (14, True, "Please wait 14 seconds before"),
        (20, False, "please wait a minute and"),
        (60, False, "please wait a minute and"),
        (90, False, "please wait 2 minutes and"),
        (150, False, "please wait 2 minutes and"),  # rounded to even, as Python does
        (600, False, "please wait 10 minutes and"),
    ],
)
def test_a_flood_refusal_says_how_long_to_wait(retry_after, burst, wait):
    from articles.comments.antispam import Flooded

    assert wait in Flooded(retry_after=retry_after, burst=burst).message


def test_a_post_without_a_usable_address_still_meets_the_email_limit(client, article, settings):
    settings.COMMENTS_BURST_SECONDS = 15  # the burst rule needs an address: skipped
    settings.COMMENTS_FLOOD_PER_EMAIL = 1

    first, second = (
        client.post(post_url(article), data(article, body=f"Remark {i}."), REMOTE_ADDR="")
        for i in range(2)
    )

    assert (first.status_code, second.status_code) == (302, 429)
    box = form_error_box(second.content.decode())
    assert "You have sent several comments in a short time" in box  # not the burst rule


def test_with_no_flood_window_nothing_is_counted_or_reported(client, article, settings, caplog):
    settings.COMMENTS_FLOOD_WINDOW_SECONDS = 0  # flood control off
    settings.COMMENTS_FLOOD_PER_IP = 1

    with caplog.at_level("WARNING", logger="articles.comments.antispam"):
        answers = [r.status_code for r in post_many(client, article, 3)]

    assert answers == [302, 302, 302]
    assert "flood control skipped" not in caplog.text  # no false alarm


def test_the_flood_window_ends(client, article, settings):
    settings.COMMENTS_FLOOD_PER_IP = 1
    settings.COMMENTS_FLOOD_WINDOW_SECONDS = 2
    # Start at the beginning of a window so the test does not straddle two.
    time.sleep(2 - time.time() % 2)
    assert post_many(client, article, 1)[0].status_code == 302
    assert client.post(post_url(article), data(article, body="Again.")).status_code == 429

    time.sleep(2.05 - time.time() % 2)
    later = client.post(post_url(article), data(article, body="Later."))

    assert later.status_code == 302


@pytest.fixture
def counters_redis(settings):
    """Flood counters in the machine's Redis under a key prefix of this test's own
    (the server is shared: its keys are deleted one by one, never flushed)."""
    import redis

    prefix = f"test-counters-{uuid.uuid4().hex}:"
    settings.COUNTERS_REDIS_URL = "redis://127.0.0.1:6379/0"
    settings.COUNTERS_REDIS_PREFIX = prefix
    server = redis.Redis.from_url(settings.COUNTERS_REDIS_URL)
    yield server, prefix
    for key in server.scan_iter(f"{prefix}*"):
        server.delete(key)
    server.close()


def test_flood_control_counts_in_the_counters_redis(client, article, settings, counters_redis):
    settings.COMMENTS_FLOOD_PER_IP = 2
    settings.COMMENTS_FLOOD_PER_EMAIL = 100
    server, prefix = counters_redis

    answers = [r.status_code for r in post_many(client, article, 3)]

    assert answers == [302, 302, 429]
    keys = list(server.scan_iter(f"{prefix}*"))
    assert any(b"comments/ip/" in key for key in keys)
    # Every counter ends with its window.
    assert all(0 < server.ttl(key) <= settings.COMMENTS_FLOOD_WINDOW_SECONDS + 1 for key in keys)


def test_flood_control_does_not_count_in_the_page_cache(client, article, settings):
    from archive.models import Counter

    settings.COMMENTS_FLOOD_PER_IP = 2
    post_many(client, article, 1)

    assert Counter.objects.filter(key__startswith="comments/ip/").get().count == 1
    caches["default"].clear()  # what a crawler's many pages do to a bounded cache
    answers = [r.status_code for r in post_many(client, article, 2, email="next@example.org")]

    assert answers == [302, 429]


def test_an_unreachable_counter_store_does_not_lose_comments(client, article, settings, caplog):
    settings.COUNTERS_REDIS_URL = "redis://127.0.0.1:1/0"  # nothing listens there

    with caplog.at_level("WARNING", logger="articles.comments.antispam"):
        response = client.post(post_url(article), data(article))

    assert response.status_code == 302
    assert Comment.objects.count() == 1
    [warning] = [r for r in caplog.records if "flood control skipped" in r.getMessage()]
    assert warning.exc_info  # the reason (the traceback) is in the log


# --- The burst rule: one comment per moment from an address --------------------------------


def test_a_second_comment_within_the_burst_gets_429_and_keeps_the_text(client, article, settings):
    settings.COMMENTS_BURST_SECONDS = 15

    first = client.post(post_url(article), data(article))
    second = client.post(post_url(article), data(article, body="Straight after."))

    assert first.status_code == 302
    assert second.status_code == 429
    assert 0 < int(second["Retry-After"]) <= 15
    assert "You sent a comment a moment ago" in form_error_box(second.content.decode())
    assert "Straight after.</textarea>" in second.content.decode()
    assert Comment.objects.count() == 1
    # Another address is not held up.
    other = client.post(
        post_url(article),
        data(article, body="Someone else.", email="o@example.org"),
        REMOTE_ADDR="198.51.100.40",
    )
    assert other.status_code == 302


def test_after_the_burst_the_address_may_comment_again(client, article, settings):
    settings.COMMENTS_BURST_SECONDS = 1
    settings.COMMENTS_FLOOD_PER_IP = 2

    assert client.post(post_url(article), data(article)).status_code == 302
    assert client.post(post_url(article), data(article, body="Too soon.")).status_code == 429
    time.sleep(1.1)

    # The refused post took no place in the window of two.
    assert client.post(post_url(article), data(article, body="Later.")).status_code == 302


# --- Duplicates and length ----------------------------------------------------------------


def test_the_same_text_twice_stores_one_copy_and_sends_the_poster_to_it(client, article):
    first = client.post(post_url(article), data(article))
    again = client.post(post_url(article), data(article))

    original = Comment.objects.get()
    assert first.status_code == again.status_code == 302
    assert (
        again["Location"] == first["Location"] == f"{article.get_absolute_url()}#{original.anchor}"
    )
    page = client.get(again["Location"]).content.decode()
    assert "You have already posted this comment" in page
    assert page.count(TEXT) == 1
    assert "awaiting moderation. Only you can see it." in page


def test_someone_elses_held_copy_is_not_revealed(client, article):
    CommentFactory(article=article, body=TEXT, status=Comment.Status.PENDING)

    response = client.post(post_url(article), data(article, email="copycat@example.org"))

    assert response.status_code == 302
    assert Comment.objects.count() == 1
    assert TEXT not in client.get(response["Location"]).content.decode()


def test_the_same_text_after_a_day_or_on_another_piece_is_a_new_comment(client, article):
    old = CommentFactory(article=article, body=TEXT)
    Comment.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=2))
    CommentFactory(article=ArticleFactory(), body="Another piece.", status="approved")

    assert client.post(post_url(article), data(article)).status_code == 302
    other = ArticleFactory()
    assert client.post(post_url(other), data(other)).status_code == 302
    assert Comment.objects.filter(body=TEXT).count() == 3


def test_a_comment_over_5000_characters_is_refused_and_kept(client, article):
    long_text = "word " * 1000 + "x"  # 5,001 characters

    response = client.post(post_url(article), data(article, body=long_text))

    assert response.status_code == 400
    html = response.content.decode()
    assert "Your comment has 5001 characters; the limit is 5000." in html
    assert f"{long_text}</textarea>" in html
    assert not Comment.objects.exists()


def test_exactly_5000_characters_is_accepted(client, article):
    assert client.post(post_url(article), data(article, body="y" * 5000)).status_code == 302


# --- The commenter's address behind a proxy ------------------------------------------------


def test_behind_one_proxy_the_address_it_appended_is_the_commenters(client, article, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.COMMENTS_BLOCK_IPS = ["203.0.113.9"]

    client.post(
        post_url(article),
        data(article),
        REMOTE_ADDR="10.0.0.2",  # the proxy
        HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.77",  # forged entry, then the real one
    )
    blocked = client.post(
        post_url(article),
        data(article, body="From the blocked address."),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )

    assert Comment.objects.get(body=TEXT).ip == "192.0.2.77"
    assert blocked.status_code == 403


def test_without_a_proxy_a_forwarded_header_is_ignored(client, article, settings):
    client.post(post_url(article), data(article), HTTP_X_FORWARDED_FOR="192.0.2.77")

    assert Comment.objects.get().ip == "127.0.0.1"


def test_by_default_forged_addresses_do_not_escape_flood_control(client, article, settings):
    """No proxy is configured by default (production too): sixty posts with sixty
    made-up X-Forwarded-For addresses are one address, over its limit."""
    from django.conf import settings as live

    assert (live.TRUSTED_PROXIES, live.TRUSTED_PROXY_COUNT) == ([], 0)
    settings.COMMENTS_FLOOD_PER_IP = 10
    settings.COMMENTS_FLOOD_PER_EMAIL = 1000

    answers = [
        client.post(
            post_url(article),
            data(article, body=f"Forged {i}."),
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        ).status_code
        for i in range(1, 61)
    ]

    assert answers.count(302) == 10
    assert set(Comment.objects.values_list("ip", flat=True)) == {"127.0.0.1"}


def test_listed_proxies_are_skipped_and_unlisted_senders_are_taken_at_face_value(
    client, article, settings
):
    from archive.client_address import parse_networks

    settings.TRUSTED_PROXIES = parse_networks(["10.0.0.0/8"])

    # Through two of our proxies: the first address from the right that is not ours.
    client.post(
        post_url(article),
        data(article, body="Through the proxies."),
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 192.0.2.77, 10.0.0.9",
    )
    # Straight to gunicorn, header and all: the header is ignored.
    client.post(
        post_url(article),
        data(article, body="Around the proxies."),
        REMOTE_ADDR="203.0.113.50",
        HTTP_X_FORWARDED_FOR="192.0.2.1",
    )

    assert Comment.objects.get(body="Through the proxies.").ip == "192.0.2.77"
    assert Comment.objects.get(body="Around the proxies.").ip == "203.0.113.50"


def test_readers_behind_one_proxy_are_flood_limited_one_by_one(client, article, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.COMMENTS_FLOOD_PER_IP = 1

    answers = [
        client.post(
            post_url(article),
            data(article, email=f"r{i}@example.org", body=f"Reader {i}."),
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        ).status_code
        for i in range(1, 4)
    ]

    assert answers == [302, 302, 302]


def test_a_used_token_stays_used_for_as_long_as_it_could_be_accepted(client, article, settings):
    """Used tokens are forgotten only once they would be refused as expired anyway
    (the maximum age plus the clock-skew allowance), never while still valid."""
    from django.db import connection

    from articles.comments.models import UsedFormToken

    settings.COMMENTS_TOKEN_MAX_AGE_SECONDS = 120
    first = data(article, body="The first use.")
    assert client.post(post_url(article), first).status_code == 302
    with connection.cursor() as cursor:  # that use was 90 seconds ago
        cursor.execute(
            f"UPDATE {UsedFormToken._meta.db_table} SET used_at = now() - interval '90 seconds'"
        )
    # Another comment's claim tidies the table of expired rows.
    assert client.post(post_url(article), data(article, body="Another.")).status_code == 302

    again = client.post(post_url(article), {**first, "body": "The same token again."})

    assert again.status_code == 400
    assert "already sent a comment" in again.content.decode()
    assert Comment.objects.count() == 2

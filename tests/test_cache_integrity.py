"""What readers get from the page cache is what the site means to show (issue 19
points 6, 7 and 8): no planted token placeholders, no URLs of the other scheme,
and no cache flush anyone can trigger with spam."""

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from archive import page_cache
from articles.models import Comment
from tests.comment_helpers import comment_form_data, give_pin_cookie, post_url
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory(title="Tidal power, again")


def get(url: str, **extra):
    return Client().get(url, **extra)


# --- Point 8: spam does not flush the cache ----------------------------------------


def test_a_comment_caught_by_the_block_list_does_not_empty_the_cache(article, settings):
    settings.COMMENTS_BLOCK_WORDS = ["cheap-pills"]
    get("/")
    get(article.get_absolute_url())

    response = Client().post(
        post_url(article),
        comment_form_data(
            article, name="Bot", email="bot@example.net", body="Buy cheap-pills today."
        ),
    )
    assert response.status_code == 403  # refused, and kept as spam for editors
    assert Comment.objects.get(name="Bot").status == Comment.Status.SPAM

    assert get("/")[page_cache.HEADER] == "hit"
    assert get(article.get_absolute_url())[page_cache.HEADER] == "hit"


def test_an_editors_comment_approved_at_once_shows_on_the_next_view(article, staff_client):
    get(article.get_absolute_url())

    staff_client.post(
        post_url(article),
        comment_form_data(
            article, name="Editor", email="editor@example.org", body="A correction is coming."
        ),
    )
    assert Comment.objects.get(name="Editor").status == Comment.Status.APPROVED

    assert "A correction is coming." in get(article.get_absolute_url()).text


# --- Point 6: the CSRF placeholder cannot be planted --------------------------------

OLD_PLACEHOLDER = "@@archive-csrf-token@@"
NEW_MARKER = "<!--csrf-token-->"
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def test_a_placeholder_in_a_comment_link_is_never_filled_with_a_visitors_token(article):
    CommentFactory(
        article=article,
        status=Comment.Status.APPROVED,
        url=f"https://collector.example/?t={OLD_PLACEHOLDER}",
        body=f"Interesting. {OLD_PLACEHOLDER} {NEW_MARKER}",
    )
    get(article.get_absolute_url())  # stored
    page = Client().get(article.get_absolute_url())
    assert page[page_cache.HEADER] == "hit"
    html = page.text
    assert f'href="https://collector.example/?t={OLD_PLACEHOLDER}"' in html
    assert f"Interesting. {OLD_PLACEHOLDER} &lt;!--csrf-token--&gt;" in html
    # The shared copy holds no token at all (the form's script fetches one).
    assert CSRF_INPUT.findall(html) == []

    # A reader outside the page cache gets the shared fragments with a token of
    # their own, in its input only.
    pinned = Client()
    give_pin_cookie(pinned)
    page = pinned.get(article.get_absolute_url())
    assert page[page_cache.HEADER] == "bypass"
    html = page.text
    assert f'href="https://collector.example/?t={OLD_PLACEHOLDER}"' in html
    assert f"Interesting. {OLD_PLACEHOLDER} &lt;!--csrf-token--&gt;" in html
    tokens = CSRF_INPUT.findall(html)
    assert tokens, "the comment form still gets this visitor's token"
    for token in tokens:
        assert html.count(token) == 1  # in its input and nowhere else


def test_a_placeholder_in_a_search_query_stays_text(article):
    url = reverse("articles:search") + f"?q=tidal+{OLD_PLACEHOLDER}"
    get(url)
    page = get(url)
    assert page[page_cache.HEADER] == "hit"

    assert f'value="tidal {OLD_PLACEHOLDER}"' in page.text


# --- Point 7: the scheme is part of the cache key -----------------------------------


def test_a_page_cached_over_http_is_not_served_over_https(article, settings):
    settings.SECURE_SSL_REDIRECT = False
    get(article.get_absolute_url())
    get(article.get_absolute_url())  # http copy stored and served

    page = get(article.get_absolute_url(), secure=True)

    assert f'<link rel="canonical" href="https://testserver{article.get_absolute_url()}">' in (
        page.text
    )
    assert "http://testserver" not in page.text


# --- Point 12: made-up cookies do not skip the cache --------------------------------


@pytest.mark.parametrize(
    "name",
    ["archive_primary", "archive_pending", "archive_commenter", "messages", "sessionid"],
)
def test_a_made_up_cookie_of_a_bypass_name_still_gets_the_shared_page(article, name):
    get(article.get_absolute_url())
    visitor = Client()
    visitor.cookies[name] = "9999999999" if name == "archive_primary" else "made-up-value"

    response = visitor.get(article.get_absolute_url())

    assert response[page_cache.HEADER] == "hit"


def test_a_real_pin_still_skips_the_cache(article, rf, settings):
    from django.http import HttpResponse

    from archive import replicas

    settings.REPLICA_PIN_SECONDS = 10
    response = HttpResponse()
    response.set_signed_cookie(
        replicas.PIN_COOKIE, str(int(time.time()) + 10), salt=replicas.PIN_COOKIE_SALT
    )
    visitor = Client()
    visitor.cookies.update(response.cookies)
    get(article.get_absolute_url())

    assert visitor.get(article.get_absolute_url())[page_cache.HEADER] == "bypass"
    request = rf.get("/", HTTP_COOKIE=f"{replicas.PIN_COOKIE}=9999999999")
    assert replicas.pinned_until(request) == 0  # an unsigned pin is no pin


def test_a_posters_own_signed_cookie_still_skips_the_cache(article):
    get(article.get_absolute_url())
    poster = Client()
    poster.post(
        post_url(article),
        comment_form_data(article, name="Poster", email="poster@example.org", body="Held text."),
    )

    page = poster.get(article.get_absolute_url())

    assert page[page_cache.HEADER] == "bypass"
    assert "Held text." in page.text

"""CSRF protection of the comment form, whose page every anonymous reader shares.

The shared page holds no token; a post is accepted with a token fetched by the
form's script (checked by Django as before), or without one when the browser
says it comes from this site (Sec-Fetch-Site, else Origin). A post the browser
says comes from elsewhere is refused; one that says nothing is shown again,
text kept, with a token to send it with.
"""

import re

import pytest
from django.test import Client

from articles.models import Comment
from tests.comment_helpers import comment_form_data, fetched_tokens, hidden_value, post_url

pytestmark = pytest.mark.django_db

TEXT = "The lock keeper and the parish records agree on the date."


def fields(article, **overrides):
    return comment_form_data(
        article, name="Noor Haddad", email="noor@example.org", body=TEXT, **overrides
    )


def test_a_post_with_a_fetched_csrf_token_is_accepted(article):
    browser = Client(enforce_csrf_checks=True)
    browser.get(article.get_absolute_url())
    token = fetched_tokens(browser, article)["csrfmiddlewaretoken"]

    response = browser.post(post_url(article), fields(article, csrfmiddlewaretoken=token))

    assert response.status_code == 302
    assert Comment.objects.get().body == TEXT


def test_a_token_belonging_to_another_visitor_is_refused(article):
    someone = Client(enforce_csrf_checks=True)
    token = fetched_tokens(someone, article)["csrfmiddlewaretoken"]
    attacker = Client(enforce_csrf_checks=True)
    fetched_tokens(attacker, article)  # a CSRF cookie of their own

    response = attacker.post(post_url(article), fields(article, csrfmiddlewaretoken=token))

    assert response.status_code == 403
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "same-origin"},
        {"HTTP_ORIGIN": "http://testserver"},
    ],
)
def test_without_a_token_a_post_the_browser_says_is_from_this_site_is_accepted(article, headers):
    """A reader without JavaScript posting the shared page's form (no CSRF token)."""
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(post_url(article), fields(article), **headers)

    assert response.status_code == 302
    assert Comment.objects.get().body == TEXT


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
        # Sec-Fetch-Site wins over an Origin a non-browser could have copied.
        {"HTTP_SEC_FETCH_SITE": "cross-site", "HTTP_ORIGIN": "http://testserver"},
    ],
)
def test_a_post_the_browser_says_comes_from_elsewhere_is_refused(article, headers):
    browser = Client(enforce_csrf_checks=True)

    response = browser.post(post_url(article), fields(article), **headers)

    assert response.status_code == 403
    assert not Comment.objects.exists()


def test_a_post_with_neither_token_nor_origin_is_shown_again_with_a_token(article):
    """No proof either way (an old browser): nothing is stored, the text is kept and
    the page now carries a CSRF token, so sending it again works."""
    browser = Client(enforce_csrf_checks=True)

    first = browser.post(post_url(article), fields(article))

    assert first.status_code == 400
    html = first.content.decode()
    assert "did not say which site this form came from" in html
    assert f"{TEXT}</textarea>" in html
    assert first["Cache-Control"] == "no-store"
    assert not Comment.objects.exists()
    token = hidden_value(html, "csrfmiddlewaretoken")
    again = browser.post(post_url(article), fields(article, csrfmiddlewaretoken=token))
    assert again.status_code == 302
    assert Comment.objects.get().body == TEXT


def test_the_token_endpoint_is_private_and_knows_only_visible_pieces(article):
    browser = Client()
    response = browser.get(f"/comments/form/{article.pk}/tokens/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert re.fullmatch(r"[A-Za-z0-9]{64}", response.json()["csrfmiddlewaretoken"])

    assert browser.get(f"/comments/form/{article.pk + 1000}/tokens/").status_code == 404

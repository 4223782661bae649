"""Remember me: name, email and website are kept in a cookie only when the box is
ticked; and a refusal because comments closed still gives the text back."""

import re

import pytest
from django.test import Client

from articles.comments.cookies import REMEMBER_COOKIE
from articles.models import Comment
from tests.comment_helpers import comment_form_data, post_url
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

ME = {"name": "Hedda Berg", "email": "hedda@example.org", "url": "https://hedda.example"}


def post(client, article, **fields):
    return client.post(
        post_url(article), comment_form_data(article, body="A first remark.", **ME, **fields)
    )


def input_value(html: str, name: str) -> str | None:
    match = re.search(rf'<input [^>]*name="{name}"[^>]*>', html)
    assert match, name
    value = re.search(r'value="([^"]*)"', match.group(0))
    return value and value.group(1)


def test_without_the_box_ticked_nothing_is_remembered(client, article):
    response = post(client, article)

    assert response.status_code == 302
    assert REMEMBER_COOKIE not in response.cookies or not response.cookies[REMEMBER_COOKIE].value
    html = client.get(article.get_absolute_url()).content.decode()
    assert input_value(html, "name") is None
    assert input_value(html, "email") is None
    assert 'name="remember" id="id_remember" checked' not in html


def test_with_the_box_ticked_the_next_form_is_filled_in(client, article):
    response = post(client, article, remember="on")

    cookie = response.cookies[REMEMBER_COOKIE]
    assert cookie["httponly"]
    assert cookie["samesite"] == "Lax"
    other_piece = ArticleFactory()
    html = client.get(other_piece.get_absolute_url()).content.decode()
    assert input_value(html, "name") == "Hedda Berg"
    assert input_value(html, "email") == "hedda@example.org"
    assert input_value(html, "url") == "https://hedda.example"
    assert re.search(r'<input type="checkbox" name="remember"[^>]* checked', html)
    assert "A first remark." not in html.split('id="respond"')[1]  # the text is not kept


def test_unticking_the_box_forgets(client, article):
    post(client, article, remember="on")

    response = client.post(
        post_url(article), comment_form_data(article, body="Second remark.", **ME)
    )

    assert response.cookies[REMEMBER_COOKIE].value == ""
    html = client.get(article.get_absolute_url()).content.decode()
    assert input_value(html, "name") is None


def test_a_tampered_remember_cookie_is_ignored(article):
    browser = Client()
    browser.cookies[REMEMBER_COOKIE] = '{"name":"Mallory","email":"m@example.org"}'

    html = browser.get(article.get_absolute_url()).content.decode()

    assert "Mallory" not in html


def test_a_refused_post_does_not_set_the_cookie(client, article):
    response = client.post(
        post_url(article),
        comment_form_data(article, body="", remember="on", **ME),
    )

    assert response.status_code == 400
    assert REMEMBER_COOKIE not in response.cookies


def test_closed_comments_refuse_with_403_but_give_the_text_back(client):
    article = ArticleFactory(comments_open=False)

    response = post(client, article)

    assert response.status_code == 403
    html = response.content.decode()
    assert "Comments on this piece are closed." in html
    assert re.search(r"<textarea[^>]*readonly>A first remark.</textarea>", html)
    assert not Comment.objects.exists()

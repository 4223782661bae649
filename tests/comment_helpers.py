"""Posting comments the way the page's form does, for tests.

The form carries a signed token issued when the page was served; the view
refuses one younger than COMMENTS_MIN_FILL_SECONDS. Rather than switch that
check off, tests send a token issued a little while ago (as a person who took
ten seconds to write would), or fetch the page and read the real one.
"""

from __future__ import annotations

import re
import time

from django.urls import reverse

from articles.comments.antispam import issue_form_token

WRITING_SECONDS = 10


def form_token(article, *, age: float = WRITING_SECONDS) -> str:
    return issue_form_token(article.pk, issued_at=time.time() - age)


def comment_form_data(article, *, age: float = WRITING_SECONDS, **fields) -> dict:
    """What the form sends: the fields, an empty honeypot and a token `age` seconds old."""
    return {"token": form_token(article, age=age), "subject": "", **fields}


def post_url(article) -> str:
    return reverse("articles:post_comment", kwargs={"slug": article.slug})


def hidden_value(html: str, name: str) -> str:
    """The value of a hidden input of the page's form (e.g. the token or csrf)."""
    match = re.search(rf'<input type="hidden" name="{name}" value="([^"]*)"', html)
    assert match, f"no hidden {name} field in the page"
    return match.group(1)


def vouch_for(client, comment) -> None:
    """Give ``client`` the signed remember-me cookie a browser gets when it posts
    ``comment`` with "remember me" ticked: the browser of a returning commenter."""
    from django.http import HttpResponse
    from django.test import RequestFactory

    from articles.comments import cookies

    response = HttpResponse()
    cookies.remember_commenter(
        RequestFactory().get("/"),
        response,
        name=comment.name,
        email=comment.email,
        url=comment.url,
        comment_id=comment.pk,
    )
    client.cookies.update(response.cookies)


def give_pin_cookie(client, seconds: int = 60) -> None:
    """The signed replica pin a browser keeps for a while after a write: the page cache
    steps aside for it, and nothing else on the page changes."""
    import time as _time

    from django.http import HttpResponse

    from archive import replicas

    response = HttpResponse()
    response.set_signed_cookie(
        replicas.PIN_COOKIE, str(int(_time.time()) + seconds), salt=replicas.PIN_COOKIE_SALT
    )
    client.cookies.update(response.cookies)


def fetched_tokens(client, article) -> dict:
    """The tokens the form's script fetches when a reader starts writing on a shared
    page: ``{"token": ..., "csrfmiddlewaretoken": ...}`` (sets the CSRF cookie)."""
    response = client.get(reverse("articles:comment_form_tokens", kwargs={"pk": article.pk}))
    assert response.status_code == 200
    return response.json()

"""Who is trusted when posting a comment (issue 19 points 10 and 12).

Approval at once needs more than knowing a regular's email: the name and email
must match an approved comment that this browser posted (its signed cookies say
so). A held comment is shown to the browser that posted it, not to whoever posts
the same text with the same email.
"""

import pytest
from django.test import Client

from articles.models import Comment
from tests.comment_helpers import comment_form_data, form_token, post_url, vouch_for
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

REGULAR = {"name": "Agnes Tveit", "email": "agnes.tveit@example.org"}


@pytest.fixture
def regulars_comment(article):
    return CommentFactory(article=article, status=Comment.Status.APPROVED, **REGULAR)


def post(client, article, **fields):
    return client.post(post_url(article), comment_form_data(article, **{**REGULAR, **fields}))


def test_knowing_a_regulars_name_and_email_is_not_enough(article, regulars_comment):
    impostor = Client()

    response = post(impostor, article, body="Buy followers at shady.example today.")

    assert response.status_code == 302
    posted = Comment.objects.get(body="Buy followers at shady.example today.")
    assert posted.status == Comment.Status.PENDING
    assert "Buy followers" not in Client().get(article.get_absolute_url()).text


def test_a_signed_cookie_with_another_name_is_not_enough(article, regulars_comment):
    impostor = Client()
    vouch_for(impostor, regulars_comment)

    post(impostor, article, name="Someone Else", body="Not the regular at all.")

    assert Comment.objects.get(body="Not the regular at all.").status == Comment.Status.PENDING


def test_a_forged_cookie_is_not_enough(article, regulars_comment):
    impostor = Client()
    impostor.cookies["archive_commenter"] = (
        f'{{"name":"Agnes Tveit","email":"agnes.tveit@example.org","ids":[{regulars_comment.pk}]}}'
        ":forged:signature"
    )

    post(impostor, article, body="A forged cookie tries its luck.")

    assert Comment.objects.get(body="A forged cookie tries its luck.").status == "pending"


def test_the_regulars_own_browser_is_approved_at_once(article, regulars_comment):
    regular = Client()
    vouch_for(regular, regulars_comment)

    post(regular, article, body="Back again with a follow-up.")

    assert Comment.objects.get(body="Back again with a follow-up.").status == "approved"
    assert "Back again with a follow-up." in Client().get(article.get_absolute_url()).text


def test_a_first_comment_once_approved_makes_the_browser_a_returning_commenter(article):
    browser = Client()
    post(browser, article, body="My first comment here.")
    Comment.objects.filter(body="My first comment here.").update(status="approved")

    post(browser, article, body="My second comment here.")

    assert Comment.objects.get(body="My second comment here.").status == "approved"


def test_posting_the_same_text_with_the_same_email_does_not_reveal_a_held_comment(article):
    held_text = "My private worry about the harbour board, for the editors only."
    victim = Client()
    post(victim, article, body=held_text)
    assert Comment.objects.get(body=held_text).status == Comment.Status.PENDING

    snoop = Client()
    response = post(snoop, article, body=held_text)

    assert response.status_code == 302
    assert Comment.objects.filter(body=held_text).count() == 1
    assert held_text not in snoop.get(response["Location"]).text
    assert held_text in victim.get(article.get_absolute_url()).text  # its poster still sees it


# --- One comment per form token (point 12) --------------------------------------------


def test_one_form_token_sends_one_comment(article):
    token = form_token(article)
    sender = Client()
    first = sender.post(
        post_url(article), {**REGULAR, "token": token, "subject": "", "body": "One."}
    )
    assert first.status_code == 302

    replays = [
        Client().post(
            post_url(article),
            {
                "name": f"Bot {i}",
                "email": f"bot{i}@example.net",
                "token": token,
                "subject": "",
                "body": f"Spam {i}.",
            },
            REMOTE_ADDR=f"192.0.2.{i + 1}",
        )
        for i in range(5)
    ]

    assert {r.status_code for r in replays} == {400}
    assert "already sent a comment" in replays[0].text
    assert "Spam 0." in replays[0].text  # the text is kept for the person to resend
    assert Comment.objects.count() == 1


def test_a_refused_post_leaves_its_token_usable(article):
    token = form_token(article)
    browser = Client()
    refused = browser.post(
        post_url(article), {**REGULAR, "token": token, "subject": "", "body": ""}
    )
    assert refused.status_code == 400  # no text: nothing stored, the token is not spent

    sent = browser.post(
        post_url(article), {**REGULAR, "token": token, "subject": "", "body": "Now with text."}
    )

    assert sent.status_code == 302
    assert Comment.objects.get().body == "Now with text."


def test_used_tokens_hold_across_workers(article, transactional_db):
    """The record is in PostgreSQL: another connection (another worker) sees it at once."""
    import threading

    token = form_token(article)
    assert (
        Client()
        .post(post_url(article), {**REGULAR, "token": token, "subject": "", "body": "First."})
        .status_code
        == 302
    )
    results = []

    def other_worker():
        from django.db import connection

        try:
            results.append(
                Client()
                .post(post_url(article), {**REGULAR, "token": token, "subject": "", "body": "2nd."})
                .status_code
            )
        finally:
            connection.close()

    thread = threading.Thread(target=other_worker)
    thread.start()
    thread.join()

    assert results == [400]
    assert Comment.objects.count() == 1

"""The moderation policy (settings-driven, WordPress-like) and the editors' emails,
through the real form and view."""

import re

import pytest
from django.core import mail
from django.test import Client

from articles.models import Comment
from tests.comment_helpers import comment_form_data, post_url, vouch_for
from tests.factories import CommentFactory

pytestmark = pytest.mark.django_db

RETURNING = "returning@example.org"


@pytest.fixture
def returning_commenter(db, client):
    """An approved comment, posted from ``client``'s browser (its signed cookie says so)."""
    comment = CommentFactory(name="Oskar Lund", email=RETURNING, status=Comment.Status.APPROVED)
    vouch_for(client, comment)
    return comment


def post(client, article, REMOTE_ADDR="127.0.0.1", **fields):  # noqa: N803 - WSGI's name
    values = {
        "name": "Oskar Lund",
        "email": RETURNING,
        "body": "A fair point, well made.",
        **fields,
    }
    return client.post(
        post_url(article), comment_form_data(article, **values), REMOTE_ADDR=REMOTE_ADDR
    )


def stored(article) -> Comment:
    return Comment.objects.get(article=article)


# --- Approve, hold ---------------------------------------------------------------------


def test_a_returning_commenter_with_one_link_is_approved(client, article, returning_commenter):
    response = post(client, article, body="The data is at https://example.org/ports.")

    assert response.status_code == 302
    assert stored(article).status == Comment.Status.APPROVED


@pytest.mark.parametrize(
    "body",
    [
        "See https://example.org/a and https://example.org/b for both sides.",
        "Two sites: www.example.org and example.net both cover it.",
    ],
)
def test_two_links_hold_even_a_returning_commenter(client, article, returning_commenter, body):
    response = post(client, article, body=body)

    assert response.status_code == 302
    assert stored(article).status == Comment.Status.PENDING
    assert "awaiting moderation" in client.get(response["Location"]).content.decode()


def test_the_link_limit_is_a_setting(client, article, returning_commenter, settings):
    settings.COMMENTS_MAX_LINKS = 0

    post(client, article, body="Only one: https://example.org/ports.")

    assert stored(article).status == Comment.Status.PENDING


def test_a_hold_word_holds_a_returning_commenter(client, article, returning_commenter, settings):
    settings.COMMENTS_HOLD_WORDS = ["casino"]

    response = post(client, article, body="The old CASINO by the quay was a customs house.")

    assert response.status_code == 302
    assert stored(article).status == Comment.Status.PENDING


def test_a_hold_word_in_the_name_holds_too(client, article, returning_commenter, settings):
    settings.COMMENTS_HOLD_WORDS = ["casino"]

    post(client, article, name="Casino Bonus")

    assert stored(article).status == Comment.Status.PENDING


# --- Block lists --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "value", "fields"),
    [
        ("COMMENTS_BLOCK_WORDS", ["replica watches"], {"body": "Buy Replica Watches here."}),
        ("COMMENTS_BLOCK_EMAILS", ["Spammer@Example.com"], {"email": "spammer@example.com"}),
        ("COMMENTS_BLOCK_DOMAINS", ["spam.example"], {"email": "a@mail.spam.example"}),
        ("COMMENTS_BLOCK_DOMAINS", ["spam.example"], {"url": "https://www.spam.example/x"}),
        ("COMMENTS_BLOCK_IPS", ["203.0.113.7"], {}),
        ("COMMENTS_BLOCK_IPS", ["203.0.113.0/24"], {}),
    ],
)
def test_a_block_list_match_is_stored_as_spam_and_refused_with_403(
    client, article, settings, setting, value, fields
):
    setattr(settings, setting, value)
    body = fields.get("body", "A fair point, well made.")

    response = client.post(
        post_url(article),
        comment_form_data(
            article, **{"name": "Oskar Lund", "email": "new@example.org", "body": body, **fields}
        ),
        REMOTE_ADDR="203.0.113.7",
    )

    assert response.status_code == 403
    html = response.content.decode()
    assert "Your comment was not accepted" in html
    assert f"{body}</textarea>" in html  # the typed text is kept
    assert stored(article).status == Comment.Status.SPAM
    assert body not in Client().get(article.get_absolute_url()).content.decode()


def test_a_domain_block_does_not_catch_lookalikes(client, article, settings):
    settings.COMMENTS_BLOCK_DOMAINS = ["spam.example"]

    response = post(client, article, email="someone@notspam.example")

    assert response.status_code == 302
    assert stored(article).status == Comment.Status.PENDING


def test_a_block_list_beats_being_a_returning_commenter(
    client, article, returning_commenter, settings
):
    settings.COMMENTS_BLOCK_WORDS = ["forbidden"]

    assert post(client, article, body="Something forbidden.").status_code == 403
    assert stored(article).status == Comment.Status.SPAM


# --- Editors ------------------------------------------------------------------------------------


def test_an_editors_own_comment_is_approved_even_with_links_and_listed_words(
    staff_client, article, settings
):
    settings.COMMENTS_HOLD_WORDS = ["correction"]
    settings.COMMENTS_BLOCK_WORDS = ["forbidden"]

    response = post(
        staff_client,
        article,
        email="editor@example.org",
        body="Correction: https://a.example and https://b.example; the forbidden word stays.",
    )

    assert response.status_code == 302
    comment = stored(article)
    assert comment.status == Comment.Status.APPROVED
    assert comment.user == staff_client.user


# --- Editors are told about pending comments ----------------------------------------------------


def test_each_pending_comment_emails_the_editors(
    client, article, django_user_model, django_capture_on_commit_callbacks
):
    django_user_model.objects.create_user("ed1", "ed1@example.org", is_staff=True)
    django_user_model.objects.create_user("ed2", "ed2@example.org", is_staff=True)
    django_user_model.objects.create_user("noemail", "", is_staff=True)
    django_user_model.objects.create_user("reader", "reader@example.org", is_staff=False)

    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, email="first.timer@example.org", body="Held for a look.")

    comment = stored(article)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["ed1@example.org", "ed2@example.org"]
    assert article.title in message.subject
    assert "Held for a look." in message.body
    assert "first.timer@example.org" in message.body
    assert re.search(
        rf"http://testserver/admin/articles/comment/{comment.pk}/change/", message.body
    )
    assert "Website: (none)" in message.body
    assert "IP address: 127.0.0.1" in message.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(
            client,
            article,
            email="second.timer@example.org",
            body="Another one.",
            url="https://second.example",
        )
    assert "Website: https://second.example" in mail.outbox[0].body


def test_a_long_titles_email_subject_is_cut_at_200_characters(
    client, article, django_user_model, django_capture_on_commit_callbacks, settings
):
    django_user_model.objects.create_user("ed1", "ed1@example.org", is_staff=True)
    article.title = "A very long title " + "and more " * 30
    article.save()

    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, email="first.timer@example.org")

    subject = mail.outbox[0].subject
    full = f"[{settings.SITE_NAME}] Comment awaiting moderation: {article.title}"
    assert len(full) > 200
    assert subject == full[:200]


def test_approved_and_refused_comments_send_no_email(
    client,
    article,
    returning_commenter,
    django_user_model,
    django_capture_on_commit_callbacks,
    settings,
):
    django_user_model.objects.create_user("ed1", "ed1@example.org", is_staff=True)
    settings.COMMENTS_BLOCK_WORDS = ["forbidden"]

    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, body="Approved at once.")
        post(client, article, body="Something forbidden.")

    assert mail.outbox == []


def test_notify_emails_setting_replaces_the_staff_list(
    client, article, django_user_model, django_capture_on_commit_callbacks, settings
):
    django_user_model.objects.create_user("ed1", "ed1@example.org", is_staff=True)
    settings.COMMENTS_NOTIFY_EMAILS = ["moderators@example.org"]

    with django_capture_on_commit_callbacks(execute=True):
        post(client, article, email="first.timer@example.org")

    assert [m.to for m in mail.outbox] == [["moderators@example.org"]]


def test_a_failing_mail_server_loses_no_comment(
    client, article, django_user_model, django_capture_on_commit_callbacks, settings, caplog
):
    django_user_model.objects.create_user("ed1", "ed1@example.org", is_staff=True)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2

    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, article, email="first.timer@example.org")

    assert response.status_code == 302
    assert stored(article).status == Comment.Status.PENDING
    assert "could not email editors" in caplog.text


# --- Signed-in readers who are not editors -------------------------------------------------------


@pytest.fixture
def signed_in_reader(db, django_user_model):
    reader = django_user_model.objects.create_user("reader", "reader@example.org", "tide-pool-42")
    client = Client()
    client.force_login(reader)
    return client


def test_a_signed_in_reader_who_is_not_an_editor_waits_like_anyone(signed_in_reader, article):
    response = post(
        signed_in_reader, article, email="reader@example.org", body="My first remark here."
    )

    assert response.status_code == 302
    assert stored(article).status == Comment.Status.PENDING
    assert "My first remark here." not in Client().get(article.get_absolute_url()).content.decode()


def test_a_signed_in_reader_who_is_not_an_editor_meets_the_block_list(
    signed_in_reader, article, settings
):
    settings.COMMENTS_BLOCK_WORDS = ["forbidden"]

    response = post(
        signed_in_reader, article, email="reader@example.org", body="The forbidden word again."
    )

    assert response.status_code == 403
    assert "Your comment was not accepted" in response.content.decode()
    assert stored(article).status == Comment.Status.SPAM


def test_a_comment_without_a_known_address_is_moderated_normally(client, article, settings):
    """A front end on a unix socket sends no client address: that is no reason to block."""
    settings.COMMENTS_BLOCK_IPS = ["203.0.113.0/24"]

    response = client.post(
        post_url(article),
        comment_form_data(article, name="Nadia", email="nadia@example.org", body="Hello there."),
        REMOTE_ADDR="",
    )

    assert response.status_code == 302
    comment = stored(article)
    assert comment.status == Comment.Status.PENDING
    assert comment.ip is None


def test_a_malformed_block_list_entry_is_skipped_and_the_rest_still_apply(
    client, article, settings, caplog
):
    # The second entry is written with its host bits set, as people do: still a /24.
    settings.COMMENTS_BLOCK_IPS = ["not-a-network", "203.0.113.9/24"]

    blocked = post(client, article, body="From the blocked range.", REMOTE_ADDR="203.0.113.7")
    allowed = post(Client(), article, body="From elsewhere.", REMOTE_ADDR="198.51.100.1")

    assert blocked.status_code == 403
    assert allowed.status_code == 302
    assert "'not-a-network' is not an address or network" in caplog.text

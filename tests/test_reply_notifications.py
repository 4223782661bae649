"""Replies that reach the reader: opt in, confirm, receive, unsubscribe, against a real
SMTP server (aiosmtpd) this test starts on a free local port."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import re
import socket
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from articles.models import Comment, Notice, ReplySubscription
from articles.notifications import service
from tests.comment_helpers import comment_form_data, post_url
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db


class Inbox:
    """aiosmtpd handler: every message the server accepts, parsed."""

    def __init__(self):
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 OK"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_TIMEOUT = 5
    # Editors' moderation mail goes elsewhere; this inbox is the commenter's.
    settings.COMMENTS_NOTIFY_EMAILS = []
    inbox.controller = controller
    yield inbox
    controller.stop()


def body_of(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def link(message, kind: str) -> str:
    match = re.search(rf"https?://\S+/notifications/{kind}/\S+/", body_of(message))
    assert match, body_of(message)
    return urlsplit(match.group(0)).path


def post_comment(client, article, **fields) -> Comment:
    fields = {
        "name": "Mirjam Sau",
        "email": "Mirjam@Example.org",
        "body": "A first remark.",
    } | fields
    data = comment_form_data(article, **fields)
    response = client.post(post_url(article), data)
    assert response.status_code == 302, response.content.decode()[:500]
    return Comment.objects.latest("pk")


def deliver() -> tuple[int, int]:
    return service.deliver()


def test_confirm_receive_unsubscribe_then_nothing_more(client, smtp):
    article = ArticleFactory(title="On lighthouse keepers")
    mine = post_comment(client, article, notify="on")

    # Held for moderation: the site mails nobody about a comment nobody approved.
    assert deliver() == (0, 0)
    assert smtp.messages == []

    mine.status = Comment.Status.APPROVED
    mine.save()
    call_command("deliver_notifications")  # the worker's pass

    [confirmation] = smtp.messages
    assert confirmation["To"] == "mirjam@example.org"
    assert "On lighthouse keepers" in confirmation["Subject"]
    assert confirmation["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/notifications/unsubscribe/" in confirmation["List-Unsubscribe"]

    # Opening the link (as a mail scanner would) confirms nothing; the button does.
    confirm_path = link(confirmation, "confirm")
    page = Client().get(confirm_path)
    assert "Yes, email me replies" in page.content.decode()
    assert ReplySubscription.objects.get().confirmed_at is None
    page = Client().post(confirm_path)
    assert "Confirmed." in page.content.decode()

    reply = CommentFactory(
        article=article, parent=mine, name="Tanel Org", body="The keepers kept ledgers too."
    )
    assert len(smtp.messages) == 1  # never sent from the request or the save
    assert deliver() == (1, 0)

    notice = smtp.messages[1]
    assert notice["Subject"].strip().startswith("Tanel Org replied")
    assert "The keepers kept ledgers too." in body_of(notice)
    assert f"/comments/{reply.pk}/" in body_of(notice)
    assert notice["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert deliver() == (0, 0)  # sent once

    # One click from the mail client: a POST without any CSRF token.
    unsubscribe_url = str(notice["List-Unsubscribe"]).strip().strip("<>")
    response = Client(enforce_csrf_checks=True).post(
        urlsplit(unsubscribe_url).path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert "We will send no more mail" in response.content.decode()

    CommentFactory(article=article, parent=mine, name="Ulla Kivi", body="And another.")
    assert deliver() == (0, 0)
    assert len(smtp.messages) == 2


def test_a_dead_mail_server_loses_nothing_and_the_notice_is_retried(client, smtp, settings):
    article = ArticleFactory()
    mine = post_comment(client, article, notify="on")
    subscription = ReplySubscription.objects.get(comment=mine)
    subscription.confirmed_at = timezone.now()
    subscription.save()
    mine.status = Comment.Status.APPROVED
    mine.save()
    CommentFactory(article=article, parent=mine, body="A reply while the mail is down.")

    live_port = settings.EMAIL_PORT
    settings.EMAIL_PORT = free_port()  # nothing listens there
    assert deliver() == (0, 1)
    notice = Notice.objects.get(kind=Notice.Kind.REPLY)
    assert notice.status == Notice.Status.QUEUED
    assert notice.attempts == 1
    assert "Error" in notice.last_error
    assert notice.next_attempt_at > timezone.now()

    settings.EMAIL_PORT = live_port
    assert service.send_due() == (0, 0)  # not due yet: it waits before retrying
    later = timezone.now() + dt.timedelta(minutes=5)
    assert service.send_due(now=later) == (1, 0)
    assert "A reply while the mail is down." in body_of(smtp.messages[-1])


def test_no_opt_in_no_mail_and_no_mail_about_ones_own_reply(client, smtp):
    article = ArticleFactory()
    silent = post_comment(client, article)
    subscribed = CommentFactory(article=article, email="kaur@example.org")
    ReplySubscription.objects.create(
        comment=subscribed,
        email="kaur@example.org",
        site_url="http://testserver/",
        confirmed_at=timezone.now(),
    )
    silent.status = Comment.Status.APPROVED
    silent.save()
    CommentFactory(article=article, parent=silent, body="Nobody asked to hear of this.")
    CommentFactory(
        article=article, parent=subscribed, email="KAUR@example.org", body="Talking to myself."
    )
    held = CommentFactory(
        article=article, parent=subscribed, status=Comment.Status.PENDING, body="Held back."
    )

    assert deliver() == (0, 0)
    assert smtp.messages == []

    held.status = Comment.Status.APPROVED
    held.save()
    assert deliver() == (1, 0)
    assert "Held back." in body_of(smtp.messages[0])


def test_an_address_confirmed_once_is_not_asked_again(client, smtp):
    article = ArticleFactory()
    first = post_comment(client, article, notify="on")
    ReplySubscription.objects.filter(comment=first).update(confirmed_at=timezone.now())

    second = post_comment(client, article, notify="on", body="A second remark.")

    assert ReplySubscription.objects.get(comment=second).confirmed_at is not None
    second.status = Comment.Status.APPROVED
    second.save()
    assert deliver() == (0, 0)


def test_a_bad_token_is_a_404_page(client):
    response = client.get("/notifications/unsubscribe/not-a-real-token/")

    assert response.status_code == 404

"""The messages: plain text, with a one-click unsubscribe (RFC 8058) in every one."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from articles.notifications.models import Notice


def absolute(notice: Notice, path: str) -> str:
    return notice.subscription.site_url.rstrip("/") + path


def build(notice: Notice) -> EmailMessage:
    subscription = notice.subscription
    comment = subscription.comment
    unsubscribe_url = absolute(
        notice, reverse("articles:notifications_unsubscribe", args=[subscription.token])
    )
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "article": comment.article,
        "comment": comment,
        "reply": notice.reply,
        "unsubscribe_url": unsubscribe_url,
        "confirm_url": absolute(
            notice, reverse("articles:notifications_confirm", args=[subscription.token])
        ),
        "reply_url": notice.reply
        and absolute(notice, reverse("articles:comment", args=[notice.reply.pk])),
    }
    if notice.kind == Notice.Kind.CONFIRM:
        subject = f"Confirm: email me replies on “{comment.article.title}”"
        template = "notifications/confirm.txt"
    else:
        subject = f"{notice.reply.name} replied to your comment on “{comment.article.title}”"
        template = "notifications/reply.txt"
    return EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        to=[subscription.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            # Mail servers and clients: this is an automatic message, no auto-replies.
            "Auto-Submitted": "auto-generated",
        },
    )

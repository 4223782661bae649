"""The opt-ins and the outbox of reply notifications (see the package docstring)."""

from __future__ import annotations

import secrets

from django.db import models
from django.db.models import Q
from django.utils import timezone


def new_token() -> str:
    return secrets.token_urlsafe(32)


class ReplySubscription(models.Model):
    """A commenter's wish to hear about replies to one of their comments."""

    comment = models.OneToOneField(
        "articles.Comment", on_delete=models.CASCADE, related_name="reply_subscription"
    )
    email = models.EmailField()
    # The only key to confirm or unsubscribe: links in mail carry it, nothing else.
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    # Links in mail point back to the site the comment was posted on.
    site_url = models.URLField(max_length=300)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["email"], name="reply_subscription_email_idx")]

    def __str__(self) -> str:
        return f"{self.email} on comment {self.comment_id}"

    @property
    def active(self) -> bool:
        return self.confirmed_at is not None and self.unsubscribed_at is None


class Notice(models.Model):
    """One email to send: a confirmation request or a reply. The outbox row."""

    class Kind(models.TextChoices):
        CONFIRM = "confirm", "Confirmation request"
        REPLY = "reply", "Reply"

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        CANCELLED = "cancelled", "Cancelled"

    subscription = models.ForeignKey(
        ReplySubscription, on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    reply = models.ForeignKey(
        "articles.Comment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    attempts = models.PositiveIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="queued"),
                name="notice_due_idx",
            )
        ]
        constraints = [
            # Queuing is repeated on every pass; these make it idempotent.
            models.UniqueConstraint(
                fields=["subscription"], condition=Q(kind="confirm"), name="notice_one_confirm"
            ),
            models.UniqueConstraint(
                fields=["subscription", "reply"],
                condition=Q(kind="reply"),
                name="notice_one_per_reply",
            ),
            models.CheckConstraint(
                condition=Q(kind="confirm", reply__isnull=True)
                | Q(kind="reply", reply__isnull=False),
                name="notice_reply_matches_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.subscription.email} ({self.status})"

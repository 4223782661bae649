"""Opt in, confirm, unsubscribe; queue what is due and send it (the worker's pass)."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from articles.models import Comment
from articles.notifications import mail
from articles.notifications.models import Notice, ReplySubscription

log = logging.getLogger(__name__)

# Each failed attempt waits twice as long as the last, up to a few hours; a notice
# is given up only after about two days of a dead mail server.
FIRST_RETRY = dt.timedelta(seconds=30)
LONGEST_RETRY = dt.timedelta(hours=4)
MAX_ATTEMPTS = 20
BATCH = 100


def subscribe(*, comment: Comment, site_url: str) -> ReplySubscription:
    """The poster of ``comment`` asked for replies by email.

    Nothing is mailed now: the confirmation goes out once the comment is approved
    (a held or spam comment never makes the site mail anyone). An address already
    confirmed on another comment is not asked again."""
    email = comment.email.strip().lower()
    confirmed = (
        ReplySubscription.objects.filter(email=email, confirmed_at__isnull=False)
        .exclude(unsubscribed_at__isnull=False)
        .exists()
    )
    subscription, _ = ReplySubscription.objects.get_or_create(
        comment=comment,
        defaults={
            "email": email,
            "site_url": site_url,
            "confirmed_at": timezone.now() if confirmed else None,
        },
    )
    return subscription


def confirm(token: str) -> ReplySubscription | None:
    subscription = ReplySubscription.objects.filter(token=token).first()
    if subscription is not None and subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.unsubscribed_at = None
        subscription.save(update_fields=["confirmed_at", "unsubscribed_at"])
    return subscription


def unsubscribe(token: str) -> ReplySubscription | None:
    """Stop every notice to this address: one click means "no more mail from you"."""
    subscription = ReplySubscription.objects.filter(token=token).first()
    if subscription is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        ReplySubscription.objects.filter(
            email=subscription.email, unsubscribed_at__isnull=True
        ).update(unsubscribed_at=now)
        Notice.objects.filter(
            subscription__email=subscription.email, status=Notice.Status.QUEUED
        ).update(status=Notice.Status.CANCELLED)
    subscription.refresh_from_db()
    return subscription


def queue_due() -> int:
    """Queue confirmations of approved comments and notices of approved replies.

    Repeated on every pass and idempotent (unique constraints), so every way a
    comment becomes approved (the admin, an action, an import, auto-approval) is
    covered without a hook in each."""
    confirmations = ReplySubscription.objects.filter(
        confirmed_at__isnull=True,
        unsubscribed_at__isnull=True,
        comment__status=Comment.Status.APPROVED,
    ).exclude(Exists(Notice.objects.filter(subscription=OuterRef("pk"), kind=Notice.Kind.CONFIRM)))
    notices = [
        Notice(subscription=subscription, kind=Notice.Kind.CONFIRM)
        for subscription in confirmations[:BATCH]
    ]
    replies = (
        Comment.objects.approved()
        .filter(
            parent__reply_subscription__confirmed_at__isnull=False,
            parent__reply_subscription__unsubscribed_at__isnull=True,
            created_at__gte=F("parent__reply_subscription__created_at"),
        )
        .exclude(email__iexact=F("parent__reply_subscription__email"))
        .exclude(
            Exists(
                Notice.objects.filter(
                    subscription=OuterRef("parent__reply_subscription"), reply=OuterRef("pk")
                )
            )
        )
        .values_list("pk", "parent__reply_subscription")
    )
    notices += [
        Notice(subscription_id=subscription_id, kind=Notice.Kind.REPLY, reply_id=reply_id)
        for reply_id, subscription_id in replies[:BATCH]
    ]
    Notice.objects.bulk_create(notices, ignore_conflicts=True)
    return len(notices)


def send_due(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """Send the notices that are due; returns (sent, failed). Each notice is its own
    transaction, locked so two workers never send the same mail."""
    sent = failed = 0
    for _ in range(BATCH):
        with transaction.atomic():
            notice = (
                Notice.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("subscription__comment__article", "reply")
                .filter(status=Notice.Status.QUEUED, next_attempt_at__lte=now or timezone.now())
                .order_by("next_attempt_at", "id")
                .first()
            )
            if notice is None:
                break
            if not _still_wanted(notice):
                notice.status = Notice.Status.CANCELLED
                notice.save(update_fields=["status"])
                continue
            try:
                mail.build(notice).send()
            except (smtplib.SMTPException, OSError) as exc:
                failed += 1
                _schedule_retry(notice, exc)
                continue
            notice.status = Notice.Status.SENT
            notice.sent_at = timezone.now()
            notice.attempts += 1
            notice.save(update_fields=["status", "sent_at", "attempts"])
            sent += 1
    return sent, failed


def deliver() -> tuple[int, int]:
    """One pass of the worker: queue what became due, then send it."""
    queue_due()
    return send_due()


def _still_wanted(notice: Notice) -> bool:
    subscription = notice.subscription
    if subscription.unsubscribed_at is not None:
        return False
    if notice.kind == Notice.Kind.REPLY:
        return subscription.confirmed_at is not None and (
            notice.reply.status == Comment.Status.APPROVED
        )
    return subscription.confirmed_at is None


def _schedule_retry(notice: Notice, exc: Exception) -> None:
    notice.attempts += 1
    notice.last_error = f"{type(exc).__name__}: {exc}"[:500]
    if notice.attempts >= MAX_ATTEMPTS:
        notice.status = Notice.Status.CANCELLED
    wait = min(FIRST_RETRY * 2 ** (notice.attempts - 1), LONGEST_RETRY)
    notice.next_attempt_at = timezone.now() + wait
    notice.save(update_fields=["attempts", "last_error", "status", "next_attempt_at"])
    log.warning(
        "reply notice %s not sent (attempt %s, next in %ss): %s",
        notice.pk,
        notice.attempts,
        int(wait.total_seconds()),
        notice.last_error,
        extra={"email_host": settings.EMAIL_HOST},
    )

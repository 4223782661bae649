"""The moderation policy (WordPress's, driven by settings and the admin's
moderation settings) and editor notifications.

In order: an editor's own comment is approved; a block-list match (word, email,
domain or IP) is spam; too many links or a hold-list word waits for an editor;
a returning commenter is approved; anything else waits.
"""

from __future__ import annotations

import ipaddress
import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.urls import reverse

from articles.models import Comment, ModerationSettings
from articles.rendering import comment_link_count

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Policy:
    """The lists in force: the environment's settings plus the admin's."""

    hold_words: list[str]
    block_words: list[str]
    block_emails: list[str]
    block_domains: list[str]
    block_ips: list[str]
    max_links: int


def current_policy() -> Policy:
    """One query: the editors' row (if any) merged with the settings."""
    row = ModerationSettings.objects.filter(pk=1).first()
    lines = ModerationSettings.lines

    def merged(setting: list[str], field: str) -> list[str]:
        return [*setting, *(lines(getattr(row, field)) if row else [])]

    return Policy(
        hold_words=merged(settings.COMMENTS_HOLD_WORDS, "hold_words"),
        block_words=merged(settings.COMMENTS_BLOCK_WORDS, "block_words"),
        block_emails=merged(settings.COMMENTS_BLOCK_EMAILS, "block_emails"),
        block_domains=merged(settings.COMMENTS_BLOCK_DOMAINS, "block_domains"),
        block_ips=merged(settings.COMMENTS_BLOCK_IPS, "block_ips"),
        max_links=(
            row.max_links
            if row is not None and row.max_links is not None
            else settings.COMMENTS_MAX_LINKS
        ),
    )


def _contains_any(words: list[str], *texts: str) -> bool:
    haystack = "\n".join(texts).casefold()
    return any(word.strip().casefold() in haystack for word in words if word.strip())


def _domain_blocked(host: str, domains: list[str]) -> bool:
    host = host.strip().lower().rstrip(".")
    for domain in domains:
        domain = domain.strip().lower().lstrip("@").rstrip(".")
        if domain and (host == domain or host.endswith("." + domain)):
            return True
    return False


def _ip_blocked(ip: str | None, entries: list[str]) -> bool:
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for entry in entries:
        try:
            if address in ipaddress.ip_network(entry.strip(), strict=False):
                return True
        except ValueError:
            logger.warning("blocked IPs: %r is not an address or network", entry)
    return False


def is_blocked(
    *, name: str, email: str, url: str, body: str, ip: str | None, policy: Policy
) -> bool:
    email = email.strip().lower()
    if email in {e.strip().lower() for e in policy.block_emails}:
        return True
    if _domain_blocked(email.rpartition("@")[2], policy.block_domains):
        return True
    if url and _domain_blocked(urlsplit(url).hostname or "", policy.block_domains):
        return True
    if _ip_blocked(ip, policy.block_ips):
        return True
    return _contains_any(policy.block_words, name, email, url, body)


def needs_a_look(*, name: str, email: str, url: str, body: str, policy: Policy) -> bool:
    """Held whoever posts it: many links, or a word editors want to see first."""
    if comment_link_count(body) > policy.max_links:
        return True
    return _contains_any(policy.hold_words, name, email, url, body)


def moderation_status(
    *,
    name: str,
    email: str,
    url: str,
    body: str,
    ip: str | None = None,
    user=None,
    own_ids: Sequence[int] = (),
) -> str:
    if user is not None and user.is_authenticated and user.is_staff:
        return Comment.Status.APPROVED
    policy = current_policy()
    if is_blocked(name=name, email=email, url=url, body=body, ip=ip, policy=policy):
        return Comment.Status.SPAM
    if needs_a_look(name=name, email=email, url=url, body=body, policy=policy):
        return Comment.Status.PENDING
    if is_known_commenter(name=name, email=email, own_ids=own_ids):
        return Comment.Status.APPROVED
    return Comment.Status.PENDING


def is_known_commenter(*, name: str, email: str, own_ids: Sequence[int]) -> bool:
    """An approved comment with this name and email (as WordPress asks), posted from
    this browser: ``own_ids`` come from its signed cookies. A name is public and an
    email can be guessed, so a match on them alone would let anyone who knows a
    regular's address post unmoderated."""
    if not own_ids:
        return False
    return (
        Comment.objects.approved()
        .filter(pk__in=list(own_ids), email__iexact=email.strip(), name__iexact=name.strip())
        .exists()
    )


# --- Telling editors -----------------------------------------------------------------


def editor_recipients() -> list[str]:
    if settings.COMMENTS_NOTIFY_EMAILS:
        return list(settings.COMMENTS_NOTIFY_EMAILS)
    users = get_user_model().objects.filter(is_staff=True, is_active=True).exclude(email="")
    return sorted(set(users.values_list("email", flat=True)))


def notify_editors(comment: Comment, *, site_url: str = "") -> None:
    """One email per pending comment. A mail server that fails is logged: the
    comment is already stored and shows in the admin's pending queue anyway."""
    recipients = editor_recipients()
    if not recipients:
        return
    base = site_url.rstrip("/")
    admin_link = base + reverse("admin:articles_comment_change", args=[comment.pk])
    queue_link = base + reverse("admin:articles_comment_changelist")  # opens on Pending
    article = comment.article
    message = "\n".join(
        [
            f"A comment on “{article.title}” is waiting for moderation.",
            "",
            f"From: {comment.name} <{comment.email}>",
            f"Website: {comment.url or '(none)'}",
            f"IP address: {comment.ip or '(unknown)'}",
            "",
            comment.body,
            "",
            f"Approve, mark as spam or remove it: {admin_link}",
            f"Everything waiting: {queue_link}",
        ]
    )
    subject = f"[{settings.SITE_NAME}] Comment awaiting moderation: {article.title}"
    try:
        send_mail(subject[:200], message, None, recipients)
    except (OSError, smtplib.SMTPException):
        logger.exception("could not email editors about comment %s", comment.pk)

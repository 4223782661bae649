"""The moderation lists editors keep in the admin (the environment's still apply)."""

from __future__ import annotations

from django.db import models

LINES_HELP = "One entry a line; case does not matter."


class ModerationSettings(models.Model):
    """One row: the word lists and link limit editors change without a deploy.

    Entries here are added to the COMMENTS_* settings from the environment, so an
    operator's list cannot be emptied from the admin; the link limit here, when
    set, replaces the environment's.
    """

    hold_words = models.TextField(
        "hold for moderation when containing", blank=True, help_text=LINES_HELP
    )
    block_words = models.TextField("block (spam) when containing", blank=True, help_text=LINES_HELP)
    block_emails = models.TextField("blocked email addresses", blank=True, help_text=LINES_HELP)
    block_domains = models.TextField(
        "blocked domains",
        blank=True,
        help_text="Email or website domains, one a line; their subdomains are blocked too.",
    )
    block_ips = models.TextField(
        "blocked IP addresses",
        blank=True,
        help_text="Addresses or networks (203.0.113.0/24), one a line.",
    )
    max_links = models.PositiveSmallIntegerField(
        "hold when a comment has more links than",
        null=True,
        blank=True,
        help_text="Empty: the COMMENTS_MAX_LINKS setting. WordPress holds at 2.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "comment moderation settings"
        verbose_name_plural = "comment moderation settings"

    def __str__(self) -> str:
        return "Comment moderation settings"

    @staticmethod
    def lines(text: str) -> list[str]:
        return [line.strip() for line in text.splitlines() if line.strip()]

"""Comment tables beside Comment itself (imported by articles.models)."""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class UsedFormToken(models.Model):
    """A comment form token that has sent a comment: each form sends one.

    Kept in the database rather than a cache: the claim is part of the comment's own
    transaction (a post that fails leaves the token usable), every worker sees it,
    and no cache eviction can make a token good again. Rows older than a token's
    lifetime are deleted as new ones come in.
    """

    digest = models.CharField(max_length=64, primary_key=True)
    used_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["used_at"], name="used_form_token_used_at_idx")]

    def __str__(self) -> str:
        return f"form token {self.digest[:12]}… used {self.used_at:%Y-%m-%d %H:%M}"

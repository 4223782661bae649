"""Counters every web worker shares when no dedicated Redis is configured.

One row per counter: flood control and the admin sign-in lockout count here
(archive/counters.py), so the count holds across workers and machines and no
page written to a cache can push it out. Expired rows are dead weight, deleted
now and then by the same module.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone


class CounterQuerySet(models.QuerySet):
    def live(self):
        return self.filter(expires_at__gt=timezone.now())

    def sign_in_failures(self):
        return self.filter(key__startswith=SIGN_IN_PREFIX)


SIGN_IN_PREFIX = "admin-login/"


class Counter(models.Model):
    key = models.CharField(max_length=255, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField()

    objects = CounterQuerySet.as_manager()

    class Meta:
        ordering = ["-expires_at"]
        indexes = [models.Index(fields=["expires_at"], name="archive_counter_expires_idx")]

    def __str__(self) -> str:
        return f"{self.key} = {self.count}"


class SignInFailures(Counter):
    """Failed admin sign-ins per (address, user name) and per address, for editors."""

    class Meta:
        proxy = True
        verbose_name = "sign-in lockout"
        verbose_name_plural = "sign-in lockouts"

    @property
    def parts(self) -> list[str]:
        # admin-login/<kind>/<address>[/<user name>]: user names may hold a "/".
        return self.key.split("/", 3)[1:] + [""] * 3

    @property
    def kind(self) -> str:
        return {"user": "user name from address", "address": "any name from address"}.get(
            self.parts[0], self.parts[0]
        )

    @property
    def address(self) -> str:
        return self.parts[1]

    @property
    def username(self) -> str:
        return self.parts[2]

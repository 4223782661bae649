"""A background import or export an editor started in the admin, and how it went."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse


class TransferJob(models.Model):
    class Kind(models.TextChoices):
        IMPORT = "import", "Import"
        EXPORT = "export", "Export"

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Running"
        DONE = "done", "Finished"
        FAILED = "failed", "Finished with failures"

    kind = models.CharField(max_length=6, choices=Kind.choices)
    status = models.CharField(max_length=7, choices=Status.choices, default=Status.QUEUED)
    format = models.CharField(max_length=5, default="auto")
    # The upload (import) or the file written (export), under TRANSFERS_DIR.
    file_name = models.CharField(max_length=255, blank=True)
    stored_path = models.CharField(max_length=500, blank=True)
    article_ids = models.JSONField(default=list, blank=True)  # an export's selection
    publication = models.CharField(max_length=200, blank=True)  # an import's, if given
    progress = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(null=True, blank=True)
    current = models.CharField(max_length=300, blank=True)  # what it is working on
    summary = models.TextField(blank=True)  # the command's summary table
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = "import or export"
        verbose_name_plural = "imports and exports"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind__in=["import", "export"]), name="transfer_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.file_name or self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("admin:articles_transferjob_change", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

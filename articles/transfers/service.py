"""Start the admin's imports and exports: store the upload, queue the job.

The worker then runs it (articles/transfers/jobs.py).
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.text import get_valid_filename

from articles.transfers.jobs import job_dir
from articles.transfers.models import TransferJob
from articles.transfers.tasks import run_transfer

UPLOAD_SUFFIXES = {".xml", ".wxr", ".zip", ".jsonl", ".txt", ".md", ".text"}


class UploadRefused(ValueError):
    """The upload cannot be imported; the message says why."""


def start_import(*, upload, user, publication: str = "") -> TransferJob:
    """Store the upload and queue its import; the job is queued once committed."""
    name = get_valid_filename(Path(upload.name).name) or "upload"
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise UploadRefused(
            "Upload a WordPress export (.xml), a zip of text files (.zip), "
            "a JSON lines file (.jsonl) or a text file (.txt, .md)."
        )
    if upload.size > settings.TRANSFERS_MAX_UPLOAD_MB * 1024 * 1024:
        raise UploadRefused(f"The file is larger than {settings.TRANSFERS_MAX_UPLOAD_MB} MB.")
    with transaction.atomic():
        job = TransferJob.objects.create(
            kind=TransferJob.Kind.IMPORT,
            file_name=name,
            created_by=user,
            publication=publication[:200],
        )
        folder = job_dir(job)
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / name
        with target.open("wb") as out:
            for chunk in upload.chunks():
                out.write(chunk)
        job.stored_path = str(target)
        job.save(update_fields=["stored_path"])
        transaction.on_commit(lambda: _enqueue(job))
    return job


def start_export(*, article_ids: list[int], format: str, user) -> TransferJob:
    if format not in ("wxr", "jsonl"):
        raise ValueError("format must be wxr or jsonl")
    with transaction.atomic():
        job = TransferJob.objects.create(
            kind=TransferJob.Kind.EXPORT,
            format=format,
            article_ids=list(article_ids),
            total=len(article_ids),
            created_by=user,
        )
        transaction.on_commit(lambda: _enqueue(job))
    return job


def _enqueue(job: TransferJob) -> None:
    run_transfer.enqueue(job.pk)

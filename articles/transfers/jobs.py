"""Run one import or export job to its end (the background worker calls this).

An upload is imported by the same code as ``manage.py import_articles``, so
the job ends with the command's summary. A zip of text files is unpacked
first, refusing paths that leave its folder and archives that unpack to more
than TRANSFERS_MAX_UPLOAD_MB x 10.
"""

from __future__ import annotations

import os
import tempfile
import time
import uuid
import zipfile
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.utils import timezone

from articles.exporters.jsonl import export_jsonl
from articles.exporters.wxr import export_wxr
from articles.importers.service import Progress, import_paths, summary_lines
from articles.transfers.models import TransferJob

UNZIP_FACTOR = 10
PROGRESS_EVERY_SECONDS = 1.0


def job_dir(job: TransferJob) -> Path:
    return Path(settings.TRANSFERS_DIR) / f"job-{job.pk}"


class JobProgress(Progress):
    """The importer's progress, written to the job row about once a second."""

    def __init__(self, job: TransferJob):
        super().__init__(enabled=False)
        self.job = job
        self.saved = 0.0

    def update(self, count: int, current: str) -> None:
        super().update(count, current)
        now = time.monotonic()
        if now - self.saved >= PROGRESS_EVERY_SECONDS:
            self.saved = now
            TransferJob.objects.filter(pk=self.job.pk).update(progress=count, current=current[:300])


def run_job(job_id: int) -> str:
    """Run one queued job to the end; returns its final status."""
    job = TransferJob.objects.get(pk=job_id)
    if job.finished:
        return job.status  # a retried task must not import twice
    TransferJob.objects.filter(pk=job.pk).update(
        status=TransferJob.Status.RUNNING, started_at=timezone.now()
    )
    try:
        if job.kind == TransferJob.Kind.IMPORT:
            status, summary = _run_import(job)
        else:
            status, summary = _run_export(job)
    except Exception as exc:  # noqa: BLE001  (the editor sees why; nothing is half-written)
        status, summary = TransferJob.Status.FAILED, f"The job stopped: {type(exc).__name__}: {exc}"
    TransferJob.objects.filter(pk=job.pk).update(
        status=status, summary=summary, finished_at=timezone.now(), current=""
    )
    return status


def _run_import(job: TransferJob) -> tuple[str, str]:
    source = Path(job.stored_path)
    publication = job.publication
    progress = JobProgress(job)
    if source.suffix.lower() == ".zip":
        with tempfile.TemporaryDirectory(dir=source.parent) as folder:
            problems = unpack_zip(source, Path(folder))
            report = import_paths([folder], publication=publication, progress=progress)
            where = f"{folder}/"
    else:
        problems = []
        report = import_paths([source], publication=publication, progress=progress)
        where = f"{source.parent}/"
    TransferJob.objects.filter(pk=job.pk).update(progress=report.items, total=report.items)
    # Files are named as the editor knows them, not by where the server keeps them.
    lines = [line.replace(where, "") for line in summary_lines(report)]
    if problems:
        lines += ["", "Not unpacked from the zip:", *(f"  {p}" for p in problems)]
    ok = report.ok and not problems
    return (TransferJob.Status.DONE if ok else TransferJob.Status.FAILED), "\n".join(lines)


def unpack_zip(archive: Path, folder: Path) -> list[str]:
    """Unpack the regular files of ``archive`` into ``folder``; what was refused, and why."""
    problems = []
    budget = settings.TRANSFERS_MAX_UPLOAD_MB * 1024 * 1024 * UNZIP_FACTOR
    try:
        zipped = zipfile.ZipFile(archive)
    except zipfile.BadZipFile:
        raise ValueError("the upload is not a readable zip file") from None
    with zipped:
        for member in zipped.infolist():
            if member.is_dir():
                continue
            parts = PurePosixPath(member.filename.replace("\\", "/")).parts
            if member.filename.startswith("/") or ".." in parts or not parts:
                problems.append(f"{member.filename}: a path outside the zip's folder")
                continue
            budget -= member.file_size
            if budget < 0:
                problems.append(f"{member.filename}: the zip unpacks to too much; stopped here")
                break
            target = folder.joinpath(*parts)
            target.parent.mkdir(parents=True, exist_ok=True)
            with zipped.open(member) as src, target.open("wb") as out:
                while chunk := src.read(1024 * 1024):
                    out.write(chunk)
    return problems


def _run_export(job: TransferJob) -> tuple[str, str]:
    folder = job_dir(job)
    folder.mkdir(parents=True, exist_ok=True)
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    name = (
        f"archive-export-{stamp}-{uuid.uuid4().hex[:6]}.{'xml' if job.format == 'wxr' else 'jsonl'}"
    )
    target = folder / name
    started = time.monotonic()
    last = [0.0]

    def progress(count: int) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_SECONDS:
            last[0] = now
            TransferJob.objects.filter(pk=job.pk).update(progress=count)

    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as out:
            if job.format == "wxr":
                count = export_wxr(out, ids=job.article_ids, progress=progress)
            else:
                count = export_jsonl(out, ids=job.article_ids, progress=progress)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    TransferJob.objects.filter(pk=job.pk).update(
        progress=count, stored_path=str(target), file_name=name
    )
    seconds = time.monotonic() - started
    missing = len(job.article_ids) - count
    lines = [f"Export finished. {count} piece(s) in {seconds:.1f}s ({job.format}) to {name}"]
    if missing:
        lines.append(f"{missing} selected piece(s) were deleted before the export ran.")
    return TransferJob.Status.DONE, "\n".join(lines)

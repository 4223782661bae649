"""The background task: one per import or export job (run by `manage.py db_worker`)."""

from __future__ import annotations

from django_tasks import task

from articles.transfers.jobs import run_job


@task()
def run_transfer(job_id: int) -> str:
    return run_job(job_id)

"""Import and export from the admin: a background job on the real worker, with the
command's summary at the end."""

import io
import re
import zipfile

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from articles.models import Article, TransferJob
from tests.factories import ArticleFactory
from tests.test_import_duplicates import _pairs_export
from tests.transfer_helpers import run_worker_until_idle

pytestmark = pytest.mark.django_db(transaction=True)

IMPORT_URL = "/admin/articles/transferjob/import/"


@pytest.fixture(autouse=True)
def _transfers_dir(settings, tmp_path):
    settings.TRANSFERS_DIR = tmp_path / "transfers"


def upload(staff_client, name, content, **fields):
    return staff_client.post(
        IMPORT_URL, {"file": SimpleUploadedFile(name, content), "publication": "", **fields}
    )


def test_a_wordpress_upload_is_imported_by_the_worker_with_the_commands_summary(
    staff_client, tmp_path, capsys
):
    export = _pairs_export(tmp_path)

    response = upload(staff_client, "fenland.xml", export.read_bytes())

    job = TransferJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    assert job.status == TransferJob.Status.QUEUED and not Article.objects.exists()
    queued_page = staff_client.get(job.get_absolute_url()).content.decode()
    assert "Waiting for the background worker" in queued_page

    run_worker_until_idle()

    job.refresh_from_db()
    assert job.status == TransferJob.Status.DONE
    assert Article.objects.count() == 4
    page = staff_client.get(job.get_absolute_url()).content.decode()
    assert re.search(r"created\s+4", page) and "duplicate GUIDs: 2 post(s)" in page

    # The same file through the command: the same summary, line for line.
    call_command("import_articles", str(export))
    command_lines = capsys.readouterr().out.replace(f"{tmp_path}/", "").splitlines()[1:]
    upload(staff_client, "fenland.xml", export.read_bytes())
    run_worker_until_idle()
    second = TransferJob.objects.latest("id")
    assert second.summary.splitlines()[1:] == command_lines
    assert "Nothing changed" in second.summary


def test_a_zip_of_text_files_is_imported_and_unsafe_paths_are_reported(staff_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("essays/one.txt", "The first essay\n\nAbout culverts.")
        archive.writestr("essays/two.md", "The second essay\n\nAbout weirs.")
        archive.writestr("../escape.txt", "Outside\n\nNever written.")

    upload(staff_client, "essays.zip", buffer.getvalue(), publication="The Dyke Review")
    run_worker_until_idle()

    job = TransferJob.objects.get()
    assert sorted(Article.objects.values_list("title", flat=True)) == [
        "The first essay",
        "The second essay",
    ]
    assert set(Article.objects.values_list("publication__name", flat=True)) == {"The Dyke Review"}
    assert job.status == TransferJob.Status.FAILED  # it says something was left out
    assert "../escape.txt: a path outside the zip's folder" in job.summary


def test_a_file_of_another_kind_is_refused_with_a_reason_and_nothing_queued(staff_client):
    response = upload(staff_client, "photo.png", b"\x89PNG not an export")

    assert response.status_code == 200
    assert "Upload a WordPress export (.xml)" in response.content.decode()
    assert not TransferJob.objects.exists()


def test_a_broken_zip_finishes_the_job_with_the_reason(staff_client):
    upload(staff_client, "broken.zip", b"PK\x03\x04 not really")
    run_worker_until_idle()

    job = TransferJob.objects.get()
    assert job.status == TransferJob.Status.FAILED
    assert "not a readable zip file" in job.summary


def test_exporting_a_selection_writes_only_those_pieces(staff_client):
    wanted = [ArticleFactory(title="Culverts"), ArticleFactory(title="Weirs")]
    ArticleFactory(title="Not selected")

    response = staff_client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "export_wxr", "_selected_action": [a.pk for a in wanted]},
    )
    job = TransferJob.objects.get()
    assert response["Location"] == job.get_absolute_url()
    run_worker_until_idle()

    job.refresh_from_db()
    assert job.status == TransferJob.Status.DONE and "2 piece(s)" in job.summary
    download = staff_client.get(reverse("admin:articles_transferjob_download", args=[job.pk]))
    xml = b"".join(download.streaming_content).decode()
    assert "attachment" in download["Content-Disposition"]
    assert xml.count("<item>") == 2 and "Culverts" in xml and "Not selected" not in xml


def test_only_editors_who_may_add_pieces_can_import(client, django_user_model):
    viewer = django_user_model.objects.create_user("viewer", "v@example.org", "pw", is_staff=True)
    viewer.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(viewer)

    assert client.get(IMPORT_URL).status_code == 403
    response = client.post(IMPORT_URL, {"file": SimpleUploadedFile("a.txt", b"T\n\nB")})
    assert response.status_code == 403 and not TransferJob.objects.exists()


def test_an_unfinished_export_has_no_download(staff_client):
    job = TransferJob.objects.create(kind="export", format="wxr", stored_path="/etc/passwd")

    url = reverse("admin:articles_transferjob_download", args=[job.pk])
    assert staff_client.get(url).status_code == 404
    TransferJob.objects.filter(pk=job.pk).update(status="done")
    assert staff_client.get(url).status_code == 404  # outside TRANSFERS_DIR

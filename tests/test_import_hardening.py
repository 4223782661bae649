"""What an import file cannot do to the site or the machine (issue 19 point 12)."""

import os
from pathlib import Path

import pytest

from articles.importers.service import import_paths
from articles.models import Article, Publication

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(document.cookie)",
        "  JavaScript:alert(1)",
        "data:text/html,&lt;script&gt;alert(1)&lt;/script&gt;",
        "vbscript:msgbox(1)",
    ],
)
def test_a_wordpress_export_cannot_give_a_publication_a_script_link(client, tmp_path, link):
    wxr = (FIXTURES / "wxr-1.2.xml").read_text()
    original = "<link>https://tidewater.example.org</link>"
    assert original in wxr
    export = tmp_path / "export.xml"
    export.write_text(wxr.replace(original, f"<link>{link}</link>", 1))

    import_paths([export])

    publication = Publication.objects.get(name="The Tidewater Quarterly")
    assert publication.website == ""
    page = client.get(publication.get_absolute_url())
    assert page.status_code == 200
    for scheme in ("javascript:", "vbscript:", "data:"):
        assert f'href="{scheme}' not in page.text.lower()


def test_a_wordpress_exports_web_address_is_kept(tmp_path):
    import_paths([FIXTURES / "wxr-1.2.xml"])

    assert Publication.objects.get(name="The Tidewater Quarterly").website == (
        "https://tidewater.example.org"
    )


def write_piece(path: Path, title: str) -> None:
    path.write_text(f"{title}\n\nA paragraph of the piece, long enough to be a body.\n")


def test_a_folder_import_refuses_links_to_files_outside_it(tmp_path):
    secret = tmp_path / "private" / "notes.txt"
    secret.parent.mkdir()
    write_piece(secret, "Private notes never meant for the site")
    folder = tmp_path / "pieces"
    folder.mkdir()
    write_piece(folder / "ferries.txt", "Why the ferries matter")
    os.symlink(secret, folder / "innocent.txt")
    (folder / "sub").mkdir()
    os.symlink(secret.parent, folder / "sub" / "linked-folder")

    report = import_paths([folder])

    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {"Why the ferries matter"}
    refused = {Path(f.file).name for f in report.failures}
    assert "innocent.txt" in refused
    assert any("symbolic link" in f.reason for f in report.failures)


def test_a_link_inside_the_folder_is_refused_too(tmp_path):
    folder = tmp_path / "pieces"
    folder.mkdir()
    write_piece(folder / "ferries.txt", "Why the ferries matter")
    os.symlink(folder / "ferries.txt", folder / "again.txt")

    report = import_paths([folder])

    assert Article.objects.count() == 1
    assert [Path(f.file).name for f in report.failures] == ["again.txt"]

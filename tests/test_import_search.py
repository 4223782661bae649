"""Imported pieces are searchable at once, and the lexicons stay exact.

The importer writes with the search triggers deferred and indexes each batch in
a few set-based statements (articles/search/index.py), in the batch's own
transaction or, outside one, on a second connection beside the writer
(articles/importers/indexer.py); these tests hold both to what the triggers
would have produced.
"""

import shutil
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from articles.importers.records import ArticleRecord
from articles.importers.service import import_paths
from articles.importers.writer import ImportWriter
from articles.models import Article, SearchBacklog, SearchDocument
from articles.search import index as search_index
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures" / "import"


def lexicons() -> dict[str, dict[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, ndoc FROM articles_searchterm WHERE ndoc > 0")
        terms = dict(cursor.fetchall())
        cursor.execute("SELECT word, ndoc FROM articles_searchword WHERE ndoc > 0")
        words = dict(cursor.fetchall())
    return {"terms": terms, "words": words}


def recounted() -> dict[str, dict[str, int]]:
    """The lexicons counted from scratch over the index, as a full rebuild does."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat("
            "'SELECT vector FROM articles_searchdocument WHERE is_published')"
        )
        terms = dict(cursor.fetchall())
        cursor.execute(
            "SELECT word, ndoc FROM ts_stat("
            "'SELECT words FROM articles_searchdocument WHERE is_published')"
            " WHERE word ~ '^[[:alpha:]]{3,40}$'"
        )
        words = dict(cursor.fetchall())
    return {"terms": terms, "words": words}


def test_an_imported_piece_is_found_by_its_words_and_its_author(client):
    ArticleFactory(title="A piece the editors wrote by hand")  # indexed by the triggers
    import_paths([FIXTURES / "wxr-1.2.xml"])

    by_title = client.get("/search/", {"q": "Brannock ferry"}).content.decode()
    by_author = client.get("/search/", {"q": "Karamer"}).content.decode()

    assert 'href="/articles/last-ferry-brannock/"' in by_title
    assert 'href="/articles/last-ferry-brannock/"' in by_author
    assert Article.objects.count() == 4
    assert lexicons() == recounted()


def test_reimporting_a_changed_source_keeps_the_index_and_lexicons_exact(client, tmp_path):
    source = tmp_path / "site.xml"
    shutil.copy(FIXTURES / "wxr-1.2.xml", source)
    import_paths([source])
    before = lexicons()

    source.write_text(
        source.read_text().replace(
            "The last ferry to Brannock Sound", "The last ferry to Brannock Sound and Quillan"
        )
    )
    import_paths([source])

    after = lexicons()
    assert after == recounted()
    assert after["words"].get("quillan") == 1 and "quillan" not in before["words"]
    found = client.get("/search/", {"q": "quillan"}).content.decode()
    assert 'href="/articles/last-ferry-brannock/"' in found


# --- Indexing on a second connection, beside the writer -------------------------
# These tests commit (the indexer's connection cannot see into a test's transaction).


@pytest.mark.django_db(transaction=True)
def test_indexing_beside_the_writer_is_exact_and_leaves_no_backlog(client, tmp_path):
    ArticleFactory(title="A piece the editors wrote by hand")
    source = tmp_path / "site.xml"
    shutil.copy(FIXTURES / "wxr-1.2.xml", source)
    report = import_paths([source], index_beside=True, batch_size=2)

    assert report.ok and report.counts["created"] == 3
    assert SearchDocument.objects.count() == Article.objects.count() == 4
    assert not SearchBacklog.objects.exists()
    assert lexicons() == recounted()
    found = client.get("/search/", {"q": "Brannock ferry"}).content.decode()
    assert 'href="/articles/last-ferry-brannock/"' in found

    source.write_text(source.read_text().replace("Brannock Sound", "Brannock Sound and Quillan"))
    import_paths([source], index_beside=True)

    assert lexicons() == recounted()
    assert lexicons()["words"].get("quillan") == 1


@pytest.mark.django_db(transaction=True)
def test_pieces_an_interrupted_import_left_unindexed_are_indexed_by_the_next(client):
    # What a killed import leaves behind: rows committed, ids in the backlog, no documents.
    writer = ImportWriter(index=search_index.queue_documents)
    writer.add(
        ArticleRecord(
            key="left-behind",
            title="Quillan harbour dues",
            body="Tolls.",
            status="published",
            published_at=timezone.now(),
        )
    )
    writer.flush()
    piece = 'href="/articles/quillan-harbour-dues/"'
    assert not SearchDocument.objects.exists()
    assert piece not in client.get("/search/", {"q": "quillan"}).content.decode()

    import_paths([FIXTURES / "wxr-1.2.xml"], index_beside=True)

    assert not SearchBacklog.objects.exists()
    assert SearchDocument.objects.count() == Article.objects.count() == 4
    assert lexicons() == recounted()
    assert piece in client.get("/search/", {"q": "quillan harbour"}).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_failing_indexer_is_reported_and_its_pieces_stay_queued(monkeypatch):
    def broken(ids):
        raise RuntimeError("disk full")

    monkeypatch.setattr(search_index, "index_queued", broken)
    report = import_paths([FIXTURES / "wxr-1.2.xml"], index_beside=True)

    assert report.counts["created"] == 3
    assert [f.where for f in report.failures] == ["search index"]
    assert "disk full" in report.failures[0].reason
    assert SearchBacklog.objects.count() == 3

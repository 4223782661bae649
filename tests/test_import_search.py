"""Imported pieces are searchable at once, and the lexicons stay exact.

The importer writes with the search triggers deferred and indexes each batch in
a few set-based statements (articles/search/index.py); these tests hold it to
what the triggers would have produced.
"""

import shutil
from pathlib import Path

import pytest
from django.db import connection

from articles.importers.service import import_paths
from articles.models import Article
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

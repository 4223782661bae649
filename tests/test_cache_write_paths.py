"""Every write path moves the page cache's generation (issue 19 point 5).

Writes that send no model signals (the importers' COPY and bulk_update,
QuerySet.update() from a command or the shell) used to leave cached pages alone:
a piece re-imported as a draft stayed public, with its old text, until the entry
expired. Each test caches a page, writes through one path, commits, and reads
the page again as a new anonymous reader.
"""

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from archive import page_cache
from articles.models import Article, Comment
from tests.factories import ArticleFactory, CommentFactory

pytestmark = pytest.mark.django_db

OLD_TEXT = "The council's figures were wrong by a factor of ten."


def cached(client, url: str):
    """Read ``url`` until it is served from the page cache; return that answer."""
    client.get(url)
    response = client.get(url)
    assert response[page_cache.HEADER] == "hit"
    return response


def import_jsonl(tmp_path, capture, **fields) -> None:
    record = {
        "key": "jsonl:harbour-figures",
        "title": "Harbour figures",
        "slug": "harbour-figures",
        "body": OLD_TEXT,
        "status": "published",
        "published_at": "2024-03-01T09:00:00+00:00",
        **fields,
    }
    path = tmp_path / "pieces.jsonl"
    path.write_text(json.dumps(record) + "\n")
    with capture(execute=True):
        call_command("import_articles", str(path), stdout=StringIO(), stderr=StringIO())


def test_reimporting_a_piece_as_a_draft_takes_it_off_the_cached_page(
    client, tmp_path, django_capture_on_commit_callbacks
):
    import_jsonl(tmp_path, django_capture_on_commit_callbacks)
    url = Article.objects.get(import_key="jsonl:harbour-figures").get_absolute_url()
    assert OLD_TEXT in cached(client, url).text
    home = cached(client, reverse("articles:home"))
    assert "Harbour figures" in home.text

    import_jsonl(
        tmp_path, django_capture_on_commit_callbacks, status="draft", body="Withdrawn for now."
    )

    assert client.get(url).status_code == 404
    assert "Harbour figures" not in client.get(reverse("articles:home")).text


def test_imported_comments_show_on_the_cached_page(
    client, tmp_path, django_capture_on_commit_callbacks
):
    import_jsonl(tmp_path, django_capture_on_commit_callbacks)
    url = Article.objects.get(import_key="jsonl:harbour-figures").get_absolute_url()
    cached(client, url)

    comment = {
        "key": "jsonl:harbour-figures#1",
        "name": "Oda Brekke",
        "email": "oda@example.org",
        "body": "The port authority published a correction last spring.",
        "created_at": "2024-03-02T10:00:00+00:00",
        "status": "approved",
    }
    import_jsonl(tmp_path, django_capture_on_commit_callbacks, comments=[comment])

    assert "published a correction last spring" in client.get(url).text


def test_queryset_update_from_a_command_or_the_shell_moves_the_generation(
    client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(body=OLD_TEXT)
    assert OLD_TEXT in cached(client, article.get_absolute_url()).text

    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)

    assert client.get(article.get_absolute_url()).status_code == 404


def test_bulk_moderation_update_shows_on_the_cached_page(
    client, django_capture_on_commit_callbacks
):
    comment = CommentFactory(status=Comment.Status.APPROVED, body="Spam that slipped through.")
    url = comment.article.get_absolute_url()
    assert "Spam that slipped through." in cached(client, url).text

    with django_capture_on_commit_callbacks(execute=True):
        Comment.objects.filter(pk=comment.pk).update(status=Comment.Status.REMOVED)

    assert "Spam that slipped through." not in client.get(url).text


def test_admin_bulk_unpublish_takes_the_piece_off_the_cached_page(
    client, staff_client, django_capture_on_commit_callbacks
):
    article = ArticleFactory(body=OLD_TEXT)
    cached(client, article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "unpublish", "_selected_action": [str(article.pk)]},
        )

    assert client.get(article.get_absolute_url()).status_code == 404
